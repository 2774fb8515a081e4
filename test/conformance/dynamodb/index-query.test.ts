import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateTableCommand,
  DescribeTableCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
  type QueryCommandInput,
  type ScanCommandInput,
} from '@aws-sdk/client-dynamodb';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { putAll, type Item } from './read-fixtures.js';
import { validationError } from './table-fixtures.js';

const ORDERS = 'IxOrders';

/**
 * pk S / sk S; GSI byStatus (status S, total N) INCLUDE note; GSI byEmail (email S) KEYS_ONLY;
 * GSI byCity (city S) ALL; LSI byTotal (pk, total N) KEYS_ONLY.
 */
async function createOrders(eddy: TestEddy): Promise<void> {
  const hash = (name: string) => ({ AttributeName: name, KeyType: 'HASH' as const });
  const range = (name: string) => ({ AttributeName: name, KeyType: 'RANGE' as const });
  await eddy.ddb.send(
    new CreateTableCommand({
      TableName: ORDERS,
      KeySchema: [hash('pk'), range('sk')],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
        { AttributeName: 'status', AttributeType: 'S' },
        { AttributeName: 'total', AttributeType: 'N' },
        { AttributeName: 'email', AttributeType: 'S' },
        { AttributeName: 'city', AttributeType: 'S' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byStatus',
          KeySchema: [hash('status'), range('total')],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['note'] },
        },
        { IndexName: 'byEmail', KeySchema: [hash('email')], Projection: { ProjectionType: 'KEYS_ONLY' } },
        { IndexName: 'byCity', KeySchema: [hash('city')], Projection: { ProjectionType: 'ALL' } },
      ],
      LocalSecondaryIndexes: [{ IndexName: 'byTotal', KeySchema: [hash('pk'), range('total')], Projection: { ProjectionType: 'KEYS_ONLY' } }],
    }),
  );
}

const o1: Item = { pk: { S: 'c1' }, sk: { S: 'o1' }, status: { S: 'OPEN' }, total: { N: '30' }, note: { S: 'n1' }, extra: { S: 'x1' }, email: { S: 'a@x' }, city: { S: 'Paris' } };
const o2: Item = { pk: { S: 'c1' }, sk: { S: 'o2' }, status: { S: 'OPEN' }, total: { N: '10' }, note: { S: 'n2' }, extra: { S: 'x2' }, city: { S: 'Oslo' } };
const o3: Item = { pk: { S: 'c1' }, sk: { S: 'o3' }, status: { S: 'SHIPPED' }, total: { N: '20' }, city: { S: 'Paris' } };
const o4: Item = { pk: { S: 'c2' }, sk: { S: 'o4' }, status: { S: 'OPEN' }, total: { N: '20' }, extra: { S: 'x4' } };
const o5: Item = { pk: { S: 'c2' }, sk: { S: 'o5' }, total: { N: '5' } }; // in no GSI: no status, email or city

/** The attributes of `item` named, in the given order. */
const pick = (item: Item, ...names: string[]): Item => Object.fromEntries(names.filter((n) => n in item).map((n) => [n, item[n]!]));
const sks = (items: Item[] | undefined) => (items ?? []).map((item) => item['sk']!.S);

