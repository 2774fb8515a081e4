import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { CreateTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateEventSourceMappingCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { MappingStatus } from '../../../src/triggers/mapping-status.js';
import { signedHeaders, startTestEddy, testCredentials, type TestEddy } from '../../helpers/eddy.js';
import { eventually } from '../../helpers/eventually.js';
import { sharedPostgresCluster, testEngines } from '../../helpers/postgres-cluster.js';

const config = fileURLToPath(new URL('./fixtures-actions/eddy.config.ts', import.meta.url));
const skip = testEngines().includes('postgres') ? false : 'PostgreSQL is not among EDDY_TEST_ENGINES (nodes share a database only there)';

describe('mapping actions on two nodes sharing a PostgreSQL database', { skip }, () => {
  const cluster = sharedPostgresCluster();
  const running: TestEddy[] = [];
  after(async () => {
    for (const eddy of running.splice(0)) await eddy.stop();
  });

  const shardOn = async (eddy: TestEddy, uuid: string) => {
    const { mappings } = (await (await fetch(`${eddy.endpoint}/_eddy/mappings`)).json()) as { mappings: MappingStatus[] };
    return mappings.find((m) => m.uuid === uuid)?.shards[0];
  };
  async function post(eddy: TestEddy, action: string, body: object) {
    const url = `${eddy.endpoint}/_eddy/mappings/${action}`;
    const text = JSON.stringify(body);
    const res = await fetch(url, { method: 'POST', headers: signedHeaders('POST', url, {}, text, 'eddy'), body: text });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }

  it('an action sent to one node is taken by the other, which holds the shard; both show the blocking batch from storage', async () => {
    const storage = await (await cluster()).createDatabase({ migrated: true });
    // A minute's backoff: only a retry asked for tries the batch again within the test.
    const triggers = { retryBaseMs: 60_000, retryMaxMs: 60_000 };
    const [a, b] = [await startTestEddy({ storage, config, triggers }), await startTestEddy({ storage, config, triggers })];
    running.push(a, b);
    const lambda = new LambdaClient({ endpoint: a.endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
    try {
      const table = await a.ddb.send(
        new CreateTableCommand({
          TableName: 'Mail',
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          BillingMode: 'PAY_PER_REQUEST',
          StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' },
        }),
      );
      await a.ddb.send(new PutItemCommand({ TableName: 'Mail', Item: { pk: { S: 'poison:n' } } }));
      const { UUID } = await lambda.send(
        new CreateEventSourceMappingCommand({ FunctionName: 'flaky', EventSourceArn: table.TableDescription!.LatestStreamArn!, StartingPosition: 'TRIM_HORIZON' }),
      );
      const uuid = UUID!;
      // The node whose consumer works the shard has the batch in flight (its live counters); the other sees only storage.
      const holder: TestEddy = await eventually('one node to hold the blocked shard', async () => {
        for (const node of [a, b]) {
          const shard = await shardOn(node, uuid);
          if (shard?.blockingBatch?.attempts === 1 && shard.inFlight === 1) return node;
        }
        return undefined;
      }) as TestEddy;
      const other = holder === a ? b : a;
      const seenThere = await shardOn(other, uuid);
      assert.equal(seenThere?.inFlight, 0, 'the other node works nothing of it');
      assert.equal(seenThere?.state, 'RETRYING');
      assert.equal(seenThere?.attempts, 1);
      assert.equal(seenThere?.lastError, 'Error: SMTP refused poison:n');
      assert.deepEqual(seenThere?.blockingBatch?.records.keys, [{ pk: { S: 'poison:n' } }]);

      const asked = await post(other, 'retry', { uuid });
      assert.equal(asked.status, 200);
      await eventually('the holder to try again at once', () => shardOn(other, uuid), { accept: (s) => s?.blockingBatch?.attempts === 2 });
      const onHolder = await shardOn(holder, uuid);
      assert.equal(onHolder?.attempts, 2, 'the holder made the attempt');
      assert.equal(onHolder?.pendingAction, undefined);
    } finally {
      lambda.destroy();
    }
  });
});
