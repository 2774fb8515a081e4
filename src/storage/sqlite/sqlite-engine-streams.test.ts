import { describe, it, after, before } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { tempDir } from './fixtures/temp-dir.js';
import { StreamFixture, keyOf, spec } from './fixtures/stream-helpers.js';

const dir = tempDir();
let counter = 0;
const fixture = () => new StreamFixture(dir, `streams-${++counter}`);

// What only SQLite's engine promises about streams: group commit (one transaction for many writes, counters
// restored on rollback, one notification per shard) and records stored as blocks. The contract every
// engine keeps is in src/storage/engine-streams.contract.test.ts and engine-stream-retention.contract.test.ts.
describe('SqliteEngine streams: group commit and blocks', () => {
  const f = fixture();
  after(() => f.engine.close());
  let tableId = 0;

  before(async () => {
    tableId = (await f.engine.createTable('T', {}, spec('S')))!.id;
    for (let i = 0; i < 5; i++) await f.put(tableId, `k${i}`, i);
  });

  it('restores the counters when a group commit rolls back', async () => {
    const before = await f.records('T', 'S');
    const good = f.put(tableId, 'lost', 1);
    const bad = f.engine.writeItems({
      targets: [{ tableId, key: keyOf('bad') }],
      // A size that is not an integer fails the STRICT table: the whole batch rolls back.
      decide: () => ({ mutations: [{ target: 0, item: { json: '{}', size: 'x' as unknown as number } }], result: undefined }),
    });
    await assert.rejects(good, { name: 'StorageError' });
    await assert.rejects(bad, { name: 'StorageError' });
    assert.equal(await f.engine.getItem(tableId, keyOf('lost')), undefined);
    await f.put(tableId, 'after', 7);
    const records = await f.records('T', 'S');
    assert.deepEqual(records.slice(0, -1), before);
    assert.equal(records.at(-1)!.sequence, before.at(-1)!.sequence + 1n);
  });

  it('numbers a group-committed batch in apply order and notifies once per shard, after the commit', async () => {
    const watcher = new Database(f.path, { readonly: true });
    const committed = () => (watcher.prepare('SELECT coalesce(sum(last_seq - first_seq + 1), 0) AS n FROM stream_blocks').get() as { n: number }).n;
    const calls: [number, string, bigint, number][] = [];
    const unsubscribe = f.engine.onAppend((streamId, shardId, last) => calls.push([streamId, shardId, last, committed()]));
    const throwing = f.engine.onAppend(() => {
      throw new Error('listener bug');
    });
    const before = (await f.records('T', 'S')).length;
    await Promise.all(Array.from({ length: 40 }, (_, i) => f.put(tableId, `batch${i}`, i)));
    const records = (await f.records('T', 'S')).slice(before);
    assert.deepEqual(records.map((r) => r.json), Array.from({ length: 40 }, (_, i) => JSON.stringify({ pk: `batch${i}`, v: i })));
    records.forEach((r, i) => assert.equal(r.sequence, records[0]!.sequence + BigInt(i)));
    const { stream } = (await f.engine.getStream('T', 'S'))!;
    assert.deepEqual(calls, [[stream.id, records[0]!.shardId, records.at(-1)!.sequence, before + 40]]);

    throwing();
    unsubscribe();
    await f.put(tableId, 'quiet', 0);
    assert.equal(calls.length, 1);
    watcher.close();
  });

  it('stores a commit\'s records of a shard as one block, and reads and trims from any point inside one', async () => {
    const start = f.now;
    const id = (await f.engine.createTable('Blocks', {}, spec('B')))!.id;
    const commit = (from: number, count: number) =>
      Promise.all(Array.from({ length: count }, (_, i) => f.put(id, `b${from + i}`, from + i)));
    await commit(0, 5);
    f.now = start + 1000;
    await commit(5, 1);
    f.now = start + 2000;
    await commit(6, 4);
    const { stream, shards } = (await f.engine.getStream('Blocks', 'B'))!;
    const shardId = shards[0]!.shardId;
    const watcher = new Database(f.path, { readonly: true });
    const blocks = watcher
      .prepare('SELECT last_seq - first_seq + 1 AS n, created_at FROM stream_blocks WHERE shard = (SELECT id FROM shards WHERE shard_id = ?) ORDER BY first_seq')
      .all(shardId);
    watcher.close();
    assert.deepEqual(blocks, [{ n: 5, created_at: start }, { n: 1, created_at: start + 1000 }, { n: 4, created_at: start + 2000 }]);

    const all = await f.engine.readShard({ streamId: stream.id, shardId, limit: 1000 });
    assert.deepEqual(all.map((r) => JSON.parse(r.json).v), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    all.forEach((r, i) => assert.equal(r.sequence, all[0]!.sequence + BigInt(i)));
    for (let after = -1; after < all.length; after++) {
      for (let limit = 1; limit <= 11; limit++) {
        const read = await f.engine.readShard({
          streamId: stream.id,
          shardId,
          limit,
          ...(after >= 0 && { after: all[after]!.sequence }),
        });
        assert.deepEqual(read, all.slice(after + 1, after + 1 + limit), `after ${after}, limit ${limit}`);
        const from = await f.engine.readShard({ streamId: stream.id, shardId, limit, from: all[Math.max(0, after)]!.sequence });
        assert.deepEqual(from, all.slice(Math.max(0, after), Math.max(0, after) + limit), `from ${after}, limit ${limit}`);
      }
    }
    const size = (n: number) => all.slice(2, 2 + n).reduce((sum, r) => sum + r.json.length, 0);
    const budget = (maxBytes: number) => f.engine.readShard({ streamId: stream.id, shardId, limit: 100, after: all[1]!.sequence, maxBytes });
    assert.deepEqual(await budget(size(2)), all.slice(2, 4));
    assert.deepEqual(await budget(size(5) - 1), all.slice(2, 6));

    await f.engine.trimStreams(start + 1000);
    const trimmed = (await f.shards('Blocks', 'B'))[0]!;
    assert.equal(trimmed.trimmedThrough, all[4]!.sequence);
    assert.equal(trimmed.lastSequence, all[9]!.sequence);
    assert.deepEqual(await f.engine.readShard({ streamId: stream.id, shardId, limit: 100 }), all.slice(5));
    assert.deepEqual(await f.engine.readShard({ streamId: stream.id, shardId, limit: 2, after: all[5]!.sequence }), all.slice(6, 8));
  });

  it('stores a long block compressed and reads it back record by record, from inside it too', async () => {
    const id = (await f.engine.createTable('Long', {}, spec('G')))!.id;
    const json = (i: number) => JSON.stringify({ pk: `g${i}`, text: `${'ä'.repeat(i)}${'lorem ipsum '.repeat(30)}` });
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        f.engine.writeItems({
          targets: [{ tableId: id, key: keyOf(`g${i}`) }],
          decide: () => ({ mutations: [{ target: 0, item: { json: '{}', size: 2 }, record: { hash: keyOf(`g${i}`).hash, json: json(i) } }], result: undefined }),
        }),
      ),
    );
    const { stream, shards } = (await f.engine.getStream('Long', 'G'))!;
    const shardId = shards[0]!.shardId;
    const watcher = new Database(f.path, { readonly: true });
    const stored = watcher.prepare('SELECT typeof(records) AS type, length(records) AS bytes FROM stream_blocks WHERE shard = (SELECT id FROM shards WHERE shard_id = ?)').all(shardId);
    watcher.close();
    assert.deepEqual(stored.map((b: any) => b.type), ['blob']);
    const all = await f.engine.readShard({ streamId: stream.id, shardId, limit: 100 });
    assert.deepEqual(all.map((r) => r.json), Array.from({ length: 12 }, (_, i) => json(i)));
    assert.ok((stored[0] as { bytes: number }).bytes < all.reduce((n, r) => n + r.json.length, 0) / 4);
    assert.deepEqual(await f.engine.readShard({ streamId: stream.id, shardId, limit: 3, after: all[7]!.sequence }), all.slice(8, 11));
  });
});
