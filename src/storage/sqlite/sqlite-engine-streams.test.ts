import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { tempDir } from './fixtures/temp-dir.js';
import { SHARD_ID, StreamFixture, TEN_TO_THE_20, keyOf, spec } from './fixtures/stream-helpers.js';

const dir = tempDir();
let counter = 0;
const fixture = () => new StreamFixture(dir, `streams-${++counter}`);

describe('SqliteEngine streams: lifecycle', () => {
  const f = fixture();
  after(() => f.engine.close());

  it('opens a one-shard stream with the table, covering the whole hash space', async () => {
    const table = (await f.engine.createTable('Orders', { v: 1 }, spec('L1')))!;
    const found = (await f.engine.getStream('Orders', 'L1'))!;
    assert.deepEqual(found.stream, { id: found.stream.id, tableName: 'Orders', label: 'L1', meta: { viewType: 'NEW_IMAGE' }, createdAt: f.now });
    assert.equal(found.shards.length, 1);
    const [shard] = found.shards;
    assert.match(shard!.shardId, SHARD_ID);
    assert.ok(shard!.shardId.startsWith(`shardId-0000000${f.now}-`), shard!.shardId);
    assert.deepEqual(shard, {
      shardId: shard!.shardId,
      hashFrom: 0,
      hashTo: 0xffffffff,
      startingSequence: TEN_TO_THE_20 + BigInt(f.now) * 1000n,
      createdAt: f.now,
    });
    assert.equal(String(shard!.startingSequence).length, 21);
    assert.deepEqual(await f.engine.getTable('Orders'), table);
    assert.equal(await f.engine.createTable('Orders', {}, spec('L9')), undefined);
    assert.equal(await f.engine.getStream('Orders', 'L9'), undefined);
  });

  it('opens no stream without a spec or with a disabled one', async () => {
    await f.engine.createTable('Plain', {});
    await f.engine.createTable('Off', {}, spec('L0', { enabled: false }));
    assert.deepEqual((await f.engine.listStreams()).map((s) => s.tableName), ['Orders']);
  });

  it('leaves the stream alone when updateTable returns no spec or the same label, and closes it when disabled', async () => {
    const { stream } = (await f.engine.getStream('Orders', 'L1'))!;
    await f.engine.updateTable('Orders', (t) => ({ definition: t.definition }));
    await f.engine.updateTable('Orders', (t) => ({ definition: t.definition, stream: spec('L1', { meta: { viewType: 'KEYS_ONLY' } }) }));
    assert.deepEqual(await f.engine.listStreams(), [{ ...stream, meta: { viewType: 'KEYS_ONLY' } }]);

    const table = (await f.engine.getTable('Orders'))!;
    await f.put(table.id, 'a', 1);
    f.now += 10;
    await f.engine.updateTable('Orders', (t) => ({ definition: t.definition, stream: spec('L1', { enabled: false }) }));
    const closed = (await f.engine.getStream('Orders', 'L1'))!;
    assert.equal(closed.stream.closedAt, f.now);
    const [shard] = closed.shards;
    assert.equal(shard!.closedAt, f.now);
    assert.equal(shard!.endingSequence, shard!.startingSequence);
    assert.equal(shard!.lastSequence, shard!.startingSequence);
    // Records for a table whose stream is closed are dropped.
    await f.put(table.id, 'b', 2);
    assert.deepEqual((await f.records('Orders', 'L1')).map((r) => r.json), ['{"pk":"a","v":1}']);
  });

  it('opens a new stream on a new label, closing the open one first; an empty shard ends at start - 1', async () => {
    const table = (await f.engine.getTable('Orders'))!;
    f.now += 10;
    await f.engine.updateTable('Orders', (t) => ({ definition: t.definition, stream: spec('L2') }));
    f.now += 10;
    await f.engine.updateTable('Orders', (t) => ({ definition: t.definition, stream: spec('L3', { shardCount: 2 }) }));
    const l2 = (await f.engine.getStream('Orders', 'L2'))!;
    assert.equal(l2.stream.closedAt, f.now);
    assert.equal(l2.shards[0]!.endingSequence, l2.shards[0]!.startingSequence - 1n);
    assert.equal(l2.shards[0]!.lastSequence, undefined);
    const l3 = (await f.engine.getStream('Orders', 'L3'))!;
    assert.deepEqual(
      l3.shards.map((s) => [s.hashFrom, s.hashTo]),
      [
        [0, 0x7fffffff],
        [0x80000000, 0xffffffff],
      ],
    );
    assert.deepEqual((await f.engine.listStreams()).map((s) => [s.label, s.closedAt !== undefined]), [
      ['L1', true],
      ['L2', true],
      ['L3', false],
    ]);
    await f.put(table.id, 'c', 3);
    assert.deepEqual((await f.records('Orders', 'L3')).map((r) => r.json), ['{"pk":"c","v":3}']);
  });

  it('rolls the stream change back with the definition when updateTable decide throws', async () => {
    const error = new Error('no');
    await assert.rejects(
      f.engine.updateTable('Orders', () => {
        throw error;
      }),
      (thrown) => thrown === error,
    );
    assert.equal((await f.engine.listStreams()).at(-1)!.closedAt, undefined);
  });

  it('closes the stream on deleteTable; its records stay readable', async () => {
    f.now += 10;
    await f.engine.deleteTable('Orders');
    const l3 = (await f.engine.getStream('Orders', 'L3'))!;
    assert.equal(l3.stream.closedAt, f.now);
    assert.deepEqual(l3.shards.map((s) => s.closedAt), [f.now, f.now]);
    assert.deepEqual((await f.records('Orders', 'L3')).map((r) => r.json), ['{"pk":"c","v":3}']);
    // A re-created table gets a new stream even under a reused label.
    await f.engine.createTable('Orders', {}, spec('L3'));
    const [, fresh] = (await f.engine.listStreams()).filter((s) => s.label === 'L3');
    assert.equal(fresh!.closedAt, undefined);
    assert.equal((await f.engine.getStream('Orders', 'L3'))!.stream.id, fresh!.id);
  });
});

