import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { tempDir } from './fixtures/temp-dir.js';
import { StreamFixture, TEN_TO_THE_20, spec } from './fixtures/stream-helpers.js';

const dir = tempDir();
let counter = 0;
const fixture = () => new StreamFixture(dir, `retention-${++counter}`);

describe('SqliteEngine streams: rotation, trimming, restarts', () => {
  it('rotates shards into children that start above their parents and keep the hash range', async () => {
    const f = fixture();
    const id = (await f.engine.createTable('T', {}, spec('S', { shardCount: 2 })))!.id;
    const hashes = [1, 0x90000000, 2, 0x90000001];
    for (const [i, hash] of hashes.entries()) await f.put(id, `a${i}`, i, { hash });
    const { stream } = (await f.engine.getStream('T', 'S'))!;
    // The clock has not moved: children continue from their parents' counters.
    await f.engine.rotateShards(stream.id, f.now);
    for (const [i, hash] of hashes.entries()) await f.put(id, `b${i}`, i, { hash });
    f.now += 5000; // ...and once it has, from the new time's base
    await f.engine.rotateShards(stream.id, f.now);
    await f.put(id, 'c', 0, { hash: 3 });

    const shards = await f.shards('T', 'S');
    assert.equal(shards.length, 6);
    const [p0, p1, c0, c1, g0, g1] = shards;
    assert.deepEqual([c0!.parentShardId, c1!.parentShardId, g0!.parentShardId, g1!.parentShardId], [p0!.shardId, p1!.shardId, c0!.shardId, c1!.shardId]);
    assert.equal(p0!.parentShardId, undefined);
    for (const [parent, child] of [[p0, c0], [p1, c1], [c0, g0], [c1, g1]]) {
      assert.deepEqual([child!.hashFrom, child!.hashTo], [parent!.hashFrom, parent!.hashTo]);
      assert.equal(parent!.endingSequence, parent!.lastSequence);
      assert.ok(parent!.closedAt !== undefined);
    }
    assert.equal(c0!.startingSequence, p0!.endingSequence! + 1n);
    assert.equal(g0!.startingSequence, TEN_TO_THE_20 + BigInt(f.now) * 1000n);
    assert.equal(g1!.lastSequence, undefined);
    assert.equal(g0!.closedAt, undefined);
    assert.equal(new Set(shards.map((s) => s.shardId)).size, 6);

    // Following lineage (parent, then child) yields every record of a hash range once, in order.
    const lineage = async (chain: typeof shards) => {
      const out = [];
      for (const shard of chain) out.push(...(await f.engine.readShard({ streamId: stream.id, shardId: shard!.shardId, limit: 100 })));
      return out;
    };
    const low = await lineage([p0, c0, g0]);
    assert.deepEqual(low.map((r) => JSON.parse(r.json).pk), ['a0', 'a2', 'b0', 'b2', 'c']);
    low.slice(1).forEach((r, i) => assert.ok(r.sequence > low[i]!.sequence));
    assert.deepEqual((await lineage([p1, c1, g1])).map((r) => JSON.parse(r.json).pk), ['a1', 'a3', 'b1', 'b3']);

    // A closed stream does not rotate.
    await f.engine.updateTable('T', (t) => ({ definition: t.definition, stream: spec('S', { enabled: false }) }));
    await f.engine.rotateShards(stream.id, f.now + 1);
    await f.engine.rotateShards(stream.id + 100, f.now + 1);
    assert.equal((await f.shards('T', 'S')).length, 6);
    await f.engine.close();
  });

  it('trims old records, closed streams and emptied closed shards', async () => {
    const f = fixture();
    const id = (await f.engine.createTable('T', {}, spec('S')))!.id;
    const t0 = f.now;
    for (let i = 0; i < 4; i++) {
      await f.put(id, `k${i}`, i);
      f.now += 1000;
    }
    const before = await f.records('T', 'S');
    await f.engine.trimStreams(t0 + 2000);
    const [shard] = await f.shards('T', 'S');
    assert.equal(shard!.trimmedThrough, before[1]!.sequence);
    assert.equal(shard!.lastSequence, before[3]!.sequence);
    assert.deepEqual(await f.records('T', 'S'), before.slice(2));
    await f.engine.trimStreams(t0 + 2000); // nothing more to trim
    assert.equal((await f.shards('T', 'S'))[0]!.trimmedThrough, before[1]!.sequence);

    // A rotated-away shard goes once it is empty and was closed before the cut.
    const { stream } = (await f.engine.getStream('T', 'S'))!;
    await f.engine.rotateShards(stream.id, f.now);
    const closedAt = f.now;
    f.now += 1000;
    await f.put(id, 'k4', 4);
    await f.engine.trimStreams(closedAt);
    assert.equal((await f.shards('T', 'S')).length, 2);
    await f.engine.trimStreams(closedAt + 1);
    const left = await f.shards('T', 'S');
    assert.deepEqual(left.map((s) => s.parentShardId), [shard!.shardId]);
    assert.deepEqual((await f.records('T', 'S')).map((r) => JSON.parse(r.json).pk), ['k4']);

    // A closed stream stays readable until the cut passes its closing time, then goes entirely.
    await f.engine.deleteTable('T');
    const deletedAt = f.now;
    await f.engine.trimStreams(deletedAt);
    assert.equal((await f.engine.listStreams()).length, 1);
    await f.engine.trimStreams(deletedAt + 1);
    assert.deepEqual(await f.engine.listStreams(), []);
    assert.equal(await f.engine.getStream('T', 'S'), undefined);
    assert.deepEqual(await f.engine.readShard({ streamId: stream.id, shardId: left[0]!.shardId, limit: 10 }), []);
    await f.engine.close();
  });

  it('keeps streams, records and counters across close and reopen', async () => {
    const f = fixture();
    const id = (await f.engine.createTable('T', {}, spec('S', { shardCount: 2 })))!.id;
    await Promise.all([0, 1, 2, 3].map((i) => f.put(id, `a${i}`, i, { hash: i * 0x50000000 })));
    await f.engine.close();
    f.open();
    await Promise.all([0, 1, 2, 3].map((i) => f.put(id, `b${i}`, i, { hash: i * 0x50000000 })));
    await f.engine.close();
    f.open();
    const records = await f.records('T', 'S');
    assert.deepEqual(records.map((r) => JSON.parse(r.json).pk), ['a0', 'a1', 'b0', 'b1', 'a2', 'a3', 'b2', 'b3']);
    const shards = await f.shards('T', 'S');
    for (const shard of shards) {
      const own = records.filter((r) => r.shardId === shard.shardId).map((r) => r.sequence);
      assert.deepEqual(own, [0n, 1n, 2n, 3n].map((n) => shard.startingSequence + n));
      assert.equal(shard.lastSequence, own.at(-1));
    }
    // The reopened engine's cache knows the open stream: disabling closes it at the right place.
    await f.engine.updateTable('T', (t) => ({ definition: t.definition, stream: spec('S', { enabled: false }) }));
    assert.deepEqual((await f.shards('T', 'S')).map((s) => s.endingSequence), shards.map((s) => s.lastSequence));
    await f.engine.close();
  });

  it('keeps a shard counter when every record is trimmed, across reopen', async () => {
    const f = fixture();
    const id = (await f.engine.createTable('T', {}, spec('S')))!.id;
    await f.put(id, 'a', 1);
    await f.put(id, 'b', 2);
    const [shard] = await f.shards('T', 'S');
    assert.equal(shard!.lastSequence, shard!.startingSequence + 1n);
    f.now += 1000;
    await f.engine.trimStreams(f.now);
    assert.deepEqual(await f.records('T', 'S'), []);
    await f.engine.close();
    f.open();
    assert.equal((await f.shards('T', 'S'))[0]!.lastSequence, shard!.startingSequence + 1n);
    await f.put(id, 'c', 3);
    assert.deepEqual((await f.records('T', 'S')).map((r) => r.sequence), [shard!.startingSequence + 2n]);
    await f.engine.close();
  });
});
