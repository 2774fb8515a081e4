import { it } from 'node:test';
import assert from 'node:assert/strict';
import { MissingTableError } from './engine.js';
import { describeStoreContract } from '../../test/helpers/store-contract.js';
import { CLOCKED_ENGINE_OPENERS, TEN_TO_THE_20, put, records, shards, spec, type ClockedEngine } from '../../test/helpers/stream-engines.js';

// appendStreamRecords (engine.ts): stream records appended without an item write, as an import carries a
// stream's records across, on every engine.
describeStoreContract<ClockedEngine>('StorageEngine stream appends', CLOCKED_ENGINE_OPENERS, ({ open }) => {
  it('appends records alone, in order, after and before item writes, answering the shard and sequence number of each; no item is written', async () => {
    const { engine, clock } = await open();
    const tableId = (await engine.createTable('T', {}, spec('S')))!.id;
    const heard: [string, bigint, number | undefined][] = [];
    const stop = engine.onAppend((_, shardId, last, count) => heard.push([shardId, last, count]));
    await put(engine, tableId, 'a', 1);
    const placed = await engine.appendStreamRecords(tableId, [
      { hash: 5, json: '{"pk":"x","v":1}' },
      { hash: 6, json: '{"pk":"y","v":2}' },
      { hash: 5, json: '{"pk":"x","v":3}' },
    ]);
    await put(engine, tableId, 'b', 2);
    stop();
    const [shard] = await shards(engine, 'T', 'S');
    const start = TEN_TO_THE_20 + BigInt(clock.now) * 1000n;
    assert.deepEqual(placed, [1n, 2n, 3n].map((n) => ({ shardId: shard!.shardId, sequence: start + n })));
    assert.deepEqual(
      (await records(engine, 'T', 'S')).map((r) => [r.sequence, r.json]),
      [
        [start, '{"pk":"a","v":1}'],
        [start + 1n, '{"pk":"x","v":1}'],
        [start + 2n, '{"pk":"y","v":2}'],
        [start + 3n, '{"pk":"x","v":3}'],
        [start + 4n, '{"pk":"b","v":2}'],
      ],
    );
    assert.deepEqual(heard, [
      [shard!.shardId, start, 1],
      [shard!.shardId, start + 3n, 3],
      [shard!.shardId, start + 4n, 1],
    ]);
    assert.deepEqual(
      (await engine.scan({ tableId, limit: 10 })).map((item) => item.json),
      ['{"v":1}', '{"v":2}'],
    );
    assert.equal((await engine.tableStats(tableId)).itemCount, 2);
  });

  it('routes each record by its hash to the open shard covering it, numbering each shard on its own', async () => {
    const { engine } = await open();
    const tableId = (await engine.createTable('T', {}, spec('S', { shardCount: 2 })))!.id;
    const [low, high] = await shards(engine, 'T', 'S');
    const placed = await engine.appendStreamRecords(tableId, [
      { hash: 0xfffffff0, json: '"h1"' },
      { hash: 1, json: '"l1"' },
      { hash: 0x80000000, json: '"h2"' },
      { hash: 0x7fffffff, json: '"l2"' },
    ]);
    assert.deepEqual(placed, [
      { shardId: high!.shardId, sequence: high!.startingSequence },
      { shardId: low!.shardId, sequence: low!.startingSequence },
      { shardId: high!.shardId, sequence: high!.startingSequence + 1n },
      { shardId: low!.shardId, sequence: low!.startingSequence + 1n },
    ]);
    assert.deepEqual(
      (await records(engine, 'T', 'S')).map((r) => [r.shardId, r.sequence, r.json]),
      [
        [low!.shardId, low!.startingSequence, '"l1"'],
        [low!.shardId, low!.startingSequence + 1n, '"l2"'],
        [high!.shardId, high!.startingSequence, '"h1"'],
        [high!.shardId, high!.startingSequence + 1n, '"h2"'],
      ],
    );
  });

  it('drops the records of a table without an open stream (undefined each); refuses a table that does not exist', async () => {
    const { engine } = await open();
    const plain = (await engine.createTable('Plain', {}))!.id;
    assert.deepEqual(await engine.appendStreamRecords(plain, [{ hash: 1, json: '"r"' }]), [undefined]);
    const tableId = (await engine.createTable('T', {}, spec('S')))!.id;
    await engine.updateTable('T', (t) => ({ definition: t.definition, stream: spec('S', { enabled: false }) }));
    assert.deepEqual(await engine.appendStreamRecords(tableId, [{ hash: 1, json: '"r"' }, { hash: 2, json: '"s"' }]), [undefined, undefined]);
    assert.deepEqual(await records(engine, 'T', 'S'), []);
    await engine.deleteTable('T');
    await assert.rejects(engine.appendStreamRecords(tableId, [{ hash: 1, json: '"r"' }]), (error) => error instanceof MissingTableError && error.tableId === tableId);
  });
});
