import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeStoreContract } from '../../test/helpers/store-contract.js';
import { CLOCKED_ENGINE_OPENERS, SHARD_ID, TEN_TO_THE_20, keyOf, put, records, shards, spec, type ClockedEngine } from '../../test/helpers/stream-engines.js';

// Change streams of the StorageEngine contract (engine.ts): opening, closing and replacing a table's
// stream, appending with item writes, routing by hash, reading, and onAppend, on every engine. Rotation,
// trimming and restarts are in engine-stream-retention.contract.test.ts; SQLite's group commit and
// record blocks stay in sqlite-engine-streams.test.ts.
describeStoreContract<ClockedEngine>('StorageEngine streams', CLOCKED_ENGINE_OPENERS, ({ open }) => {
  it('opens a one-shard stream with the table, covering the whole hash space', async () => {
    const { engine, clock } = await open();
    const table = (await engine.createTable('Orders', { v: 1 }, spec('L1')))!;
    const found = (await engine.getStream('Orders', 'L1'))!;
    assert.deepEqual(found.stream, { id: found.stream.id, tableName: 'Orders', label: 'L1', meta: { viewType: 'NEW_IMAGE' }, createdAt: clock.now });
    assert.equal(found.shards.length, 1);
    const [shard] = found.shards;
    assert.match(shard!.shardId, SHARD_ID);
    assert.ok(shard!.shardId.startsWith(`shardId-0000000${clock.now}-`), shard!.shardId);
    assert.deepEqual(shard, {
      shardId: shard!.shardId,
      hashFrom: 0,
      hashTo: 0xffffffff,
      startingSequence: TEN_TO_THE_20 + BigInt(clock.now) * 1000n,
      createdAt: clock.now,
    });
    assert.equal(String(shard!.startingSequence).length, 21);
    assert.deepEqual(await engine.getTable('Orders'), table);
    assert.equal(await engine.createTable('Orders', {}, spec('L9')), undefined);
    assert.equal(await engine.getStream('Orders', 'L9'), undefined);
    await engine.createTable('Plain', {});
    await engine.createTable('Off', {}, spec('L0', { enabled: false }));
    assert.deepEqual((await engine.listStreams()).map((s) => s.tableName), ['Orders']);
  });

  it('leaves the stream alone on no spec or the same label, closes it when disabled, opens a new one on a new label', async () => {
    const { engine, clock } = await open();
    const table = (await engine.createTable('Orders', { v: 1 }, spec('L1')))!;
    const { stream } = (await engine.getStream('Orders', 'L1'))!;
    await engine.updateTable('Orders', (t) => ({ definition: t.definition }));
    await engine.updateTable('Orders', (t) => ({ definition: t.definition, stream: spec('L1', { meta: { viewType: 'KEYS_ONLY' } }) }));
    assert.deepEqual(await engine.listStreams(), [{ ...stream, meta: { viewType: 'KEYS_ONLY' } }]);

    await put(engine, table.id, 'a', 1);
    clock.now += 10;
    await engine.updateTable('Orders', (t) => ({ definition: t.definition, stream: spec('L1', { enabled: false }) }));
    const closed = (await engine.getStream('Orders', 'L1'))!;
    assert.equal(closed.stream.closedAt, clock.now);
    const [shard] = closed.shards;
    assert.equal(shard!.closedAt, clock.now);
    assert.equal(shard!.endingSequence, shard!.startingSequence);
    assert.equal(shard!.lastSequence, shard!.startingSequence);
    // Records for a table whose stream is closed are dropped.
    await put(engine, table.id, 'b', 2);
    assert.deepEqual((await records(engine, 'Orders', 'L1')).map((r) => r.json), ['{"pk":"a","v":1}']);

    clock.now += 10;
    await engine.updateTable('Orders', (t) => ({ definition: t.definition, stream: spec('L2') }));
    clock.now += 10;
    await engine.updateTable('Orders', (t) => ({ definition: t.definition, stream: spec('L3', { shardCount: 2 }) }));
    const l2 = (await engine.getStream('Orders', 'L2'))!;
    assert.equal(l2.stream.closedAt, clock.now);
    assert.equal(l2.shards[0]!.endingSequence, l2.shards[0]!.startingSequence - 1n);
    assert.equal(l2.shards[0]!.lastSequence, undefined);
    const l3 = (await engine.getStream('Orders', 'L3'))!;
    assert.deepEqual(
      l3.shards.map((s) => [s.hashFrom, s.hashTo]),
      [
        [0, 0x7fffffff],
        [0x80000000, 0xffffffff],
      ],
    );
    assert.deepEqual((await engine.listStreams()).map((s) => [s.label, s.closedAt !== undefined]), [
      ['L1', true],
      ['L2', true],
      ['L3', false],
    ]);
    await put(engine, table.id, 'c', 3);
    assert.deepEqual((await records(engine, 'Orders', 'L3')).map((r) => r.json), ['{"pk":"c","v":3}']);
  });

  it('rolls the stream change back with the definition when updateTable decide throws; deleteTable closes the stream, readable still', async () => {
    const { engine, clock } = await open();
    const table = (await engine.createTable('Orders', {}, spec('L3', { shardCount: 2 })))!;
    await put(engine, table.id, 'c', 3);
    const error = new Error('no');
    await assert.rejects(
      engine.updateTable('Orders', () => {
        throw error;
      }),
      (thrown) => thrown === error,
    );
    assert.equal((await engine.listStreams()).at(-1)!.closedAt, undefined);

    clock.now += 10;
    await engine.deleteTable('Orders');
    const l3 = (await engine.getStream('Orders', 'L3'))!;
    assert.equal(l3.stream.closedAt, clock.now);
    assert.deepEqual(l3.shards.map((s) => s.closedAt), [clock.now, clock.now]);
    assert.deepEqual((await records(engine, 'Orders', 'L3')).map((r) => r.json), ['{"pk":"c","v":3}']);
    // A re-created table gets a new stream even under a reused label.
    await engine.createTable('Orders', {}, spec('L3'));
    const [, fresh] = (await engine.listStreams()).filter((s) => s.label === 'L3');
    assert.equal(fresh!.closedAt, undefined);
    assert.equal((await engine.getStream('Orders', 'L3'))!.stream.id, fresh!.id);
  });

  it('appends a record with its item, with strictly increasing 21-digit sequence numbers; nothing for a refused write, a mutation without a record or a table without a stream', async () => {
    const { engine, clock } = await open();
    const tableId = (await engine.createTable('T', {}, spec('S')))!.id;
    for (let i = 0; i < 5; i++) await put(engine, tableId, `k${i}`, i);
    const all = await records(engine, 'T', 'S');
    const start = TEN_TO_THE_20 + BigInt(clock.now) * 1000n;
    assert.deepEqual(
      all.map((r) => [r.sequence, r.json]),
      [0, 1, 2, 3, 4].map((i) => [start + BigInt(i), JSON.stringify({ pk: `k${i}`, v: i })]),
    );
    assert.ok(all.every((r) => /^\d{21}$/.test(String(r.sequence))));
    assert.equal((await shards(engine, 'T', 'S'))[0]!.lastSequence, start + 4n);
    const { stream } = (await engine.getStream('T', 'S'))!;
    assert.equal((await engine.readShard({ streamId: stream.id, shardId: all[0]!.shardId, limit: 1 }))[0]!.createdAt, clock.now);

    const plain = (await engine.createTable('Plain', {}))!.id;
    await assert.rejects(
      engine.writeItems({
        targets: [{ tableId, key: keyOf('x') }],
        decide: () => {
          throw new Error('refused');
        },
      }),
      { message: 'refused' },
    );
    await put(engine, tableId, 'norecord', 9, { record: false });
    await put(engine, plain, 'dropped', 9);
    assert.equal((await records(engine, 'T', 'S')).length, 5);
    assert.equal((await engine.getItem(plain, keyOf('dropped')))?.json, '{"v":9}');
    assert.deepEqual((await engine.listStreams()).map((s) => s.tableName), ['T']);
    await put(engine, tableId, 'after', 7);
    assert.equal((await records(engine, 'T', 'S')).at(-1)!.sequence, start + 5n);
  });

  it('tells onAppend listeners after the commit, per shard, its newest sequence number and how many it appended; a throwing listener stops no other', async () => {
    const { engine } = await open();
    const tableId = (await engine.createTable('T', {}, spec('S')))!.id;
    const { stream, shards: [shard] } = (await engine.getStream('T', 'S'))!;
    const throwing = engine.onAppend(() => {
      throw new Error('listener bug');
    });
    const readable: Promise<boolean>[] = [];
    const calls: [number, string, bigint, number | undefined][] = [];
    const unsubscribe = engine.onAppend((streamId, shardId, last, count) => {
      calls.push([streamId, shardId, last, count]);
      // Committed by now: a read started here finds it.
      readable.push(engine.readShard({ streamId, shardId, from: last, limit: 1 }).then((r) => r[0]?.sequence === last));
    });
    await put(engine, tableId, 'a', 1);
    await engine.writeItems({
      targets: [{ tableId, key: keyOf('b') }, { tableId, key: keyOf('c') }],
      decide: () => ({
        mutations: ['b', 'c'].map((pk, target) => ({ target, item: { json: '{}', size: 2 }, record: { hash: keyOf(pk).hash, json: `{"pk":"${pk}"}` } })),
        result: undefined,
      }),
    });
    const all = await records(engine, 'T', 'S');
    assert.deepEqual(calls, [
      [stream.id, shard!.shardId, all[0]!.sequence, 1],
      [stream.id, shard!.shardId, all[2]!.sequence, 2],
    ]);
    assert.deepEqual(await Promise.all(readable), [true, true]);
    throwing();
    unsubscribe();
    await put(engine, tableId, 'quiet', 0);
    assert.equal(calls.length, 2);
  });

  it('sends each record to the shard whose hash range holds its hash', async () => {
    const { engine } = await open();
    const id = (await engine.createTable('Four', {}, spec('F', { shardCount: 4 })))!.id;
    const four = await shards(engine, 'Four', 'F');
    assert.deepEqual(
      four.map((s) => [s.hashFrom, s.hashTo]),
      [
        [0, 0x3fffffff],
        [0x40000000, 0x7fffffff],
        [0x80000000, 0xbfffffff],
        [0xc0000000, 0xffffffff],
      ],
    );
    assert.equal(new Set(four.map((s) => s.shardId)).size, 4);
    const calls: string[] = [];
    const unsubscribe = engine.onAppend((_s, shardId) => calls.push(shardId));
    const hashes = [0xffffffff, 0, 0x3fffffff, 0x40000000, 0xbfffffff, 0x80000000, 0xc0000000];
    for (const [i, hash] of hashes.entries()) await put(engine, id, `h${i}`, hash, { hash });
    unsubscribe();
    const byShard = four.map((s) => s.shardId);
    const all = await records(engine, 'Four', 'F');
    assert.deepEqual(
      all.map((r) => [byShard.indexOf(r.shardId), JSON.parse(r.json).v]),
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
    assert.deepEqual([...new Set(calls)].sort(), [...byShard].sort());
  });

  it('reads after, from, or from the oldest, within a count and a byte budget', async () => {
    const { engine } = await open();
    const tableId = (await engine.createTable('T', {}, spec('S')))!.id;
    for (let i = 0; i < 6; i++) await put(engine, tableId, `k${i}`, i * 11);
    const { stream, shards: found } = (await engine.getStream('T', 'S'))!;
    const shardId = found[0]!.shardId;
    const all = await engine.readShard({ streamId: stream.id, shardId, limit: 1000 });
    const read = (more: object) => engine.readShard({ streamId: stream.id, shardId, limit: 1000, ...more });
    assert.equal(all.length, 6);
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
    assert.deepEqual(await engine.readShard({ streamId: stream.id + 99, shardId, limit: 10 }), []);
    assert.deepEqual(await engine.readShard({ streamId: stream.id, shardId: 'shardId-nope', limit: 10 }), []);
  });
});
