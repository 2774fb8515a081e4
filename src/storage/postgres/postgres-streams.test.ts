import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sharedPostgresCluster, testEngines } from '../../../test/helpers/postgres-cluster.js';
import { inTransaction, query } from './pg-pool.js';
import { Calls, StreamNode, TestClock, openNode, spec } from './fixtures/stream-nodes.js';
import { runStatements } from './pg-session-statements.js';

const skip = !testEngines().includes('postgres') && 'PostgreSQL is not among EDDY_TEST_ENGINES (no initdb on the PATH)';
const cluster = sharedPostgresCluster();
const TEN_TO_THE_20 = 10n ** 20n;
const SHARD_ID = /^shardId-\d{20}-[0-9a-f]{8}$/;

describe('PostgresStreams', { skip }, () => {
  const opened: StreamNode[] = [];
  afterEach(async () => {
    for (const node of opened.splice(0).reverse()) await node.close();
  });

  /** `count` nodes on a new database, the first one migrating it. */
  async function nodes(count: number, clock = new TestClock()): Promise<StreamNode[]> {
    const url = await (await cluster()).createDatabase();
    const made: StreamNode[] = [];
    for (let i = 0; i < count; i++) {
      const node = await openNode(url, clock, `eddy-node-${i}`, i === 0);
      opened.push(node);
      made.push(node);
    }
    return made;
  }

  it('opens, keeps, closes and replaces a table\'s stream as SQLite does; records for a closed stream are dropped', async () => {
    const clock = new TestClock();
    const [node] = await nodes(1, clock);
    const id = await node!.createTable('Orders', spec('L1'));
    const found = (await node!.streams.get('Orders', 'L1'))!;
    assert.deepEqual(found.stream, { id: found.stream.id, tableName: 'Orders', label: 'L1', meta: { viewType: 'NEW_IMAGE' }, createdAt: clock.now });
    assert.equal(found.shards.length, 1);
    const [shard] = found.shards;
    assert.match(shard!.shardId, SHARD_ID);
    assert.deepEqual(shard, { shardId: shard!.shardId, hashFrom: 0, hashTo: 0xffffffff, startingSequence: TEN_TO_THE_20 + BigInt(clock.now) * 1000n, createdAt: clock.now });

    // No spec, or the same label: the stream stays (its meta follows the spec).
    assert.equal(await node!.updateStream(id, 'Orders', undefined), undefined);
    assert.equal(await node!.updateStream(id, 'Orders', spec('L1', { meta: { viewType: 'KEYS_ONLY' } })), undefined);
    assert.deepEqual(await node!.streams.list(), [{ ...found.stream, meta: { viewType: 'KEYS_ONLY' } }]);

    await node!.write(id, { pk: 'a' });
    clock.now += 10;
    assert.equal(await node!.updateStream(id, 'Orders', spec('L1', { enabled: false })), found.stream.id);
    const closed = (await node!.stream('Orders', 'L1')).shards[0]!;
    assert.equal(closed.closedAt, clock.now);
    assert.equal(closed.endingSequence, closed.startingSequence);
    assert.equal(closed.lastSequence, closed.startingSequence);
    assert.deepEqual(await node!.write(id, { pk: 'b' }), []);
    assert.deepEqual((await node!.records('Orders', 'L1')).map((r) => r.json), ['{"pk":"a"}']);

    clock.now += 10;
    await node!.updateStream(id, 'Orders', spec('L2'));
    clock.now += 10;
    const l2 = await node!.stream('Orders', 'L2');
    assert.equal(await node!.updateStream(id, 'Orders', spec('L3', { shardCount: 2 })), l2.id);
    const emptyClosed = (await node!.stream('Orders', 'L2')).shards[0]!;
    assert.equal(emptyClosed.endingSequence, emptyClosed.startingSequence - 1n);
    assert.equal(emptyClosed.lastSequence, undefined);
    const l3 = await node!.stream('Orders', 'L3');
    assert.deepEqual(l3.shards.map((s) => [s.hashFrom, s.hashTo]), [[0, 0x7fffffff], [0x80000000, 0xffffffff]]);
    assert.deepEqual((await node!.streams.list()).map((s) => [s.label, s.closedAt !== undefined]), [['L1', true], ['L2', true], ['L3', false]]);
    await assert.rejects(node!.updateStream(id, 'Orders', spec('L4', { shardCount: 0 })), { name: 'StorageError' });

    clock.now += 10;
    await node!.deleteTable(id);
    assert.deepEqual((await node!.stream('Orders', 'L3')).shards.map((s) => s.closedAt), [clock.now, clock.now]);
    assert.equal((await node!.streams.get('Orders', 'L3'))!.stream.closedAt, clock.now);
    // A re-created table gets a new stream under a reused label; get answers the newest.
    const again = await node!.createTable('Orders', spec('L3'));
    await node!.write(again, { pk: 'c' });
    assert.deepEqual((await node!.records('Orders', 'L3')).map((r) => r.json), ['{"pk":"c"}']);
  });

  it('appends in order with consecutive sequence numbers, routes by hash range and reads after, from, within limits', async () => {
    const clock = new TestClock();
    const [node] = await nodes(1, clock);
    const id = await node!.createTable('T', spec('S'));
    const calls = new Calls<[number, string, bigint, number?]>();
    const unsubscribe = node!.streams.onAppend(calls.record);
    const appends = await node!.write(id, { pk: 'k0' }, { pk: 'k1' }, { pk: 'k2' });
    for (let i = 3; i < 6; i++) await node!.write(id, { pk: `k${i}` });
    const { id: streamId, shards } = await node!.stream('T', 'S');
    const start = TEN_TO_THE_20 + BigInt(clock.now) * 1000n;
    const all = await node!.streams.read({ streamId, shardId: shards[0]!.shardId, limit: 100 });
    assert.deepEqual(all.map((r) => [r.sequence, r.json, r.createdAt]), [0, 1, 2, 3, 4, 5].map((i) => [start + BigInt(i), `{"pk":"k${i}"}`, clock.now]));
    assert.deepEqual(appends, [{ streamId, shardId: shards[0]!.shardId, lastSequence: start + 2n, count: 3, records: [0, 1, 2].map((i) => ({ hash: 0, json: `{"pk":"k${i}"}` })) }]);
    assert.deepEqual(calls.seen.map((c) => c[2]), [start + 2n, start + 3n, start + 4n, start + 5n]);
    assert.deepEqual(calls.seen.map((c) => c[3]), [3, 1, 1, 1], 'how many records each of this node\'s commits appended');
    assert.equal((await node!.stream('T', 'S')).shards[0]!.lastSequence, start + 5n);
    unsubscribe();

    const read = (more: object) => node!.streams.read({ streamId, shardId: shards[0]!.shardId, limit: 1000, ...more });
    assert.deepEqual(await read({ limit: 3 }), all.slice(0, 3));
    assert.deepEqual(await read({ after: all[2]!.sequence, limit: 2 }), all.slice(3, 5));
    assert.deepEqual(await read({ from: all[2]!.sequence, limit: 2 }), all.slice(2, 4));
    assert.deepEqual(await read({ after: all.at(-1)!.sequence }), []);
    assert.deepEqual(await read({ after: 5n }), all);
    assert.deepEqual(await read({ from: 10n ** 40n }), []);
    const [first, second] = [all[0]!.json.length, all[1]!.json.length];
    assert.deepEqual(await read({ maxBytes: first + second }), all.slice(0, 2));
    assert.deepEqual(await read({ maxBytes: first + second - 1 }), all.slice(0, 1));
    assert.deepEqual(await read({ maxBytes: 1 }), all.slice(0, 1));
    assert.deepEqual(await read({ limit: 0 }), []);
    assert.deepEqual(await node!.streams.read({ streamId: streamId + 99, shardId: shards[0]!.shardId, limit: 10 }), []);
    assert.deepEqual(await node!.streams.read({ streamId, shardId: 'shardId-nope', limit: 10 }), []);

    const four = await node!.createTable('Four', spec('F', { shardCount: 4 }));
    const hashes = [0xffffffff, 0, 0x3fffffff, 0x40000000, 0xbfffffff, 0x80000000, 0xc0000000];
    const touched = await node!.write(four, ...hashes.map((hash) => ({ hash })));
    const byShard = (await node!.stream('Four', 'F')).shards.map((s) => s.shardId);
    const records = await node!.records('Four', 'F');
    assert.deepEqual(records.map((r) => [byShard.indexOf(r.shardId), JSON.parse(r.json).hash]), [
      [0, 0], [0, 0x3fffffff], [1, 0x40000000], [2, 0xbfffffff], [2, 0x80000000], [3, 0xffffffff], [3, 0xc0000000],
    ]);
    assert.deepEqual(touched.map((a) => a.shardId).sort(), [...byShard].sort());
    // A write that rolls back leaves no record and no gap.
    await assert.rejects(
      inTransactionThatFails(node!, four),
      /rolled back on purpose/,
    );
    await node!.write(four, { hash: 1 });
    const low = (await node!.records('Four', 'F')).filter((r) => r.shardId === byShard[0]);
    assert.deepEqual(low.map((r) => r.sequence - low[0]!.sequence), [0n, 1n, 2n]);
  });

  it('two nodes appending to one shard at once: consecutive numbers in commit order, and no reader sees a number before every lower one', async () => {
    const [a, b, reader] = await nodes(3);
    const id = await a!.createTable('Hot', spec('S'));
    const { id: streamId, shards } = await a!.stream('Hot', 'S');
    const shardId = shards[0]!.shardId;
    const start = shards[0]!.startingSequence;
    let writing = true;
    let reads = 0;
    const watch = (async () => {
      while (writing) {
        const seen = await reader!.streams.read({ streamId, shardId, limit: 100_000 });
        seen.forEach((r, i) => assert.equal(r.sequence, start + BigInt(i), 'a reader saw a sequence number before a lower one'));
        reads++;
      }
    })();
    // Each node runs 4 writers of 40 transactions, each appending 1–3 records.
    const writers = [a!, b!].flatMap((node, n) =>
      [0, 1, 2, 3].map(async (w) => {
        for (let t = 0; t < 40; t++) {
          const size = 1 + ((t + w) % 3);
          await node.write(id, ...Array.from({ length: size }, (_, i) => ({ node: n, writer: w, t, i, of: size })));
        }
      }),
    );
    await Promise.all(writers);
    writing = false;
    await watch;
    assert.ok(reads > 1);
    const all = await reader!.streams.read({ streamId, shardId, limit: 100_000 });
    const expected = [0, 1, 2, 3].reduce((n, w) => n + Array.from({ length: 40 }, (_, t) => 1 + ((t + w) % 3)).reduce((x, y) => x + y, 0), 0) * 2;
    assert.equal(all.length, expected);
    all.forEach((r, i) => assert.equal(r.sequence, start + BigInt(i)));
    // A transaction's records are consecutive, in the order it gave them.
    for (let i = 0; i < all.length; ) {
      const first = JSON.parse(all[i]!.json);
      for (let k = 0; k < first.of; k++) assert.deepEqual(JSON.parse(all[i + k]!.json), { ...first, i: k });
      i += first.of;
    }
    assert.equal((await reader!.stream('Hot', 'S')).shards[0]!.lastSequence, all.at(-1)!.sequence);
  });

  it('tells a node\'s listeners of another node\'s appends and closes through LISTEN, with the same arguments, and its own only once', async () => {
    const [a, b] = await nodes(2);
    const id = await a!.createTable('T', spec('S', { shardCount: 2 }));
    const appended = new Calls<[number, string, bigint, number?]>();
    const closed = new Calls<[number]>();
    b!.streams.onAppend(appended.record);
    b!.streams.onShardsClosed(closed.record);
    await b!.streams.listening();
    // The catch-up after the LISTEN took effect: no shard has records and none is closed yet.
    const fromA = await a!.write(id, { hash: 1 }, { hash: 0x90000000 }, { hash: 2 });
    await appended.until('both appends from node a', (seen) => seen.length === 2);
    assert.deepEqual(
      appended.seen.map(([streamId, shardId, last]) => ({ streamId, shardId, lastSequence: last })).sort((x, y) => x.shardId.localeCompare(y.shardId)),
      fromA.map(({ streamId, shardId, lastSequence }) => ({ streamId, shardId, lastSequence })).sort((x, y) => x.shardId.localeCompare(y.shardId)),
    );
    // Another node's appends come without a count: that node counted them (its metrics), not this one.
    assert.deepEqual(appended.seen.map((c) => c[3]), [undefined, undefined]);
    // b's own write reaches its listeners once, at once, not again through LISTEN: a's next write arrives
    // after b's NOTIFY would have (one connection delivers in commit order).
    const fromB = await b!.write(id, { hash: 3 });
    assert.equal(appended.seen.length, 3);
    assert.deepEqual(appended.seen[2], [fromB[0]!.streamId, fromB[0]!.shardId, fromB[0]!.lastSequence, 1]);
    const fromA2 = await a!.write(id, { hash: 4 });
    await appended.until('a\'s second write', (seen) => seen.some((c) => c[2] === fromA2[0]!.lastSequence));
    assert.equal(appended.seen.filter((c) => c[2] === fromB[0]!.lastSequence).length, 1);
    assert.equal(appended.seen.length, 4);

    const { id: streamId } = await a!.stream('T', 'S');
    await a!.updateStream(id, 'T', spec('S', { enabled: false }));
    await closed.until('the close by node a', (seen) => seen.some(([s]) => s === streamId));
  });

  it('a close racing appends from another node leaves no record after the ending sequence; later records go to the new stream', async () => {
    const [a, b] = await nodes(2);
    const id = await a!.createTable('Race', spec('Old'));
    await b!.write(id, { n: -1 }); // b knows the old shard: its later appends find it closed
    let n = 0;
    let done = 0;
    let started!: () => void;
    const underWay = new Promise<void>((resolve) => (started = resolve));
    const writers = [0, 1, 2, 3].map(async () => {
      for (let i = 0; i < 30; i++) {
        await b!.write(id, { n: n++ });
        if (++done === 12) started();
      }
    });
    await underWay;
    await a!.updateStream(id, 'Race', spec('New'));
    await Promise.all(writers);
    await b!.write(id, { n: n++ });
    const old = (await a!.stream('Race', 'Old')).shards[0]!;
    const oldRecords = await a!.records('Race', 'Old');
    assert.ok(old.endingSequence !== undefined);
    assert.equal(oldRecords.at(-1)!.sequence, old.endingSequence);
    oldRecords.forEach((r, i) => assert.equal(r.sequence, old.startingSequence + BigInt(i)));
    assert.ok(oldRecords.length >= 13, `${oldRecords.length} records before the close`);
    const newRecords = await a!.records('Race', 'New');
    assert.equal(JSON.parse(newRecords.at(-1)!.json).n, n - 1);
    const numbers = [...oldRecords, ...newRecords].map((r) => JSON.parse(r.json).n as number);
    assert.deepEqual([...numbers].sort((x, y) => x - y), Array.from({ length: n + 1 }, (_, i) => i - 1));
  });

  it('rotates shards into children that start above their parents, keep the hash range and take the appends', async () => {
    const clock = new TestClock();
    const [a, b] = await nodes(2, clock);
    const id = await a!.createTable('T', spec('S', { shardCount: 2 }));
    const hashes = [1, 0x90000000, 2, 0x90000001];
    for (const [i, hash] of hashes.entries()) await b!.write(id, { pk: `a${i}`, hash });
    const { id: streamId } = await a!.stream('T', 'S');
    await a!.streams.rotate(streamId, clock.now); // b's memory of the shards is stale from here
    for (const [i, hash] of hashes.entries()) await b!.write(id, { pk: `b${i}`, hash });
    clock.now += 5000;
    await a!.streams.rotate(streamId, clock.now);
    await b!.write(id, { pk: 'c', hash: 3 });

    const shards = (await a!.stream('T', 'S')).shards;
    assert.equal(shards.length, 6);
    const [p0, p1, c0, c1, g0, g1] = shards;
    assert.deepEqual([c0!.parentShardId, c1!.parentShardId, g0!.parentShardId, g1!.parentShardId], [p0!.shardId, p1!.shardId, c0!.shardId, c1!.shardId]);
    for (const [parent, child] of [[p0, c0], [p1, c1], [c0, g0], [c1, g1]]) {
      assert.deepEqual([child!.hashFrom, child!.hashTo], [parent!.hashFrom, parent!.hashTo]);
      assert.equal(parent!.endingSequence, parent!.lastSequence);
      assert.ok(parent!.closedAt !== undefined);
    }
    assert.equal(c0!.startingSequence, p0!.endingSequence! + 1n);
    assert.equal(g0!.startingSequence, TEN_TO_THE_20 + BigInt(clock.now) * 1000n);
    assert.equal(g1!.lastSequence, undefined);
    const lineage = async (chain: typeof shards) => {
      const out = [];
      for (const shard of chain) out.push(...(await a!.streams.read({ streamId, shardId: shard!.shardId, limit: 100 })));
      return out.map((r) => JSON.parse(r.json).pk);
    };
    assert.deepEqual(await lineage([p0, c0, g0]), ['a0', 'a2', 'b0', 'b2', 'c']);
    assert.deepEqual(await lineage([p1, c1, g1]), ['a1', 'a3', 'b1', 'b3']);

    await a!.updateStream(id, 'T', spec('S', { enabled: false }));
    await a!.streams.rotate(streamId, clock.now + 1);
    await a!.streams.rotate(streamId + 100, clock.now + 1);
    assert.equal((await a!.stream('T', 'S')).shards.length, 6);
  });

  it('trims old records (keeping the counter), closed streams and emptied closed shards', async () => {
    const clock = new TestClock();
    const [node] = await nodes(1, clock);
    const id = await node!.createTable('T', spec('S'));
    const t0 = clock.now;
    for (let i = 0; i < 4; i++) {
      await node!.write(id, { pk: `k${i}` });
      clock.now += 1000;
    }
    const before = await node!.records('T', 'S');
    await node!.streams.trim(t0 + 2000);
    const [shard] = (await node!.stream('T', 'S')).shards;
    assert.equal(shard!.trimmedThrough, before[1]!.sequence);
    assert.equal(shard!.lastSequence, before[3]!.sequence);
    assert.deepEqual(await node!.records('T', 'S'), before.slice(2));
    await node!.streams.trim(t0 + 2000);
    assert.equal((await node!.stream('T', 'S')).shards[0]!.trimmedThrough, before[1]!.sequence);
    await node!.streams.trim(clock.now);
    assert.deepEqual(await node!.records('T', 'S'), []);
    assert.equal((await node!.stream('T', 'S')).shards[0]!.lastSequence, before[3]!.sequence);
    await node!.write(id, { pk: 'k3b' });
    assert.deepEqual((await node!.records('T', 'S')).map((r) => r.sequence), [before[3]!.sequence + 1n]);

    const { id: streamId } = await node!.stream('T', 'S');
    await node!.streams.rotate(streamId, clock.now);
    const closedAt = clock.now;
    clock.now += 1000;
    await node!.write(id, { pk: 'k4' });
    await node!.streams.trim(closedAt);
    assert.equal((await node!.stream('T', 'S')).shards.length, 2);
    await node!.streams.trim(closedAt + 1);
    const left = (await node!.stream('T', 'S')).shards;
    assert.deepEqual(left.map((s) => s.parentShardId), [shard!.shardId]);
    assert.deepEqual((await node!.records('T', 'S')).map((r) => JSON.parse(r.json).pk), ['k4']);

    await node!.deleteTable(id);
    const deletedAt = clock.now;
    await node!.streams.trim(deletedAt);
    assert.equal((await node!.streams.list()).length, 1);
    await node!.streams.trim(deletedAt + 1);
    assert.deepEqual(await node!.streams.list(), []);
    assert.equal(await node!.streams.get('T', 'S'), undefined);
    assert.deepEqual(await node!.streams.read({ streamId, shardId: left[0]!.shardId, limit: 10 }), []);
    assert.deepEqual(await query(node!.pool, 'SELECT * FROM stream_records'), []);
  });

  it('after its LISTEN connection is killed, a node reconnects, catches up on what it may have missed, and hears appends again', async () => {
    const [a, b] = await nodes(2);
    const id = await a!.createTable('T', spec('S'));
    const appended = new Calls<[number, string, bigint, number?]>();
    const closed = new Calls<[number]>();
    b!.streams.onAppend(appended.record);
    b!.streams.onShardsClosed(closed.record);
    await b!.streams.listening();
    const old = await a!.createTable('Old', spec('O'));
    await a!.deleteTable(old);
    await closed.until('the close of Old', (seen) => seen.length === 1);
    const killed = await query<{ pid: number }>(
      a!.pool,
      "SELECT pg_terminate_backend(pid), pid FROM pg_stat_activity WHERE application_name = 'eddy-node-1 notifications'",
    );
    assert.equal(killed.length, 1);
    const mark = closed.seen.length;
    // Written while b may be disconnected: the catch-up after its new LISTEN reports it.
    const missed = await a!.write(id, { pk: 'while-away' });
    await appended.until('the catch-up of the shard written while away', (seen) => seen.some((c) => c[2] === missed[0]!.lastSequence));
    await closed.until('the catch-up of closed streams', (seen) => seen.length > mark);
    await b!.streams.listening();
    const later = await a!.write(id, { pk: 'later' });
    await appended.until('an append after the reconnect', (seen) => seen.some((c) => c[2] === later[0]!.lastSequence));
    const [again] = await query<{ pid: number }>(a!.pool, "SELECT pid FROM pg_stat_activity WHERE application_name = 'eddy-node-1 notifications'");
    assert.notEqual(again!.pid, killed[0]!.pid);
  });
});

/** A write transaction that appends and then fails: nothing of it may stay. */
async function inTransactionThatFails(node: StreamNode, tableId: number): Promise<void> {
  await inTransaction(node.pool, async (client) => {
    const planned = await node.streams.planAppend(client, tableId, [{ hash: 1, json: '{"lost":true}' }]);
    assert.equal((await runStatements(client, planned.map((p) => p.statement))).length, 1);
    throw new Error('rolled back on purpose');
  });
}
