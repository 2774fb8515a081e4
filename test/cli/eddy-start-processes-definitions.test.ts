import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BatchGetItemCommand,
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { testCredentials } from '../helpers/eddy.js';
import { eventually } from '../helpers/eventually.js';
import { sharedPostgresCluster, testEngines } from '../helpers/postgres-cluster.js';
import { startEddyCli, type CliProcess } from '../helpers/cli.js';

const region = 'us-east-1';

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
const storages: { name: string; args: (dir: string) => Promise<string[]> }[] = [{ name: 'SQLite', args: async (dir) => ['--data', join(dir, 'data'), '--durability', 'process'] }];
if (testEngines().includes('postgres')) {
  const cluster = sharedPostgresCluster();
  storages.push({ name: 'PostgreSQL', args: async (dir) => ['--storage', await (await cluster()).createDatabase({ migrated: true }), '--data', dir] });
}

for (const storage of storages) {
  describe(`eddy start --processes 2 (${storage.name}): definitions changed by the main process`, { skip: process.platform !== 'linux' && 'SIGSTOP of the main process' }, () => {
    let dir: string;
    let eddy: CliProcess & { endpoint: string };
    let client: DynamoDBClient;
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'eddy-processes-definitions-'));
      eddy = await startEddyCli(['--port', '0', '--http-port', '0', ...(await storage.args(dir)), '--processes', '2']);
      client = new DynamoDBClient({ endpoint: eddy.endpoint, region, credentials: testCredentials, maxAttempts: 1, requestHandler: { requestTimeout: 10_000 } });
    });
    after(async () => {
      client.destroy();
      if (eddy.child.exitCode === null) {
        eddy.child.kill('SIGCONT');
        eddy.child.kill('SIGTERM');
        await eddy.exited;
      }
      rmSync(dir, { recursive: true, force: true });
    });

    /** Runs `reads` with the main process stopped: only the request process can answer them. */
    async function inRequestProcess(reads: () => Promise<void>): Promise<void> {
      eddy.child.kill('SIGSTOP');
      try {
        await reads();
      } finally {
        eddy.child.kill('SIGCONT');
      }
    }

    it('reads a GSI added by UpdateTable at once, and a table deleted and created again with another key', async () => {
      await client.send(new CreateTableCommand(table('pk', 'S')));
      await client.send(new PutItemCommand({ TableName: 'Orders', Item: { pk: { S: 'a' }, customer: { S: 'ann' } } }));
      await inRequestProcess(async () => {
        // Cached in the request process from here on.
        assert.deepEqual((await client.send(new GetItemCommand({ TableName: 'Orders', Key: { pk: { S: 'a' } } }))).Item, { pk: { S: 'a' }, customer: { S: 'ann' } });
      });

      await client.send(
        new UpdateTableCommand({
          TableName: 'Orders',
          AttributeDefinitions: [{ AttributeName: 'customer', AttributeType: 'S' }],
          GlobalSecondaryIndexUpdates: [{ Create: { IndexName: 'byCustomer', KeySchema: [{ AttributeName: 'customer', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } } }],
        }),
      );
      // Written by the main process with the new definition: its index entry is there whatever the backfill did.
      await client.send(new PutItemCommand({ TableName: 'Orders', Item: { pk: { S: 'b' }, customer: { S: 'bob' } } }));
      const byCustomer = () =>
        client.send(new QueryCommand({ TableName: 'Orders', IndexName: 'byCustomer', KeyConditionExpression: 'customer = :c', ExpressionAttributeValues: { ':c': { S: 'bob' } } }));
      await inRequestProcess(async () => {
        // The new definition either way: the index answers, or says its backfill still runs. The cached one has no such index.
        const first = await byCustomer().catch((error: Error) => error);
        if (first instanceof Error) assert.equal(first.message, 'Cannot read from backfilling global secondary index: byCustomer');
        else assert.deepEqual(first.Items, [{ pk: { S: 'b' }, customer: { S: 'bob' } }]);
      });
      await eventually('the index to be ACTIVE', async () => {
        const { Table } = await client.send(new DescribeTableCommand({ TableName: 'Orders' }));
        return Table?.GlobalSecondaryIndexes?.[0]?.IndexStatus === 'ACTIVE' ? true : undefined;
      });
      await inRequestProcess(async () => {
        assert.deepEqual((await byCustomer()).Items, [{ pk: { S: 'b' }, customer: { S: 'bob' } }]);
      });

      await client.send(new DeleteTableCommand({ TableName: 'Orders' }));
      await client.send(new CreateTableCommand(table('id', 'N')));
      await client.send(new PutItemCommand({ TableName: 'Orders', Item: { id: { N: '7' } } }));
      await inRequestProcess(async () => {
        await assert.rejects(client.send(new GetItemCommand({ TableName: 'Orders', Key: { pk: { S: 'a' } } })), { name: 'ValidationException' });
        assert.deepEqual((await client.send(new GetItemCommand({ TableName: 'Orders', Key: { id: { N: '7' } } }))).Item, { id: { N: '7' } });
        assert.deepEqual((await client.send(new ScanCommand({ TableName: 'Orders' }))).Items, [{ id: { N: '7' } }]);
        const batch = await client.send(new BatchGetItemCommand({ RequestItems: { Orders: { Keys: [{ id: { N: '7' } }, { id: { N: '8' } }] } } }));
        assert.deepEqual(batch.Responses?.['Orders'], [{ id: { N: '7' } }]);
      });

      // Deleted and created again with the same key: only the id tells the definitions apart.
      await client.send(new DeleteTableCommand({ TableName: 'Orders' }));
      await client.send(new CreateTableCommand(table('id', 'N')));
      await inRequestProcess(async () => {
        assert.equal((await client.send(new GetItemCommand({ TableName: 'Orders', Key: { id: { N: '7' } } }))).Item, undefined);
        assert.deepEqual((await client.send(new ScanCommand({ TableName: 'Orders' }))).Items, []);
      });
    });
  });
}
