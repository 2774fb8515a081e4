import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eventually } from '../../test/helpers/eventually.js';
import { sharedPostgresCluster, testEngines } from '../../test/helpers/postgres-cluster.js';
import { dynamodbOperations } from '../api/dynamodb-operations.js';
import { defaultDeployment } from '../shared/arns.js';
import { systemClock } from '../shared/clock.js';
import { RawJson } from '../shared/raw-json.js';
import { recordingPool } from '../storage/postgres/fixtures/recording-pool.js';
import { openPgPool } from '../storage/postgres/pg-pool.js';
import { openPostgresEngine, PostgresEngine } from '../storage/postgres/postgres-engine.js';
import { TableCatalog } from '../table/table-catalog.js';
import type { TableContext } from '../table/table-context.js';
import { localReads } from './local-reads.js';

// A request process's reads on PostgreSQL (`--processes N`): the check of its cached table definition travels in
// the read's own statement, so a GetItem, Query or Scan is one round trip; a definition the main process changed
// is still seen by the very next read.
const skip = !testEngines().includes('postgres') && 'PostgreSQL is not among EDDY_TEST_ENGINES (no initdb on the PATH)';
const cluster = sharedPostgresCluster();
const opened: (() => Promise<void>)[] = [];
after(async () => {
  for (const close of opened.splice(0)) await close();
});

async function setUp() {
  const url = await (await cluster()).createDatabase({ migrated: true });
  const main = await openPostgresEngine({ url, poolSize: 2 });
  // Statements on the pool itself, one round trip each (pg does not pipeline).
  const { pool, direct: texts } = recordingPool(await openPgPool({ url, size: 2 }));
  const reader = new PostgresEngine(pool);
  opened.push(() => main.close(), () => reader.close());
  const ctx: TableContext = { engine: main, catalog: new TableCatalog(main), clock: systemClock, deployment: defaultDeployment };
  const primary = (name: keyof typeof dynamodbOperations, input: Record<string, unknown>) => dynamodbOperations[name]!(ctx, input);
  const local = localReads(reader, defaultDeployment).operations;
  /** Runs a request process's operation; answers it with the statements it ran. */
  const read = async (name: string, input: Record<string, unknown>) => {
    const from = texts.length;
    const result = await local.get(name)!(input);
    const answer = JSON.parse(result instanceof RawJson ? result.text : JSON.stringify(result)) as Record<string, unknown>; // as the wire has it
    return { answer, statements: texts.slice(from) };
  };
  return { primary, read, texts };
}

const table = (key: string, type: 'S' | 'N') => ({
  TableName: 'Orders',
  KeySchema: [{ AttributeName: key, KeyType: 'HASH' }],
  AttributeDefinitions: [{ AttributeName: key, AttributeType: type }],
  BillingMode: 'PAY_PER_REQUEST',
});

describe('a request process on PostgreSQL: reads and the definition check', { skip }, () => {
  it('GetItem, Query and Scan take one statement each once the definition is cached, and still see a changed definition at once', async () => {
    const { primary, read, texts } = await setUp();
    await primary('CreateTable', table('pk', 'S'));
    await primary('PutItem', { TableName: 'Orders', Item: { pk: { S: 'a' }, customer: { S: 'ann' } } });
    const get = { TableName: 'Orders', Key: { pk: { S: 'a' } } };
    assert.deepEqual((await read('GetItem', get)).answer.Item, { pk: { S: 'a' }, customer: { S: 'ann' } }); // reads the definition
    const cached = await read('GetItem', get);
    assert.deepEqual(cached.answer.Item, { pk: { S: 'a' }, customer: { S: 'ann' } });
    assert.equal(cached.statements.length, 1, cached.statements.join('\n---\n'));
    assert.match(cached.statements[0]!, /ddb_tables/);
    const query = await read('Query', { TableName: 'Orders', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'a' } } });
    assert.equal(query.answer.Count, 1);
    assert.equal(query.statements.length, 1, query.statements.join('\n---\n'));
    const scan = await read('Scan', { TableName: 'Orders' });
    assert.equal(scan.answer.Count, 1);
    assert.equal(scan.statements.length, 1, scan.statements.join('\n---\n'));

    // A GSI added by the main process: the cached definition has no such index, so the Query fails without a
    // read; the check after it finds the definition changed, and the Query runs again with the new one.
    await primary('UpdateTable', {
      TableName: 'Orders',
      AttributeDefinitions: [{ AttributeName: 'customer', AttributeType: 'S' }],
      GlobalSecondaryIndexUpdates: [{ Create: { IndexName: 'byCustomer', KeySchema: [{ AttributeName: 'customer', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } } }],
    });
    await primary('PutItem', { TableName: 'Orders', Item: { pk: { S: 'b' }, customer: { S: 'bob' } } });
    const byCustomer = { TableName: 'Orders', IndexName: 'byCustomer', KeyConditionExpression: 'customer = :c', ExpressionAttributeValues: { ':c': { S: 'bob' } } };
    // The new definition either way: the index answers, or says its backfill (started by UpdateTable) still runs.
    const first = await read('Query', byCustomer).catch((error: Error) => error);
    if (first instanceof Error) assert.equal(first.message, 'Cannot read from backfilling global secondary index: byCustomer');
    else assert.deepEqual(first.answer.Items, [{ pk: { S: 'b' }, customer: { S: 'bob' } }]);
    await eventually('the index to be ACTIVE', async () => ((await primary('DescribeTable', { TableName: 'Orders' })) as { Table: { GlobalSecondaryIndexes: { IndexStatus: string }[] } }).Table.GlobalSecondaryIndexes[0]!.IndexStatus === 'ACTIVE' || undefined);
    assert.deepEqual((await read('Query', byCustomer)).answer.Items, [{ pk: { S: 'b' }, customer: { S: 'bob' } }]);
    assert.equal((await read('Query', byCustomer)).statements.length, 1);

    // Another change the cached definition cannot tell: the read itself is refused, and runs again.
    await primary('UpdateTable', { TableName: 'Orders', StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' } });
    const refused = await read('GetItem', get);
    assert.deepEqual(refused.answer.Item, { pk: { S: 'a' }, customer: { S: 'ann' } });
    assert.equal(refused.statements.length, 3, `the refused read, the definition, the read: ${refused.statements.join('\n---\n')}`);

    // Deleted and created again with another key: the old key is refused as the new schema says, the new one read.
    await primary('DeleteTable', { TableName: 'Orders' });
    await primary('CreateTable', table('id', 'N'));
    await primary('PutItem', { TableName: 'Orders', Item: { id: { N: '7' } } });
    await assert.rejects(read('GetItem', get), { code: 'ValidationException', message: 'The provided key element does not match the schema' });
    assert.deepEqual((await read('GetItem', { TableName: 'Orders', Key: { id: { N: '7' } } })).answer.Item, { id: { N: '7' } });
    assert.deepEqual((await read('Scan', { TableName: 'Orders' })).answer.Items, [{ id: { N: '7' } }]);
    await primary('DeleteTable', { TableName: 'Orders' });
    await assert.rejects(read('Scan', { TableName: 'Orders' }), { code: 'ResourceNotFoundException' });
    assert.ok(texts.length > 0);
  });
});
