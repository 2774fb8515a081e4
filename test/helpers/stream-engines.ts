import type { ItemKey, ShardRow, StorageEngine, TableStreamSpec } from '../../src/storage/engine.js';
import { encodeKeyValue, partitionHash } from '../../src/storage/key-encoding.js';
import { openPostgresEngine } from '../../src/storage/postgres/postgres-engine.js';
import { openSqliteEngine } from '../../src/storage/sqlite/sqlite-engine.js';
import type { StoreOpeners } from './store-contract.js';

/**
 * For the stream contract tests (src/storage/engine-stream*.contract.test.ts): an engine with a clock the
 * test sets, on either engine, and one-line writes and reads.
 */
export interface ClockedEngine {
  readonly engine: StorageEngine;
  readonly clock: { now: number };
}

export const T0 = 1_700_000_000_000;

export const CLOCKED_ENGINE_OPENERS: StoreOpeners<ClockedEngine> = {
  sqlite(path) {
    const clock = { now: T0 };
    const engine = openSqliteEngine({ path, now: () => clock.now });
    return { store: { engine, clock }, close: () => engine.close() };
  },
  async postgres(url) {
    const clock = { now: T0 };
    const engine = await openPostgresEngine({ url, now: () => clock.now });
    return { store: { engine, clock }, close: () => engine.close() };
  },
};

/** Puts `{"v":<value>}` under `pk`, with a stream record `{"pk":…,"v":…}` unless `record` is false. */
export function put(engine: StorageEngine, tableId: number, pk: string, value: number, options: { record?: boolean; hash?: number } = {}): Promise<void> {
  const key = keyOf(pk, options.hash);
  const json = `{"v":${value}}`;
  const record = options.record === false ? undefined : { hash: key.hash, json: JSON.stringify({ pk, v: value }) };
  return engine.writeItems({
    targets: [{ tableId, key }],
    decide: () => ({ mutations: [{ target: 0, item: { json, size: json.length }, ...(record && { record }) }], result: undefined }),
  });
}

/** Every record of every shard of the stream, in shard creation then sequence order. */
export async function records(engine: StorageEngine, tableName: string, label: string): Promise<{ shardId: string; sequence: bigint; json: string }[]> {
  const found = await engine.getStream(tableName, label);
  const all = [];
  for (const shard of found?.shards ?? []) {
    const read = await engine.readShard({ streamId: found!.stream.id, shardId: shard.shardId, limit: 1000 });
    all.push(...read.map((r) => ({ shardId: shard.shardId, sequence: r.sequence, json: r.json })));
  }
  return all;
}

export async function shards(engine: StorageEngine, tableName: string, label: string): Promise<ShardRow[]> {
  return (await engine.getStream(tableName, label))?.shards ?? [];
}

export const spec = (label: string, more: Partial<TableStreamSpec> = {}): TableStreamSpec => ({
  label,
  enabled: true,
  meta: { viewType: 'NEW_IMAGE' },
  ...more,
});

/** A key whose hash is `hash` when given (the engine never recomputes it). */
export function keyOf(pk: string, hash?: number): ItemKey {
  const partition = encodeKeyValue({ S: pk });
  return { hash: hash ?? partitionHash(partition), partition, sort: new Uint8Array(0) };
}

export const SHARD_ID = /^shardId-\d{20}-[0-9a-f]{8}$/;
export const TEN_TO_THE_20 = 10n ** 20n;
