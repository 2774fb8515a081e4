import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ExecuteStatementCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { testEngines } from '../../helpers/postgres-cluster.js';
import { eddyNodes } from '../../helpers/eddy-nodes.js';
import type { TestEddy } from '../../helpers/eddy.js';
import { eventually } from '../../helpers/eventually.js';
import { ordersOnTwoNodes } from './fixtures/orders-on-two-nodes.js';

// Two Eddy nodes on one PostgreSQL database: node A's main process caches each table definition it used.
// A table changed on node B must be answered by A's very next request as the stored definition says, for
// reads and for requests that fail validation against the old definition before reaching storage.
const skip = testEngines().includes('postgres') ? false : 'PostgreSQL is not among EDDY_TEST_ENGINES';

describe('storage: PostgreSQL, node A answers from table definitions node B changed', { skip }, () => {
  const nodes = eddyNodes();

  /** Node A has read `Orders` (key `id`) and caches its definition. */
  async function twoNodes(): Promise<[TestEddy, TestEddy]> {
    const [a, b] = await ordersOnTwoNodes(nodes);
    const { Item } = await a.ddb.send(new GetItemCommand({ TableName: 'Orders', Key: { id: { S: 'first' } } }));
    assert.equal(Item?.customer?.S, 'ann');
    return [a, b];
  }

  /** Node B deletes `Orders` and creates it again keyed on `pk`, with one item. */
  async function recreatedOnB(b: TestEddy): Promise<void> {
    await b.ddb.send(new DeleteTableCommand({ TableName: 'Orders' }));
    await b.ddb.send(
      new CreateTableCommand({
        TableName: 'Orders',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await b.ddb.send(new PutItemCommand({ TableName: 'Orders', Item: { pk: { S: 'again' }, customer: { S: 'bob' } } }));
  }

  it('a GSI added on node B answers node A’s Query on it', async () => {
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
    // B's view: the change is complete (backfilled) before A is asked anything.
    await eventually('the index to be ACTIVE on node B', async () => {
      const { Table } = await b.ddb.send(new DescribeTableCommand({ TableName: 'Orders' }));
      return Table?.GlobalSecondaryIndexes?.[0]?.IndexStatus === 'ACTIVE' ? true : undefined;
    });
    const { Items } = await a.ddb.send(
      new QueryCommand({
        TableName: 'Orders',
        IndexName: 'byCustomer',
        KeyConditionExpression: 'customer = :c',
        ExpressionAttributeValues: { ':c': { S: 'ann' } },
      }),
    );
    assert.deepEqual(Items?.map((item) => item.id?.S), ['first']);
  });

  it('a table created again on node B with another key answers node A’s GetItem with the new key', async () => {
    const [a, b] = await twoNodes();
    await recreatedOnB(b);
    const { Item } = await a.ddb.send(new GetItemCommand({ TableName: 'Orders', Key: { pk: { S: 'again' } } }));
    assert.equal(Item?.customer?.S, 'bob');
  });

  it('a table created again on node B answers node A’s Scan with its items', async () => {
    const [a, b] = await twoNodes();
    await recreatedOnB(b);
    const { Items } = await a.ddb.send(new ScanCommand({ TableName: 'Orders' }));
    assert.deepEqual(Items?.map((item) => item.pk?.S), ['again']);
  });

  it('a table created again on node B takes node A’s PutItem with the new key', async () => {
    const [a, b] = await twoNodes();
    await recreatedOnB(b);
    await a.ddb.send(new PutItemCommand({ TableName: 'Orders', Item: { pk: { S: 'from-a' }, customer: { S: 'cy' } } }));
    const { Item } = await b.ddb.send(new GetItemCommand({ TableName: 'Orders', Key: { pk: { S: 'from-a' } } }));
    assert.equal(Item?.customer?.S, 'cy');
  });

  it('a table created again on node B is what node A’s DescribeTable describes', async () => {
    const [a, b] = await twoNodes();
    await recreatedOnB(b);
    const { Table } = await a.ddb.send(new DescribeTableCommand({ TableName: 'Orders' }));
    assert.deepEqual(Table?.KeySchema, [{ AttributeName: 'pk', KeyType: 'HASH' }]);
  });

  it('a table created again on node B answers node A’s PartiQL SELECT with the new key', async () => {
    const [a, b] = await twoNodes();
    await recreatedOnB(b);
    const { Items } = await a.ddb.send(new ExecuteStatementCommand({ Statement: `SELECT * FROM "Orders" WHERE pk = 'again'` }));
    assert.deepEqual(Items?.map((item) => item.customer?.S), ['bob']);
  });

  it('TTL enabled on node B is what node A’s DescribeTimeToLive describes', async () => {
    const [a, b] = await twoNodes();
    await a.ddb.send(new DescribeTimeToLiveCommand({ TableName: 'Orders' }));
    await b.ddb.send(new UpdateTimeToLiveCommand({ TableName: 'Orders', TimeToLiveSpecification: { Enabled: true, AttributeName: 'expires' } }));
    const { TimeToLiveDescription } = await a.ddb.send(new DescribeTimeToLiveCommand({ TableName: 'Orders' }));
    assert.deepEqual(TimeToLiveDescription, { TimeToLiveStatus: 'ENABLED', AttributeName: 'expires' });
  });

  it('a table deleted on node B is not found by node A’s GetItem', async () => {
    const [a, b] = await twoNodes();
    await b.ddb.send(new DeleteTableCommand({ TableName: 'Orders' }));
    await assert.rejects(a.ddb.send(new GetItemCommand({ TableName: 'Orders', Key: { id: { S: 'first' } } })), { name: 'ResourceNotFoundException' });
  });
});
