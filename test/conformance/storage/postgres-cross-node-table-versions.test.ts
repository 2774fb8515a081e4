import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DescribeTableCommand,
  PutItemCommand,
  QueryCommand,
  UpdateTableCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { testEngines } from '../../helpers/postgres-cluster.js';
import { eddyNodes } from '../../helpers/eddy-nodes.js';
import { eventually } from '../../helpers/eventually.js';
import { ordersOnTwoNodes } from './fixtures/orders-on-two-nodes.js';

// Two Eddy nodes on one PostgreSQL database (issue 22): each caches table definitions, so node A decides its
// writes against what it read before. A GSI or stream added on node B must still be honoured by A's next write.
const skip = testEngines().includes('postgres') ? false : 'PostgreSQL is not among EDDY_TEST_ENGINES';

describe('storage: PostgreSQL, table definitions changed on another node', { skip }, () => {
  const nodes = eddyNodes();

  // Node A caches the definition it writes against.
  const twoNodes = () => ordersOnTwoNodes(nodes);

  it('a GSI added on node B gets the entries of node A’s next write', async () => {
    const [a, b] = await twoNodes();
    await b.ddb.send(
      new UpdateTableCommand({
        TableName: 'Orders',
        AttributeDefinitions: [{ AttributeName: 'customer', AttributeType: 'S' }],
        GlobalSecondaryIndexUpdates: [
          { Create: { IndexName: 'byCustomer', KeySchema: [{ AttributeName: 'customer', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } } },
        ],
      }),
    );
    // Once the index is ACTIVE its backfill is over: only A's own write can put the second item in it.
    await eventually('the index to be ACTIVE', async () => {
      const { Table } = await b.ddb.send(new DescribeTableCommand({ TableName: 'Orders' }));
      return Table?.GlobalSecondaryIndexes?.[0]?.IndexStatus === 'ACTIVE' ? true : undefined;
    });
    await a.ddb.send(new PutItemCommand({ TableName: 'Orders', Item: { id: { S: 'second' }, customer: { S: 'ann' } } }));

    const { Items } = await b.ddb.send(
      new QueryCommand({
        TableName: 'Orders',
        IndexName: 'byCustomer',
        KeyConditionExpression: 'customer = :c',
        ExpressionAttributeValues: { ':c': { S: 'ann' } },
      }),
    );
    assert.deepEqual(Items?.map((item) => item.id?.S).sort(), ['first', 'second']);
  });

  it('a stream enabled on node B gets the record of node A’s next write', async () => {
    const [a, b] = await twoNodes();
    const updated = await b.ddb.send(
      new UpdateTableCommand({ TableName: 'Orders', StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' } }),
    );
    await a.ddb.send(new PutItemCommand({ TableName: 'Orders', Item: { id: { S: 'second' }, customer: { S: 'bob' } } }));

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
