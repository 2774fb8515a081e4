import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { encodeKeyValue, partitionHash } from '../storage/key-encoding.js';
import { openSqliteEngine, type SqliteEngine } from '../storage/sqlite/sqlite-engine.js';
import type { ShardRow, StorageEngine } from '../storage/engine.js';
import { ShardWatcher } from './shard-watcher.js';

/** The subscription API on the real SQLite engine: reads resolve on append, not on a timer. */
describe('ShardWatcher', () => {
  let engine: SqliteEngine;
  let watcher: ShardWatcher;
  let streamId: number;
  let shards: ShardRow[];
  let tableId: number;

  before(async () => {
    engine = openSqliteEngine({ path: ':memory:' });
    const table = await engine.createTable('Watched', {}, { label: '2026-01-01T00:00:00.000', enabled: true, shardCount: 2, meta: {} });
    tableId = table!.id;
    const found = await engine.getStream('Watched', '2026-01-01T00:00:00.000');
    streamId = found!.stream.id;
    shards = found!.shards;
    watcher = new ShardWatcher(engine);
  });
  after(async () => {
    watcher.close();
    await engine.close();
  });

  /** Writes one item whose partition hash is `hash` (so the test picks the shard) with a record. */
  const write = (pk: string, hash: number) =>
    engine.writeItems({
      targets: [{ tableId, key: { hash, partition: encodeKeyValue({ S: pk }), sort: new Uint8Array(0) } }],
      decide: () => ({
        mutations: [{ target: 0, item: { json: `{"pk":{"S":"${pk}"}}`, size: 3 }, record: { hash, json: `{"pk":"${pk}","SizeBytes":1}` } }],
        result: undefined,
      }),
    });
  const inFirst = () => shards[0]!.hashFrom;
  const inSecond = () => shards[1]!.hashFrom;
  const newest = async (shard: ShardRow) =>
    (await engine.getStream('Watched', '2026-01-01T00:00:00.000'))!.shards.find((s) => s.shardId === shard.shardId)!.lastSequence ??
    shard.startingSequence - 1n;

  it('answers at once when records exist after the position', async () => {
    await write('a', inFirst());
    const records = await watcher.read({ streamId, shardId: shards[0]!.shardId, after: shards[0]!.startingSequence - 1n, limit: 10 });
    assert.equal(records.length, 1);
    assert.equal(records[0]!.json, '{"pk":"a","SizeBytes":1}');
  });

  it('waits for the next append to its shard and resolves with it', async () => {
    const shard = shards[0]!;
    const last = await newest(shard);
    let settled = false;
    const pending = watcher.read({ streamId, shardId: shard.shardId, after: last, limit: 10 }).finally(() => (settled = true));
    await write('other-shard', inSecond()); // a record in the other shard does not wake it
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(settled, false);
    await write('b', inFirst());
    const records = await pending;
    assert.deepEqual(
      records.map((r) => r.json),
      ['{"pk":"b","SizeBytes":1}'],
    );
    assert.equal(records[0]!.sequence, last + 1n);
  });

  it('resolves [] when aborted, timed out, or woken', async () => {
    const shard = shards[1]!;
    const at = await newest(shard);
    const controller = new AbortController();
    const aborted = watcher.read({ streamId, shardId: shard.shardId, after: at, limit: 10, signal: controller.signal });
    controller.abort();
    assert.deepEqual(await aborted, []);
    assert.deepEqual(await watcher.read({ streamId, shardId: shard.shardId, after: at, limit: 10, timeoutMs: 5 }), []);
    const woken = watcher.read({ streamId, shardId: shard.shardId, after: at, limit: 10 });
    watcher.wake(streamId);
    assert.deepEqual(await woken, []);
  });

  it('many waiters on one shard all get the append', async () => {
    const shard = shards[1]!;
    const at = await newest(shard);
    const reads = Array.from({ length: 5 }, () => watcher.read({ streamId, shardId: shard.shardId, after: at, limit: 10 }));
    await write('c', inSecond());
    for (const records of await Promise.all(reads)) assert.deepEqual(records.map((r) => r.json), ['{"pk":"c","SizeBytes":1}']);
  });

  it('listens to the engine only while someone waits', async () => {
    let listening = 0;
    // The watcher uses readShard and onAppend only; this engine counts the subscriptions.
    const counting = {
      readShard: (read) => engine.readShard(read),
      onAppend: (listener) => {
        listening++;
        const unsubscribe = engine.onAppend(listener);
        return () => {
          listening--;
          unsubscribe();
        };
      },
      onShardsClosed: (listener) => engine.onShardsClosed(listener),
    } as Pick<StorageEngine, 'readShard' | 'onAppend' | 'onShardsClosed'> as StorageEngine;
    const own = new ShardWatcher(counting);
    const shard = shards[0]!;
    const pending = own.read({ streamId, shardId: shard.shardId, after: await newest(shard), limit: 1 });
    const second = own.read({ streamId, shardId: shard.shardId, after: await newest(shard), limit: 1 });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(listening, 1);
    await write('e', inFirst());
    assert.equal((await pending).length, 1);
    assert.equal((await second).length, 1);
    assert.equal(listening, 0);
    own.close();
  });

  it('ends waits on a stream whose shards close (disable, DeleteTable), and only those', async () => {
    const spec = (enabled: boolean) => ({ label: '2026-02-01T00:00:00.000', enabled, shardCount: 1, meta: {} });
    const other = await engine.createTable('Closing', {}, spec(true));
    const found = (await engine.getStream('Closing', '2026-02-01T00:00:00.000'))!;
    const waiting = watcher.read({ streamId: found.stream.id, shardId: found.shards[0]!.shardId, after: found.shards[0]!.startingSequence - 1n, limit: 1 });
    let untouchedSettled = false;
    const untouched = watcher
      .read({ streamId, shardId: shards[0]!.shardId, after: await newest(shards[0]!), limit: 1 })
      .finally(() => (untouchedSettled = true));
    await engine.updateTable('Closing', () => ({ definition: {}, stream: spec(false) }));
    assert.deepEqual(await waiting, []);
    const closed = (await engine.getStream('Closing', '2026-02-01T00:00:00.000'))!.shards[0]!;
    assert.notEqual(closed.endingSequence, undefined);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(untouchedSettled, false, 'a wait on another stream goes on');

    await engine.updateTable('Closing', () => ({ definition: {}, stream: { ...spec(true), label: '2026-02-02T00:00:00.000' } }));
    const second = (await engine.getStream('Closing', '2026-02-02T00:00:00.000'))!;
    const onDeleted = watcher.read({ streamId: second.stream.id, shardId: second.shards[0]!.shardId, after: 0n, limit: 1 });
    await engine.deleteTable('Closing');
    assert.deepEqual(await onDeleted, []);
    assert.ok(other);
    await write('f', inFirst());
    assert.equal((await untouched).length, 1);
  });

  it('answers [] at once when the shards closed since the reader looked (a close it was too busy to wait for)', async () => {
    const spec = (label: string) => ({ label, enabled: true, shardCount: 1, meta: {} });
    await engine.createTable('Rotating', {}, spec('2026-03-01T00:00:00.000'));
    const found = (await engine.getStream('Rotating', '2026-03-01T00:00:00.000'))!;
    const shard = found.shards[0]!;
    const version = watcher.shardsVersion(found.stream.id);
    const otherVersion = watcher.shardsVersion(streamId);
    const read = (shardsVersion: number) =>
      watcher.read({ streamId: found.stream.id, shardId: shard.shardId, after: shard.startingSequence - 1n, limit: 1, shardsVersion, timeoutMs: 5000 });
    // No wait is open while the shards close: only the version tells.
    await engine.rotateShards(found.stream.id, Date.now());
    assert.equal(watcher.shardsVersion(found.stream.id), version + 1);
    assert.equal(watcher.shardsVersion(streamId), otherVersion, 'other streams keep theirs');
    const started = Date.now();
    assert.deepEqual(await read(version), []);
    assert.ok(Date.now() - started < 1000, 'it did not wait');
  });
});
