import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { allShards, createStreamTable, readLineage, uniqueTable } from './stream-fixtures.js';

/** Shard rotation: parents close, children continue, and a lineage-following reader sees each record once. */
describe('shard lineage under rotation', () => {
  let eddy: TestEddy;
  before(async () => {
    eddy = await startTestEddy({ streams: { shardCount: 2 } });
  });
  after(() => eddy.stop());

  const put = (TableName: string, pk: string, v: number) =>
    eddy.ddb.send(new PutItemCommand({ TableName, Item: { pk: { S: pk }, v: { N: String(v) } } }));

  it('rotation closes every open shard and opens one child each', async () => {
    const table = uniqueTable('rotated');
    const arn = await createStreamTable(eddy.ddb, table, 'KEYS_ONLY');
    const parents = await allShards(eddy.streams, arn);
    assert.deepEqual(await eddy.admin('/_eddy/streams/rotate'), { rotatedStreams: (await listOpenCount()) });
    const shards = await allShards(eddy.streams, arn);
    assert.equal(shards.length, 4);
    for (const parent of parents) {
      const now = shards.find((s) => s.ShardId === parent.ShardId)!;
      assert.ok(now.SequenceNumberRange!.EndingSequenceNumber, 'parent closed');
      const children = (
        await eddy.streams.send(new DescribeStreamCommand({ StreamArn: arn, ShardFilter: { Type: 'CHILD_SHARDS', ShardId: parent.ShardId } }))
      ).StreamDescription!.Shards!;
      assert.equal(children.length, 1);
      assert.equal(children[0]!.ParentShardId, parent.ShardId);
      assert.equal(children[0]!.SequenceNumberRange!.EndingSequenceNumber, undefined);
      assert.ok(BigInt(children[0]!.SequenceNumberRange!.StartingSequenceNumber!) > BigInt(now.SequenceNumberRange!.EndingSequenceNumber!));
    }
  });

  async function listOpenCount(): Promise<number> {
    // Every stream in this Eddy is enabled, so all of them rotate.
    const raw = await eddy.raw('DynamoDBStreams_20120810.ListStreams', {});
    return raw.json.Streams.length;
  }

  it('a lineage walk reads every record exactly once, per-key order kept across rotations', async () => {
    const table = uniqueTable('walked');
    const arn = await createStreamTable(eddy.ddb, table, 'NEW_IMAGE');
    const keys = ['a', 'b', 'c', 'd', 'e', 'f'];
    let rotations = 0;
    for (let v = 1; v <= 12; v++) {
      await Promise.all(keys.map((pk) => put(table, pk, v)));
      if (v % 3 === 0) {
        await eddy.admin('/_eddy/streams/rotate');
        rotations++;
      }
    }
    const shards = await allShards(eddy.streams, arn);
    assert.equal(shards.length, 2 * (rotations + 1));
    const records = await readLineage(eddy.streams, arn);
    assert.equal(records.length, keys.length * 12);
    assert.equal(new Set(records.map((r) => r.eventID)).size, records.length);
    for (const pk of keys) {
      const versions = records.filter((r) => r.dynamodb!.Keys!.pk!.S === pk).map((r) => Number(r.dynamodb!.NewImage!.v!.N));
      assert.deepEqual(versions, Array.from({ length: 12 }, (_, i) => i + 1), `versions of ${pk}`);
    }
  });

  it('a reader on a parent is told the shard ended once it has read it all', async () => {
    const table = uniqueTable('ended');
    const arn = await createStreamTable(eddy.ddb, table, 'KEYS_ONLY');
    const shards = await allShards(eddy.streams, arn);
    const iterators = await Promise.all(
      shards.map(async (s) =>
        (await eddy.streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: s.ShardId, ShardIteratorType: 'LATEST' }))).ShardIterator!,
      ),
    );
    await eddy.admin('/_eddy/streams/rotate');
    for (const ShardIterator of iterators) {
      const out = await eddy.streams.send(new GetRecordsCommand({ ShardIterator }));
      assert.deepEqual(out.Records, []);
      assert.equal(out.NextShardIterator, undefined);
    }
  });
});
