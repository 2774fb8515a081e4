import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  GetItemCommand,
  ListTagsOfResourceCommand,
  PutItemCommand,
  TagResourceCommand,
  TransactGetItemsCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { testCredentials } from '../helpers/eddy.js';
import { processesEddy, processesStorages } from '../helpers/processes-eddy.js';

const region = 'us-east-1';

/** `eddy_requests_total` of one DynamoDB operation and status in a scrape of the main process (0 when absent). */
async function requestsTotal(endpoint: string, operation: string, status: number): Promise<number> {
  const text = await (await fetch(`${endpoint}/_eddy/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`eddy_requests_total{service="dynamodb",operation="${operation}",status="${status}"} `));
  return line === undefined ? 0 : Number(line.split(' ')[1]);
}

const table = (name: string) => ({
  TableName: name,
  KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' as const }],
  AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' as const }],
  BillingMode: 'PAY_PER_REQUEST' as const,
  Tags: [{ Key: 'team', Value: 'orders' }],
});

// Storage the request processes share with the main process: a data directory, or a PostgreSQL database.
const storages = processesStorages();

for (const storage of storages) {
  describe(`eddy start --processes 2 (${storage.name}): reads answered in the request processes`, { skip: process.platform !== 'linux' && 'SIGSTOP of the main process' }, () => {
    const run = processesEddy(storage, 'eddy-processes-reads-');

    it('answers TransactGetItems, DescribeTable, DescribeTimeToLive and ListTagsOfResource while the main process is stopped', async () => {
      const { TableDescription } = await run.client.send(new CreateTableCommand(table('Orders')));
      await run.client.send(new PutItemCommand({ TableName: 'Orders', Item: { pk: { S: 'a' }, n: { N: '1' } } }));
      // The client's connection is in a request process now; the main process answers nothing while stopped.
      await run.inRequestProcess(async () => {
        const got = await run.client.send(new TransactGetItemsCommand({ TransactItems: [{ Get: { TableName: 'Orders', Key: { pk: { S: 'a' } } } }, { Get: { TableName: 'Orders', Key: { pk: { S: 'none' } } } }] }));
        assert.deepEqual(got.Responses?.map((r) => r.Item?.['n']), [{ N: '1' }, undefined]);
        // The main process's answers, shape for shape: a key off the schema cancels, a missing table is not found.
        await assert.rejects(run.client.send(new TransactGetItemsCommand({ TransactItems: [{ Get: { TableName: 'Orders', Key: { pk: { N: '1' } } } }] })), (error: Error & { CancellationReasons?: { Code?: string }[] }) => {
          assert.equal(error.name, 'TransactionCanceledException');
          assert.deepEqual(error.CancellationReasons?.map((r) => r.Code), ['ValidationError']);
          return true;
        });
        await assert.rejects(run.client.send(new TransactGetItemsCommand({ TransactItems: [{ Get: { TableName: 'Nothing', Key: { pk: { S: 'a' } } } }] })), { name: 'ResourceNotFoundException' });
        const { Table } = await run.client.send(new DescribeTableCommand({ TableName: 'Orders' }));
        assert.equal(Table?.TableStatus, 'ACTIVE');
        assert.equal(Table?.ItemCount, 1);
        await assert.rejects(run.client.send(new DescribeTableCommand({ TableName: 'Nothing' })), { name: 'ResourceNotFoundException' });
        assert.equal((await run.client.send(new DescribeTimeToLiveCommand({ TableName: 'Orders' }))).TimeToLiveDescription?.TimeToLiveStatus, 'DISABLED');
        assert.deepEqual((await run.client.send(new ListTagsOfResourceCommand({ ResourceArn: TableDescription!.TableArn! }))).Tags, [{ Key: 'team', Value: 'orders' }]);
      });
    });

    it('sees a definition the main process changed, or a table it deleted and created again, in the very next read', async () => {
      const arn = (await run.client.send(new DescribeTableCommand({ TableName: 'Orders' }))).Table!.TableArn!; // cached in the request process now
      await run.client.send(new UpdateTimeToLiveCommand({ TableName: 'Orders', TimeToLiveSpecification: { Enabled: true, AttributeName: 'expires' } }));
      assert.deepEqual((await run.client.send(new DescribeTimeToLiveCommand({ TableName: 'Orders' }))).TimeToLiveDescription, { TimeToLiveStatus: 'ENABLED', AttributeName: 'expires' });
      await run.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 'tier', Value: 'gold' }] }));
      assert.deepEqual((await run.client.send(new ListTagsOfResourceCommand({ ResourceArn: arn }))).Tags?.map((t) => t.Key).sort(), ['team', 'tier']);
      await run.client.send(new UpdateTableCommand({ TableName: 'Orders', StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' } }));
      assert.equal((await run.client.send(new DescribeTableCommand({ TableName: 'Orders' }))).Table?.StreamSpecification?.StreamViewType, 'KEYS_ONLY');
      await run.client.send(new DeleteTableCommand({ TableName: 'Orders' }));
      await assert.rejects(run.client.send(new DescribeTableCommand({ TableName: 'Orders' })), { name: 'ResourceNotFoundException' });
      await run.client.send(new CreateTableCommand({ ...table('Orders'), KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }] }));
      assert.deepEqual((await run.client.send(new DescribeTableCommand({ TableName: 'Orders' }))).Table?.KeySchema, [{ AttributeName: 'id', KeyType: 'HASH' }]);
      await assert.rejects(run.client.send(new GetItemCommand({ TableName: 'Orders', Key: { pk: { S: 'a' } } })), { name: 'ValidationException' });
      await run.client.send(new PutItemCommand({ TableName: 'Orders', Item: { id: { S: 'b' } } }));
      assert.ok((await run.client.send(new GetItemCommand({ TableName: 'Orders', Key: { id: { S: 'b' } } }))).Item);
    });

    it("counts the requests the request processes answer in the main process's metrics, each once", async () => {
      const [gets, misses, puts] = await Promise.all([requestsTotal(run.eddy.endpoint, 'GetItem', 200), requestsTotal(run.eddy.endpoint, 'GetItem', 400), requestsTotal(run.eddy.endpoint, 'PutItem', 200)]);
      const others = [0, 1].map(() => new DynamoDBClient({ endpoint: run.eddy.endpoint, region, credentials: testCredentials, maxAttempts: 1 }));
      try {
        for (let i = 0; i < 6; i++) {
          const c = others[i % 2]!; // two connections: one in each request process
          await c.send(new PutItemCommand({ TableName: 'Orders', Item: { id: { S: `k${i}` } } }));
          await c.send(new GetItemCommand({ TableName: 'Orders', Key: { id: { S: `k${i}` } } }));
        }
        await assert.rejects(others[0]!.send(new GetItemCommand({ TableName: 'Nothing', Key: { id: { S: 'k' } } })), { name: 'ResourceNotFoundException' });
      } finally {
        for (const c of others) c.destroy();
      }
      assert.equal(await requestsTotal(run.eddy.endpoint, 'GetItem', 200), gets + 6);
      assert.equal(await requestsTotal(run.eddy.endpoint, 'GetItem', 400), misses + 1);
      assert.equal(await requestsTotal(run.eddy.endpoint, 'PutItem', 200), puts + 6);
      const text = await (await fetch(`${run.eddy.endpoint}/_eddy/metrics`)).text();
      const count = text.split('\n').find((l) => l.startsWith('eddy_request_duration_seconds_count{service="dynamodb",operation="GetItem"} '));
      assert.equal(Number(count?.split(' ')[1]), gets + misses + 7, 'the latency histogram counts them too');
    });
  });
}
