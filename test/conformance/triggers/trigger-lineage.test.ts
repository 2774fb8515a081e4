import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateEventSourceMappingCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DeleteMessageCommand, GetQueueUrlCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { ManualClock } from '../../../src/shared/clock.js';
import { createStreamTable } from '../streams/stream-fixtures.js';
import { startTestEddy, testCredentials, type TestEddy } from '../../helpers/eddy.js';

const config = fileURLToPath(new URL('./fixtures/eddy.config.ts', import.meta.url));

describe('stream triggers: shard lineage and record age', () => {
  let eddy: TestEddy;
  let lambda: LambdaClient;
  const clock = new ManualClock(Date.UTC(2026, 6, 1, 12));
  let counter = 0;
  before(async () => {
    eddy = await startTestEddy({ config, clock, triggers: { retryBaseMs: 5, retryMaxMs: 20 } });
    lambda = new LambdaClient({ endpoint: eddy.endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
  });
  after(async () => {
    lambda.destroy();
    await eddy.stop();
  });

  async function streamTable(): Promise<{ name: string; arn: string }> {
    const name = `Lineage${++counter}`;
    return { name, arn: await createStreamTable(eddy.ddb, name, 'KEYS_ONLY') };
  }
  const put = (TableName: string, pk: string) => eddy.ddb.send(new PutItemCommand({ TableName, Item: { pk: { S: pk } } }));

  /** Messages of one queue (bodies parsed) until `done` holds or 10 s pass. */
  async function drain<T>(queue: string, done: (bodies: T[]) => boolean): Promise<T[]> {
    const QueueUrl = (await eddy.sqs.send(new GetQueueUrlCommand({ QueueName: queue }))).QueueUrl!;
    const bodies: T[] = [];
    const deadline = Date.now() + 10_000;
    while (!done(bodies) && Date.now() < deadline) {
      const out = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      for (const m of out.Messages ?? []) {
        bodies.push(JSON.parse(m.Body!) as T);
        await eddy.sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: m.ReceiptHandle }));
      }
    }
    return bodies;
  }

  it('reads parents before children across shard rotations, every record once and in order', async () => {
    const table = await streamTable();
    await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'recorder', EventSourceArn: table.arn, StartingPosition: 'TRIM_HORIZON', BatchSize: 3 }));
    const written: string[] = [];
    for (const generation of ['a', 'b', 'c']) {
      for (let i = 1; i <= 4; i++) {
        written.push(`${generation}${i}`);
        await put(table.name, `${generation}${i}`);
      }
      await eddy.admin('/_eddy/streams/rotate');
    }
    const batches = await drain<{ records: { pk: string }[] }>('seen', (b) => b.flatMap((x) => x.records).length >= 12);
    assert.deepEqual(batches.flatMap((b) => b.records.map((r) => r.pk)), written);
  });

  it('delivers the last records of a closed shard at once, without waiting out MaximumBatchingWindowInSeconds', async () => {
    // The crash soak (bench/crash-soak.mjs) found this: a consumer that reached a shard after it had closed
    // waited the whole window at its end for records that can no longer come, once per shard and mapping.
    const table = await streamTable();
    await put(table.name, 'closed-1');
    await put(table.name, 'closed-2');
    await eddy.admin('/_eddy/streams/rotate');
    const started = Date.now();
    await lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: 'recorder',
        EventSourceArn: table.arn,
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: 10,
        MaximumBatchingWindowInSeconds: 60,
      }),
    );
    const batches = await drain<{ records: { pk: string }[] }>('seen', (b) => b.flatMap((x) => x.records).length >= 2);
    assert.deepEqual(batches.flatMap((b) => b.records.map((r) => r.pk)), ['closed-1', 'closed-2']);
    assert.ok(Date.now() - started < 10_000, `delivered after ${Date.now() - started} ms`);
  });

  it('discards records older than MaximumRecordAgeInSeconds to the on-failure queue, then delivers newer ones', async () => {
    const table = await streamTable();
    await put(table.name, 'old-1');
    await put(table.name, 'old-2');
    clock.advance(61_000);
    await lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: 'recorder',
        EventSourceArn: table.arn,
        StartingPosition: 'TRIM_HORIZON',
        MaximumRecordAgeInSeconds: 60,
        DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:000000000000:failures' } },
      }),
    );
    const [failure] = await drain<{ requestContext: { condition: string }; DDBStreamBatchInfo: { batchSize: number } }>('failures', (b) => b.length >= 1);
    assert.equal(failure!.requestContext.condition, 'RecordAgeExceeded');
    assert.equal(failure!.DDBStreamBatchInfo.batchSize, 2);
    await put(table.name, 'fresh');
    const batches = await drain<{ records: { pk: string }[] }>('seen', (b) => b.flatMap((x) => x.records).length >= 1);
    assert.deepEqual(batches.flatMap((b) => b.records.map((r) => r.pk)), ['fresh']);
  });
});
