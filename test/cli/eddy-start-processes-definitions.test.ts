import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BatchGetItemCommand,
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { eventually } from '../helpers/eventually.js';
import { processesEddy, processesStorages } from '../helpers/processes-eddy.js';

const table = (key: string, type: 'S' | 'N') => ({
  TableName: 'Orders',
  KeySchema: [{ AttributeName: key, KeyType: 'HASH' as const }],
  AttributeDefinitions: [{ AttributeName: key, AttributeType: type }],
  BillingMode: 'PAY_PER_REQUEST' as const,
});

// A request process caches table definitions and checks them as it reads (on PostgreSQL, in the read's own
// statement, as the main process does: src/table/shared-tables.ts). A definition the main process changed must be the one the very
// next read through a request process uses. Each read runs with the main process stopped (SIGSTOP), so it is
// answered in the request process serving the client's connection.
const storages = processesStorages();

for (const storage of storages) {
  describe(`eddy start --processes 2 (${storage.name}): definitions changed by the main process`, { skip: process.platform !== 'linux' && 'SIGSTOP of the main process' }, () => {
    const run = processesEddy(storage, 'eddy-processes-definitions-');

    it('reads a GSI added by UpdateTable at once, and a table deleted and created again with another key', async () => {
      await run.client.send(new CreateTableCommand(table('pk', 'S')));
      await run.client.send(new PutItemCommand({ TableName: 'Orders', Item: { pk: { S: 'a' }, customer: { S: 'ann' } } }));
      await run.inRequestProcess(async () => {
        // Cached in the request process from here on.
        assert.deepEqual((await run.client.send(new GetItemCommand({ TableName: 'Orders', Key: { pk: { S: 'a' } } }))).Item, { pk: { S: 'a' }, customer: { S: 'ann' } });
      });

      await run.client.send(
        new UpdateTableCommand({
          TableName: 'Orders',
          AttributeDefinitions: [{ AttributeName: 'customer', AttributeType: 'S' }],
          GlobalSecondaryIndexUpdates: [{ Create: { IndexName: 'byCustomer', KeySchema: [{ AttributeName: 'customer', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } } }],
        }),
      );
      // Written by the main process with the new definition: its index entry is there whatever the backfill did.
      await run.client.send(new PutItemCommand({ TableName: 'Orders', Item: { pk: { S: 'b' }, customer: { S: 'bob' } } }));
      const byCustomer = () =>
        run.client.send(new QueryCommand({ TableName: 'Orders', IndexName: 'byCustomer', KeyConditionExpression: 'customer = :c', ExpressionAttributeValues: { ':c': { S: 'bob' } } }));
      await run.inRequestProcess(async () => {
        // The new definition either way: the index answers, or says its backfill still runs. The cached one has no such index.
        const first = await byCustomer().catch((error: Error) => error);
        if (first instanceof Error) assert.equal(first.message, 'Cannot read from backfilling global secondary index: byCustomer');
        else assert.deepEqual(first.Items, [{ pk: { S: 'b' }, customer: { S: 'bob' } }]);
      });
      await eventually('the index to be ACTIVE', async () => {
        const { Table } = await run.client.send(new DescribeTableCommand({ TableName: 'Orders' }));
        return Table?.GlobalSecondaryIndexes?.[0]?.IndexStatus === 'ACTIVE' ? true : undefined;
      });
      await run.inRequestProcess(async () => {
        assert.deepEqual((await byCustomer()).Items, [{ pk: { S: 'b' }, customer: { S: 'bob' } }]);
      });

      await run.client.send(new DeleteTableCommand({ TableName: 'Orders' }));
      await run.client.send(new CreateTableCommand(table('id', 'N')));
      await run.client.send(new PutItemCommand({ TableName: 'Orders', Item: { id: { N: '7' } } }));
      await run.inRequestProcess(async () => {
        await assert.rejects(run.client.send(new GetItemCommand({ TableName: 'Orders', Key: { pk: { S: 'a' } } })), { name: 'ValidationException' });
        assert.deepEqual((await run.client.send(new GetItemCommand({ TableName: 'Orders', Key: { id: { N: '7' } } }))).Item, { id: { N: '7' } });
        assert.deepEqual((await run.client.send(new ScanCommand({ TableName: 'Orders' }))).Items, [{ id: { N: '7' } }]);
        const batch = await run.client.send(new BatchGetItemCommand({ RequestItems: { Orders: { Keys: [{ id: { N: '7' } }, { id: { N: '8' } }] } } }));
        assert.deepEqual(batch.Responses?.['Orders'], [{ id: { N: '7' } }]);
      });

      // Deleted and created again with the same key: only the id tells the definitions apart.
      await run.client.send(new DeleteTableCommand({ TableName: 'Orders' }));
      await run.client.send(new CreateTableCommand(table('id', 'N')));
      await run.inRequestProcess(async () => {
        assert.equal((await run.client.send(new GetItemCommand({ TableName: 'Orders', Key: { id: { N: '7' } } }))).Item, undefined);
        assert.deepEqual((await run.client.send(new ScanCommand({ TableName: 'Orders' }))).Items, []);
      });
    });
  });
}
