import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PutItemCommand, QueryCommand, UpdateTableCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { testEngines } from '../../helpers/postgres-cluster.js';
import { eddyNodes } from '../../helpers/eddy-nodes.js';
import { customerIndexAddedOn, ordersOn, sharedTwoNodes } from './fixtures/orders-on-two-nodes.js';

// Two Eddy nodes on one PostgreSQL database (issue 22): each caches table definitions, so node A decides its
// writes against what it read before. A GSI or stream added on node B must still be honoured by A's next write.
const skip = testEngines().includes('postgres') ? false : 'PostgreSQL is not among EDDY_TEST_ENGINES';

describe('storage: PostgreSQL, table definitions changed on another node', { skip }, () => {
  // The two nodes serve both tests; each test has a table of its own, whose definition node A caches.
  const twoNodes = sharedTwoNodes(eddyNodes());
  const orders = async () => {
    const [a, b] = await twoNodes();
    return [a, b, await ordersOn(a)] as const;
  };

  it('a GSI added on node B gets the entries of node A’s next write', async () => {
    const [a, b, TableName] = await orders();
    // Once the index is ACTIVE its backfill is over: only A's own write can put the second item in it.
    await customerIndexAddedOn(b, TableName);
    await a.ddb.send(new PutItemCommand({ TableName, Item: { id: { S: 'second' }, customer: { S: 'ann' } } }));

    const { Items } = await b.ddb.send(
      new QueryCommand({
        TableName,
        IndexName: 'byCustomer',
        KeyConditionExpression: 'customer = :c',
        ExpressionAttributeValues: { ':c': { S: 'ann' } },
      }),
    );
    assert.deepEqual(Items?.map((item) => item.id?.S).sort(), ['first', 'second']);
  });

  it('a stream enabled on node B gets the record of node A’s next write', async () => {
    const [a, b, TableName] = await orders();
    const updated = await b.ddb.send(
      new UpdateTableCommand({ TableName, StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' } }),
    );
    await a.ddb.send(new PutItemCommand({ TableName, Item: { id: { S: 'second' }, customer: { S: 'bob' } } }));

    const StreamArn = updated.TableDescription!.LatestStreamArn!;
    const { StreamDescription } = await b.streams.send(new DescribeStreamCommand({ StreamArn }));
    const keys: Record<string, AttributeValue>[] = [];
    for (const shard of StreamDescription?.Shards ?? []) {
      const { ShardIterator } = await b.streams.send(
        new GetShardIteratorCommand({ StreamArn, ShardId: shard.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }),
      );
      const { Records } = await b.streams.send(new GetRecordsCommand({ ShardIterator }));
      for (const record of Records ?? []) keys.push(record.dynamodb!.Keys as Record<string, AttributeValue>);
    }
    assert.deepEqual(keys, [{ id: { S: 'second' } }]);
  });
});
