import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeStoreContract } from '../../test/helpers/store-contract.js';
import { CLOCKED_ENGINE_OPENERS, TEN_TO_THE_20, put, records, shards, spec, type ClockedEngine } from '../../test/helpers/stream-engines.js';

// Stream rotation, trimming and restarts of the StorageEngine contract (engine.ts), on every engine.
describeStoreContract<ClockedEngine>('StorageEngine streams: rotation, trimming, restarts', CLOCKED_ENGINE_OPENERS, ({ open, database }) => {
  it('rotates shards into children that start above their parents and keep the hash range', async () => {
    const { engine, clock } = await open();
    const id = (await engine.createTable('T', {}, spec('S', { shardCount: 2 })))!.id;
    const hashes = [1, 0x90000000, 2, 0x90000001];
    for (const [i, hash] of hashes.entries()) await put(engine, id, `a${i}`, i, { hash });
    const { stream } = (await engine.getStream('T', 'S'))!;
    // The clock has not moved: children continue from their parents' counters.
    await engine.rotateShards(stream.id, clock.now);
    for (const [i, hash] of hashes.entries()) await put(engine, id, `b${i}`, i, { hash });
    clock.now += 5000; // ...and once it has, from the new time's base
    await engine.rotateShards(stream.id, clock.now);
    await put(engine, id, 'c', 0, { hash: 3 });

    const all = await shards(engine, 'T', 'S');
    assert.equal(all.length, 6);
    const [p0, p1, c0, c1, g0, g1] = all;
    assert.deepEqual([c0!.parentShardId, c1!.parentShardId, g0!.parentShardId, g1!.parentShardId], [p0!.shardId, p1!.shardId, c0!.shardId, c1!.shardId]);
    assert.equal(p0!.parentShardId, undefined);
    for (const [parent, child] of [[p0, c0], [p1, c1], [c0, g0], [c1, g1]]) {
      assert.deepEqual([child!.hashFrom, child!.hashTo], [parent!.hashFrom, parent!.hashTo]);
      assert.equal(parent!.endingSequence, parent!.lastSequence);
      assert.ok(parent!.closedAt !== undefined);
    }
    assert.equal(c0!.startingSequence, p0!.endingSequence! + 1n);
    assert.equal(g0!.startingSequence, TEN_TO_THE_20 + BigInt(clock.now) * 1000n);
    assert.equal(g1!.lastSequence, undefined);
    assert.equal(g0!.closedAt, undefined);
    assert.equal(new Set(all.map((s) => s.shardId)).size, 6);

    // Following lineage (parent, then child) yields every record of a hash range once, in order.
    const lineage = async (chain: typeof all) => {
      const out = [];
      for (const shard of chain) out.push(...(await engine.readShard({ streamId: stream.id, shardId: shard!.shardId, limit: 100 })));
      return out;
    };
    const low = await lineage([p0, c0, g0]);
    assert.deepEqual(low.map((r) => JSON.parse(r.json).pk), ['a0', 'a2', 'b0', 'b2', 'c']);
    low.slice(1).forEach((r, i) => assert.ok(r.sequence > low[i]!.sequence));
    assert.deepEqual((await lineage([p1, c1, g1])).map((r) => JSON.parse(r.json).pk), ['a1', 'a3', 'b1', 'b3']);

    // A closed stream does not rotate.
    await engine.updateTable('T', (t) => ({ definition: t.definition, stream: spec('S', { enabled: false }) }));
    await engine.rotateShards(stream.id, clock.now + 1);
    await engine.rotateShards(stream.id + 100, clock.now + 1);
    assert.equal((await shards(engine, 'T', 'S')).length, 6);
  });

  it('trims old records, closed streams and emptied closed shards', async () => {
    const { engine, clock } = await open();
    const id = (await engine.createTable('T', {}, spec('S')))!.id;
    const t0 = clock.now;
    for (let i = 0; i < 4; i++) {
      await put(engine, id, `k${i}`, i);
      clock.now += 1000;
    }
    const before = await records(engine, 'T', 'S');
    await engine.trimStreams(t0 + 2000);
    const [shard] = await shards(engine, 'T', 'S');
    assert.equal(shard!.trimmedThrough, before[1]!.sequence);
    assert.equal(shard!.lastSequence, before[3]!.sequence);
    assert.deepEqual(await records(engine, 'T', 'S'), before.slice(2));
    await engine.trimStreams(t0 + 2000); // nothing more to trim
    assert.equal((await shards(engine, 'T', 'S'))[0]!.trimmedThrough, before[1]!.sequence);

    // A rotated-away shard goes once it is empty and was closed before the cut.
    const { stream } = (await engine.getStream('T', 'S'))!;
    await engine.rotateShards(stream.id, clock.now);
    const closedAt = clock.now;
    clock.now += 1000;
    await put(engine, id, 'k4', 4);
    await engine.trimStreams(closedAt);
    assert.equal((await shards(engine, 'T', 'S')).length, 2);
    await engine.trimStreams(closedAt + 1);
    const left = await shards(engine, 'T', 'S');
    assert.deepEqual(left.map((s) => s.parentShardId), [shard!.shardId]);
    assert.deepEqual((await records(engine, 'T', 'S')).map((r) => JSON.parse(r.json).pk), ['k4']);

    // A closed stream stays readable until the cut passes its closing time, then goes entirely.
    await engine.deleteTable('T');
    const deletedAt = clock.now;
    await engine.trimStreams(deletedAt);
    assert.equal((await engine.listStreams()).length, 1);
    await engine.trimStreams(deletedAt + 1);
    assert.deepEqual(await engine.listStreams(), []);
    assert.equal(await engine.getStream('T', 'S'), undefined);
    assert.deepEqual(await engine.readShard({ streamId: stream.id, shardId: left[0]!.shardId, limit: 10 }), []);
  });

  it('keeps streams, records and counters across close and reopen', async () => {
    const place = await database();
    let { engine } = await open(place);
    const id = (await engine.createTable('T', {}, spec('S', { shardCount: 2 })))!.id;
    for (const i of [0, 1, 2, 3]) await put(engine, id, `a${i}`, i, { hash: i * 0x50000000 });
    await engine.close();
    ({ engine } = await open(place));
    for (const i of [0, 1, 2, 3]) await put(engine, id, `b${i}`, i, { hash: i * 0x50000000 });
    await engine.close();
    ({ engine } = await open(place));
    const all = await records(engine, 'T', 'S');
    assert.deepEqual(all.map((r) => JSON.parse(r.json).pk), ['a0', 'a1', 'b0', 'b1', 'a2', 'a3', 'b2', 'b3']);
    const found = await shards(engine, 'T', 'S');
    for (const shard of found) {
      const own = all.filter((r) => r.shardId === shard.shardId).map((r) => r.sequence);
      assert.deepEqual(own, [0n, 1n, 2n, 3n].map((n) => shard.startingSequence + n));
      assert.equal(shard.lastSequence, own.at(-1));
    }
    // The reopened engine knows the open stream: disabling closes it at the right place.
    await engine.updateTable('T', (t) => ({ definition: t.definition, stream: spec('S', { enabled: false }) }));
    assert.deepEqual((await shards(engine, 'T', 'S')).map((s) => s.endingSequence), found.map((s) => s.lastSequence));
  });

  it('keeps a shard counter when every record is trimmed, across reopen', async () => {
    const place = await database();
    const first = await open(place);
    const id = (await first.engine.createTable('T', {}, spec('S')))!.id;
    await put(first.engine, id, 'a', 1);
    await put(first.engine, id, 'b', 2);
    const [shard] = await shards(first.engine, 'T', 'S');
    assert.equal(shard!.lastSequence, shard!.startingSequence + 1n);
    first.clock.now += 1000;
    await first.engine.trimStreams(first.clock.now);
    assert.deepEqual(await records(first.engine, 'T', 'S'), []);
    await first.engine.close();
    const { engine } = await open(place);
    assert.equal((await shards(engine, 'T', 'S'))[0]!.lastSequence, shard!.startingSequence + 1n);
    await put(engine, id, 'c', 3);
    assert.deepEqual((await records(engine, 'T', 'S')).map((r) => r.sequence), [shard!.startingSequence + 2n]);
  });
});
