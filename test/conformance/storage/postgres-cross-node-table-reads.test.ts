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
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { testEngines } from '../../helpers/postgres-cluster.js';
import { eddyNodes } from '../../helpers/eddy-nodes.js';
import type { TestEddy } from '../../helpers/eddy.js';
import { customerIndexAddedOn, ordersOn, sharedTwoNodes } from './fixtures/orders-on-two-nodes.js';

// Two Eddy nodes on one PostgreSQL database: node A's main process caches each table definition it used.
// A table changed on node B must be answered by A's very next request as the stored definition says, for
// reads and for requests that fail validation against the old definition before reaching storage. The two
// nodes serve every test of the suite; each test has a table of its own.
const skip = testEngines().includes('postgres') ? false : 'PostgreSQL is not among EDDY_TEST_ENGINES';

describe('storage: PostgreSQL, node A answers from table definitions node B changed', { skip }, () => {
  const twoNodes = sharedTwoNodes(eddyNodes());

  /** Node A has read the test's table (key `id`) and caches its definition. */
  async function orders(): Promise<[TestEddy, TestEddy, string]> {
    const [a, b] = await twoNodes();
    const TableName = await ordersOn(a);
    const { Item } = await a.ddb.send(new GetItemCommand({ TableName, Key: { id: { S: 'first' } } }));
    assert.equal(Item?.customer?.S, 'ann');
    return [a, b, TableName];
  }

  /** Node B deletes the table and creates it again keyed on `pk`, with one item. */
  async function recreatedOnB(b: TestEddy, TableName: string): Promise<void> {
    await b.ddb.send(new DeleteTableCommand({ TableName }));
    await b.ddb.send(
      new CreateTableCommand({
        TableName,
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await b.ddb.send(new PutItemCommand({ TableName, Item: { pk: { S: 'again' }, customer: { S: 'bob' } } }));
  }

  it('a GSI added on node B answers node A’s Query on it', async () => {
    const [a, b, TableName] = await orders();
    // B's view: the change is complete (backfilled) before A is asked anything.
    await customerIndexAddedOn(b, TableName);
    const { Items } = await a.ddb.send(
      new QueryCommand({
        TableName,
        IndexName: 'byCustomer',
        KeyConditionExpression: 'customer = :c',
        ExpressionAttributeValues: { ':c': { S: 'ann' } },
      }),
    );
    assert.deepEqual(Items?.map((item) => item.id?.S), ['first']);
  });

  it('a table created again on node B with another key answers node A’s GetItem with the new key', async () => {
    const [a, b, TableName] = await orders();
    await recreatedOnB(b, TableName);
    const { Item } = await a.ddb.send(new GetItemCommand({ TableName, Key: { pk: { S: 'again' } } }));
    assert.equal(Item?.customer?.S, 'bob');
  });

  it('a table created again on node B answers node A’s Scan with its items', async () => {
    const [a, b, TableName] = await orders();
    await recreatedOnB(b, TableName);
    const { Items } = await a.ddb.send(new ScanCommand({ TableName }));
    assert.deepEqual(Items?.map((item) => item.pk?.S), ['again']);
  });

  it('a table created again on node B takes node A’s PutItem with the new key', async () => {
    const [a, b, TableName] = await orders();
    await recreatedOnB(b, TableName);
    await a.ddb.send(new PutItemCommand({ TableName, Item: { pk: { S: 'from-a' }, customer: { S: 'cy' } } }));
    const { Item } = await b.ddb.send(new GetItemCommand({ TableName, Key: { pk: { S: 'from-a' } } }));
    assert.equal(Item?.customer?.S, 'cy');
  });

  it('a table created again on node B is what node A’s DescribeTable describes', async () => {
    const [a, b, TableName] = await orders();
    await recreatedOnB(b, TableName);
    const { Table } = await a.ddb.send(new DescribeTableCommand({ TableName }));
    assert.deepEqual(Table?.KeySchema, [{ AttributeName: 'pk', KeyType: 'HASH' }]);
  });

  it('a table created again on node B answers node A’s PartiQL SELECT with the new key', async () => {
    const [a, b, TableName] = await orders();
    await recreatedOnB(b, TableName);
    const { Items } = await a.ddb.send(new ExecuteStatementCommand({ Statement: `SELECT * FROM "${TableName}" WHERE pk = 'again'` }));
    assert.deepEqual(Items?.map((item) => item.customer?.S), ['bob']);
  });

  it('TTL enabled on node B is what node A’s DescribeTimeToLive describes', async () => {
    const [a, b, TableName] = await orders();
    await a.ddb.send(new DescribeTimeToLiveCommand({ TableName }));
    await b.ddb.send(new UpdateTimeToLiveCommand({ TableName, TimeToLiveSpecification: { Enabled: true, AttributeName: 'expires' } }));
    const { TimeToLiveDescription } = await a.ddb.send(new DescribeTimeToLiveCommand({ TableName }));
    assert.deepEqual(TimeToLiveDescription, { TimeToLiveStatus: 'ENABLED', AttributeName: 'expires' });
  });

  it('a table deleted on node B is not found by node A’s GetItem', async () => {
    const [a, b, TableName] = await orders();
    await b.ddb.send(new DeleteTableCommand({ TableName }));
    await assert.rejects(a.ddb.send(new GetItemCommand({ TableName, Key: { id: { S: 'first' } } })), { name: 'ResourceNotFoundException' });
  });
});