describe('Query and Scan on secondary indexes', () => {
  let eddy: TestEddy;
  const q = (input: Omit<QueryCommandInput, 'TableName'>) => eddy.ddb.send(new QueryCommand({ TableName: ORDERS, ...input }));
  const byStatus = (status: string, extra: Partial<QueryCommandInput> = {}) =>
    q({
      IndexName: 'byStatus',
      KeyConditionExpression: '#s = :s',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':s': { S: status } },
      ...extra,
    });

  before(async () => {
    eddy = await startTestEddy();
    await createOrders(eddy);
    await putAll(eddy.ddb, ORDERS, [o1, o2, o3, o4, o5]);
  });
  after(() => eddy.stop());

  it('queries a GSI in index sort-key order, forwards and backwards, with INCLUDE projections', async () => {
    const forward = await byStatus('OPEN');
    assert.deepEqual(sks(forward.Items), ['o2', 'o4', 'o1']);
    assert.equal(forward.Count, 3);
    assert.deepEqual(forward.Items![0], pick(o2, 'pk', 'sk', 'status', 'total', 'note'));
    assert.deepEqual(forward.Items![1], pick(o4, 'pk', 'sk', 'status', 'total'));
    const backward = await byStatus('OPEN', { ScanIndexForward: false });
    assert.deepEqual(sks(backward.Items), ['o1', 'o4', 'o2']);
    const bounded = await byStatus('OPEN', {
      KeyConditionExpression: '#s = :s AND #t > :t',
      ExpressionAttributeNames: { '#s': 'status', '#t': 'total' },
      ExpressionAttributeValues: { ':s': { S: 'OPEN' }, ':t': { N: '10' } },
    });
    assert.deepEqual(sks(bounded.Items), ['o4', 'o1']);
    assert.deepEqual(sks((await byStatus('SHIPPED')).Items), ['o3']);
  });

  it('returns KEYS_ONLY entries as the table and index keys, ALL entries as whole items', async () => {
    const keys = await q({ IndexName: 'byEmail', KeyConditionExpression: 'email = :e', ExpressionAttributeValues: { ':e': { S: 'a@x' } } });
    assert.deepEqual(keys.Items, [pick(o1, 'pk', 'sk', 'email')]);
    const all = await q({ IndexName: 'byCity', KeyConditionExpression: 'city = :c', ExpressionAttributeValues: { ':c': { S: 'Paris' } } });
    assert.deepEqual(all.Items, [o1, o3]);
  });

  it('queries an LSI in its sort-key order; Select ALL_ATTRIBUTES fetches the table items', async () => {
    const lsi = { IndexName: 'byTotal', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'c1' } } };
    const projected = await q({ ...lsi, ConsistentRead: true });
    assert.deepEqual(projected.Items, [pick(o2, 'pk', 'sk', 'total'), pick(o3, 'pk', 'sk', 'total'), pick(o1, 'pk', 'sk', 'total')]);
    const whole = await q({ ...lsi, Select: 'ALL_ATTRIBUTES' });
    assert.deepEqual(whole.Items, [o2, o3, o1]);
    const selected = await q({ ...lsi, Select: 'ALL_PROJECTED_ATTRIBUTES', ScanIndexForward: false });
    assert.deepEqual(sks(selected.Items), ['o1', 'o3', 'o2']);
  });

  it('an LSI fetches attributes it does not project from the table, a GSI returns only what it projects', async () => {
    const lsi = { IndexName: 'byTotal', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'c1' } } };
    const fetched = await q({ ...lsi, ProjectionExpression: 'sk, extra, city' });
    assert.deepEqual(fetched.Items, [pick(o2, 'sk', 'extra', 'city'), pick(o3, 'sk', 'extra', 'city'), pick(o1, 'sk', 'extra', 'city')]);
    const keysOnly = await q({ ...lsi, ProjectionExpression: 'sk, #t', ExpressionAttributeNames: { '#t': 'total' } });
    assert.deepEqual(keysOnly.Items, [pick(o2, 'sk', 'total'), pick(o3, 'sk', 'total'), pick(o1, 'sk', 'total')]);
    const scanned = await eddy.ddb.send(new ScanCommand({ TableName: ORDERS, IndexName: 'byTotal', ProjectionExpression: 'sk, #n', ExpressionAttributeNames: { '#n': 'note' }, Select: 'SPECIFIC_ATTRIBUTES' }));
    assert.deepEqual(scanned.Items?.filter((item) => item['note']).map((item) => item['note']!.S).sort(), ['n1', 'n2']);
    const gsi = await byStatus('OPEN', { ProjectionExpression: 'sk, #n, extra', ExpressionAttributeNames: { '#s': 'status', '#n': 'note' } });
    assert.deepEqual(gsi.Items, [pick(o2, 'sk', 'note'), pick(o4, 'sk'), pick(o1, 'sk', 'note')]);
  });

  it('ReturnConsumedCapacity INDEXES charges the index read, and the table for each item fetched', async () => {
    const lsi = { IndexName: 'byTotal', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'c1' } }, ConsistentRead: true };
    const units = (n: number) => ({ CapacityUnits: n, ReadCapacityUnits: n });
    // Three small entries read together: one unit; each of the three items fetched: one unit of its own.
    const projected = await q({ ...lsi, ReturnConsumedCapacity: 'INDEXES' });
    assert.deepEqual(projected.ConsumedCapacity, { TableName: ORDERS, ...units(1), Table: units(0), LocalSecondaryIndexes: { byTotal: units(1) } });
    const whole = await q({ ...lsi, Select: 'ALL_ATTRIBUTES', ReturnConsumedCapacity: 'INDEXES' });
    assert.deepEqual(whole.ConsumedCapacity, { TableName: ORDERS, ...units(4), Table: units(3), LocalSecondaryIndexes: { byTotal: units(1) } });
    const total = await q({ ...lsi, ProjectionExpression: 'extra', ReturnConsumedCapacity: 'TOTAL' });
    assert.deepEqual(total.ConsumedCapacity, { TableName: ORDERS, ...units(4) });
    const gsi = await byStatus('OPEN', { ReturnConsumedCapacity: 'INDEXES' });
    assert.deepEqual(gsi.ConsumedCapacity, { TableName: ORDERS, ...units(0.5), Table: units(0), GlobalSecondaryIndexes: { byStatus: units(0.5) } });
    const scan = await eddy.ddb.send(new ScanCommand({ TableName: ORDERS, IndexName: 'byCity', Select: 'COUNT', ReturnConsumedCapacity: 'INDEXES' }));
    assert.deepEqual(scan.ConsumedCapacity, { TableName: ORDERS, ...units(0.5), Table: units(0), GlobalSecondaryIndexes: { byCity: units(0.5) } });
  });

  it('applies ProjectionExpression and FilterExpression to index entries', async () => {
    const result = await byStatus('OPEN', {
      ProjectionExpression: 'sk, note',
      FilterExpression: 'attribute_exists(note)',
    });
    assert.deepEqual(result.Items, [{ sk: { S: 'o2' }, note: { S: 'n2' } }, { sk: { S: 'o1' }, note: { S: 'n1' } }]);
    assert.equal(result.Count, 2);
    assert.equal(result.ScannedCount, 3);
  });

  it('gives LastEvaluatedKey with the index keys and the table keys, and resumes from it', async () => {
    const first = await byStatus('OPEN', { Limit: 2 });
    assert.deepEqual(sks(first.Items), ['o2', 'o4']);
    assert.deepEqual(first.LastEvaluatedKey, { status: { S: 'OPEN' }, total: { N: '20' }, pk: { S: 'c2' }, sk: { S: 'o4' } });
    const second = await byStatus('OPEN', { Limit: 2, ExclusiveStartKey: first.LastEvaluatedKey });
    assert.deepEqual(sks(second.Items), ['o1']);
    assert.equal(second.LastEvaluatedKey, undefined);
    const scanned = await eddy.ddb.send(new ScanCommand({ TableName: ORDERS, IndexName: 'byEmail', Limit: 1 }));
    assert.deepEqual(scanned.LastEvaluatedKey, { email: { S: 'a@x' }, pk: { S: 'c1' }, sk: { S: 'o1' } });
  });

  it('leaves items without the index keys out of the index (sparse), in Scan and in DescribeTable', async () => {
    const scanned = await eddy.ddb.send(new ScanCommand({ TableName: ORDERS, IndexName: 'byStatus' }));
    assert.deepEqual(sks(scanned.Items).sort(), ['o1', 'o2', 'o3', 'o4']);
    const lsi = await eddy.ddb.send(new ScanCommand({ TableName: ORDERS, IndexName: 'byTotal', Select: 'COUNT' }));
    assert.equal(lsi.Count, 5);
    const { Table } = await eddy.ddb.send(new DescribeTableCommand({ TableName: ORDERS }));
    const counts = Object.fromEntries(
      [...Table!.GlobalSecondaryIndexes!, ...Table!.LocalSecondaryIndexes!].map((i) => [i.IndexName!, i.ItemCount]),
    );
    assert.deepEqual(counts, { byStatus: 4, byEmail: 1, byCity: 3, byTotal: 5 });
    const byEmail = Table!.GlobalSecondaryIndexes!.find((i) => i.IndexName === 'byEmail')!;
    assert.equal(byEmail.IndexStatus, 'ACTIVE');
    // pk "c1" (2+2) + sk "o1" (2+2) + email "a@x" (5+3)
    assert.equal(byEmail.IndexSizeBytes, 16);
  });

  it('refuses index key values of the wrong type on write', async () => {
    await validationError(
      eddy.ddb.send(new PutItemCommand({ TableName: ORDERS, Item: { pk: { S: 'c9' }, sk: { S: 'o9' }, status: { N: '1' } } })),
      'One or more parameter values were invalid: Type mismatch for Index Key status Expected: S Actual: N IndexName: byStatus',
    );
    await validationError(
      eddy.ddb.send(
        new UpdateItemCommand({
          TableName: ORDERS,
          Key: { pk: { S: 'c1' }, sk: { S: 'o1' } },
          UpdateExpression: 'SET email = :e',
          ExpressionAttributeValues: { ':e': { N: '7' } },
        }),
      ),
      'One or more parameter values were invalid: Type mismatch for Index Key email Expected: S Actual: N IndexName: byEmail',
    );
    const unchanged = await q({ IndexName: 'byEmail', KeyConditionExpression: 'email = :e', ExpressionAttributeValues: { ':e': { S: 'a@x' } } });
    assert.deepEqual(unchanged.Items, [pick(o1, 'pk', 'sk', 'email')]);
  });

  it('refuses what DynamoDB refuses on index reads', async () => {
    await validationError(
      byStatus('OPEN', { Select: 'ALL_ATTRIBUTES' }),
      'One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index byStatus because its projection type is not ALL',
    );
    await validationError(byStatus('OPEN', { ConsistentRead: true }), 'Consistent reads are not supported on global secondary indexes');
    await validationError(
      q({ IndexName: 'byEmail', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'c1' } } }),
      'Query condition missed key schema element: email',
    );
    await validationError(byStatus('OPEN', { ExclusiveStartKey: { status: { S: 'OPEN' }, total: { N: '1' } } }), 'The provided starting key is invalid');
    // An index start key is the index's and the table's key attributes, no more (an LSI's key is not a GSI's).
    const start = { status: { S: 'OPEN' }, total: { N: '10' }, pk: { S: 'c1' }, sk: { S: 'o2' } };
    await validationError(byStatus('OPEN', { ExclusiveStartKey: { ...start, email: { S: 'a@x' } } }), 'The provided starting key is invalid');
    await validationError(byStatus('OPEN', { ExclusiveStartKey: { ...start, total: { S: '10' } } }), 'The provided key element does not match the schema');
    await validationError(
      byStatus('OPEN', { ExclusiveStartKey: { ...start, status: { S: 'SHIPPED' } } }),
      'The provided starting key is outside query boundaries based on provided conditions',
    );
    assert.deepEqual(sks((await byStatus('OPEN', { ExclusiveStartKey: start })).Items), ['o4', 'o1']);
    const scanIndex = (input: Partial<ScanCommandInput>) => eddy.ddb.send(new ScanCommand({ TableName: ORDERS, IndexName: 'byStatus', ...input }));
    await validationError(scanIndex({ ExclusiveStartKey: { status: { S: 'OPEN' }, pk: { S: 'c1' }, sk: { S: 'o2' } } }), 'The provided starting key is invalid');
    await validationError(
      scanIndex({ Select: 'ALL_ATTRIBUTES' }),
      'One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index byStatus because its projection type is not ALL',
    );
    await validationError(
      byStatus('OPEN', { FilterExpression: '#t > :s', ExpressionAttributeNames: { '#s': 'status', '#t': 'total' } }),
      'Filter Expression can only contain non-primary key attributes: Primary key attribute: total',
    );
  });
});
