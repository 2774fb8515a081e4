import { pause } from '../shared/pause.js';
import type { ShardRow, StorageEngine, StreamRow } from '../storage/engine.js';
import type { ShardWatcher } from './shard-watcher.js';

export interface FollowOptions {
  readonly tableName: string;
  /** latest: only records written from now on; trim-horizon: every retained record first. */
  readonly from: 'latest' | 'trim-horizon';
  readonly signal: AbortSignal;
  /** Called in order per shard (parents before children) with each stored record, its sequence number, shard and stream. */
  onRecord(json: string, sequence: bigint, shardId: string, stream: StreamRow): void;
  /**
   * Called with the stream's label once its position on every shard is taken (a record written from then on is
   * followed, `from` latest too), and again when a newer stream replaces it.
   */
  onStream?(label: string): void;
}

/** How long a wait lasts before the shard list is read again (new children after a rotation). */
const RESCAN_MS = 1000;
const BATCH = 1000;

/**
 * Follows a table's newest stream across all its shards until aborted — the records of each shard in
 * order, a parent's before its children's — and moves on to a newer stream when the table gets one.
 * Waiting is ShardWatcher's: no poll interval while records are flowing. Resolves false when the table
 * has no stream at all.
 */
export async function followTableStream(engine: StorageEngine, watcher: ShardWatcher, options: FollowOptions): Promise<boolean> {
  let stream = await newestStream(engine, options.tableName);
  if (!stream) return false;
  let firstPass = true;
  while (!options.signal.aborted) {
    await followOne(engine, watcher, stream, firstPass ? options.from : 'trim-horizon', options);
    firstPass = false;
    // The stream is closed and drained: wait for the table to get a newer one.
    for (;;) {
      if (options.signal.aborted) return true;
      const newer = await newestStream(engine, options.tableName);
      if (newer && newer.id !== stream.id) {
        stream = newer;
        break;
      }
      await pause(RESCAN_MS, options.signal);
    }
  }
  return true;
}

async function followOne(
  engine: StorageEngine,
  watcher: ShardWatcher,
  stream: StreamRow,
  from: 'latest' | 'trim-horizon',
  options: FollowOptions,
): Promise<void> {
  const positions = new Map<string, bigint>();
  const done = new Set<string>();
  let initial = true;
  while (!options.signal.aborted) {
    const found = await engine.getStream(stream.tableName, stream.label);
    if (!found) return;
    for (const shard of found.shards) {
      if (positions.has(shard.shardId)) continue;
      const start = shard.trimmedThrough ?? shard.startingSequence - 1n;
      positions.set(shard.shardId, initial && from === 'latest' ? (shard.lastSequence ?? start) : start);
    }
    // Not before: a record written between `ready` and this listing would fall before a latest position.
    if (initial) options.onStream?.(stream.label);
    initial = false;
    const known = new Set(found.shards.map((s) => s.shardId));
    const ready = found.shards.filter(
      (s) => !done.has(s.shardId) && (s.parentShardId === undefined || !known.has(s.parentShardId) || done.has(s.parentShardId)),
    );
    let progressed = false;
    for (const shard of ready) {
      progressed = (await drain(engine, stream, shard, positions, options)) || progressed;
      if (shard.endingSequence !== undefined && positions.get(shard.shardId)! >= shard.endingSequence) {
        done.add(shard.shardId);
        progressed = true;
      }
    }
    if (found.shards.every((s) => done.has(s.shardId))) return;
    if (progressed) continue;
    await waitForAny(watcher, stream.id, ready.filter((s) => s.endingSequence === undefined), positions, options.signal);
  }
}

/** Reads everything a shard has after its position; true when anything was read. */
async function drain(
  engine: StorageEngine,
  stream: StreamRow,
  shard: ShardRow,
  positions: Map<string, bigint>,
  options: FollowOptions,
): Promise<boolean> {
  let any = false;
  for (;;) {
    const after = positions.get(shard.shardId)!;
    const records = await engine.readShard({ streamId: stream.id, shardId: shard.shardId, after, limit: BATCH });
    if (records.length === 0 || options.signal.aborted) return any;
    for (const record of records) options.onRecord(record.json, record.sequence, shard.shardId, stream);
    positions.set(shard.shardId, records[records.length - 1]!.sequence);
    any = true;
  }
}

async function waitForAny(
  watcher: ShardWatcher,
  streamId: number,
  shards: readonly ShardRow[],
  positions: Map<string, bigint>,
  signal: AbortSignal,
): Promise<void> {
  // An abort during the caller's reads happened before onAbort listens: it would never reach `stop`.
  if (signal.aborted) return;
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const waits = shards.map((shard) =>
      watcher.read({ streamId, shardId: shard.shardId, after: positions.get(shard.shardId)!, limit: 1, signal: stop.signal, timeoutMs: RESCAN_MS }),
    );
    if (waits.length === 0) await pause(RESCAN_MS, stop.signal);
    else await Promise.race(waits);
  } finally {
    stop.abort();
    signal.removeEventListener('abort', onAbort);
  }
}

async function newestStream(engine: StorageEngine, tableName: string): Promise<StreamRow | undefined> {
  const streams = (await engine.listStreams()).filter((s) => s.tableName === tableName);
  return streams.at(-1);
}