describe('SqliteEngine streams: appending', () => {
  const f = fixture();
  after(() => f.engine.close());
  let tableId = 0;

  it('appends a record with its item, with strictly increasing 21-digit sequence numbers', async () => {
    tableId = (await f.engine.createTable('T', {}, spec('S')))!.id;
    for (let i = 0; i < 5; i++) await f.put(tableId, `k${i}`, i);
    const records = await f.records('T', 'S');
    const start = TEN_TO_THE_20 + BigInt(f.now) * 1000n;
    assert.deepEqual(
      records.map((r) => [r.sequence, r.json]),
      [0, 1, 2, 3, 4].map((i) => [start + BigInt(i), JSON.stringify({ pk: `k${i}`, v: i })]),
    );
    assert.ok(records.every((r) => /^\d{21}$/.test(String(r.sequence))));
    assert.equal((await f.shards('T', 'S'))[0]!.lastSequence, start + 4n);
    assert.equal((await f.engine.readShard({ streamId: 1, shardId: records[0]!.shardId, limit: 1 }))[0]!.createdAt, f.now);
  });

  it('appends nothing for a decide that throws, a mutation without a record, or a table without a stream', async () => {
    const plain = (await f.engine.createTable('Plain', {}))!.id;
    const key = keyOf('x');
    await assert.rejects(
      f.engine.writeItems({
        targets: [{ tableId, key }],
        decide: () => {
          throw new Error('refused');
        },
      }),
      { message: 'refused' },
    );
    await f.put(tableId, 'norecord', 9, { record: false });
    await f.put(plain, 'dropped', 9);
    assert.equal((await f.records('T', 'S')).length, 5);
    assert.equal((await f.engine.getItem(plain, keyOf('dropped')))?.json, '{"v":9}');
    assert.deepEqual((await f.engine.listStreams()).map((s) => s.tableName), ['T']);
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

  it('sends each record to the shard whose hash range holds its hash', async () => {
    const id = (await f.engine.createTable('Four', {}, spec('F', { shardCount: 4 })))!.id;
    const shards = await f.shards('Four', 'F');
    assert.deepEqual(
      shards.map((s) => [s.hashFrom, s.hashTo]),
      [
        [0, 0x3fffffff],
        [0x40000000, 0x7fffffff],
        [0x80000000, 0xbfffffff],
        [0xc0000000, 0xffffffff],
      ],
    );
    assert.equal(new Set(shards.map((s) => s.shardId)).size, 4);
    const calls: string[] = [];
    const unsubscribe = f.engine.onAppend((_s, shardId) => calls.push(shardId));
    const hashes = [0xffffffff, 0, 0x3fffffff, 0x40000000, 0xbfffffff, 0x80000000, 0xc0000000];
    await Promise.all(hashes.map((hash, i) => f.put(id, `h${i}`, hash, { hash })));
    unsubscribe();
    const byShard = shards.map((s) => s.shardId);
    const records = await f.records('Four', 'F');
    assert.deepEqual(
      records.map((r) => [byShard.indexOf(r.shardId), JSON.parse(r.json).v]),
      [
        [0, 0],
        [0, 0x3fffffff],
        [1, 0x40000000],
        [2, 0xbfffffff],
        [2, 0x80000000],
        [3, 0xffffffff],
        [3, 0xc0000000],
      ],
    );
    assert.deepEqual(calls.sort(), [...byShard].sort());
  });

  it('reads after, from, or from the oldest, within a count and a byte budget', async () => {
    const { stream, shards } = (await f.engine.getStream('T', 'S'))!;
    const shardId = shards[0]!.shardId;
    const all = await f.engine.readShard({ streamId: stream.id, shardId, limit: 1000 });
    const read = (more: object) => f.engine.readShard({ streamId: stream.id, shardId, limit: 1000, ...more });
    assert.deepEqual(await read({ limit: 3 }), all.slice(0, 3));
    assert.deepEqual(await read({ after: all[2]!.sequence, limit: 2 }), all.slice(3, 5));
    assert.deepEqual(await read({ from: all[2]!.sequence, limit: 2 }), all.slice(2, 4));
    assert.deepEqual(await read({ after: all.at(-1)!.sequence }), []);
    assert.deepEqual(await read({ after: 5n }), all);
    assert.deepEqual(await read({ from: 10n ** 40n }), []);
    const first = all[0]!.json.length;
    const second = all[1]!.json.length;
    assert.deepEqual(await read({ maxBytes: first + second }), all.slice(0, 2));
    assert.deepEqual(await read({ maxBytes: first + second - 1 }), all.slice(0, 1));
    assert.deepEqual(await read({ maxBytes: 1 }), all.slice(0, 1));
    assert.deepEqual(await read({ limit: 0 }), []);
    assert.deepEqual(await f.engine.readShard({ streamId: stream.id + 99, shardId, limit: 10 }), []);
    assert.deepEqual(await f.engine.readShard({ streamId: stream.id, shardId: 'shardId-nope', limit: 10 }), []);
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
