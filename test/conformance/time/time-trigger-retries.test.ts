import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateEventSourceMappingCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DeleteMessageCommand, GetQueueUrlCommand, ReceiveMessageCommand, SendMessageCommand, SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { allShards, createStreamTable } from '../streams/stream-fixtures.js';
import { startTestEddy, testCredentials, type TestEddy } from '../../helpers/eddy.js';

const streamConfig = fileURLToPath(new URL('../triggers/fixtures/eddy.config.ts', import.meta.url));
const queueConfig = fileURLToPath(new URL('../triggers/fixtures-queues/eddy.config.ts', import.meta.url));

const lambdaOf = (eddy: TestEddy) => new LambdaClient({ endpoint: eddy.endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });

/**
 * Advances Eddy's time by `by` until a message lands on `queue` (each look a long poll of a second),
 * at most `jumps` times; answers the message's body and how many jumps it took.
 */
async function advanceUntilMessage(eddy: TestEddy, queue: string, by: string, jumps: number): Promise<{ body: string; jumps: number }> {
  const QueueUrl = (await eddy.sqs.send(new GetQueueUrlCommand({ QueueName: queue }))).QueueUrl!;
  for (let jump = 1; jump <= jumps; jump++) {
    await eddy.admin('/_eddy/time/advance', { by });
    const { Messages } = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }));
    if (Messages?.[0]) return { body: Messages[0].Body!, jumps: jump };
  }
  assert.fail(`nothing on ${queue} after ${jumps} jumps of ${by}`);
}

describe('time control and trigger retries', () => {
  it("a failing stream trigger batch is retried at once when a jump passes its backoff (a minute's backoff, no minute waited)", async () => {
    // Every retry waits a minute of Eddy's time: without the jumps the failure record would take 3 minutes.
    const eddy = await startTestEddy({ config: streamConfig, triggers: { retryBaseMs: 60_000, retryMaxMs: 60_000 } });
    const lambda = lambdaOf(eddy);
    try {
      const arn = await createStreamTable(eddy.ddb, 'Retried');
      await lambda.send(
        new CreateEventSourceMappingCommand({
          FunctionName: 'picky',
          EventSourceArn: arn,
          StartingPosition: 'TRIM_HORIZON',
          MaximumRetryAttempts: 3,
          DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:000000000000:failures' } },
        }),
      );
      await eddy.ddb.send(new PutItemCommand({ TableName: 'Retried', Item: { pk: { S: 'poison-1' } } }));
      const started = performance.now();
      const { body } = await advanceUntilMessage(eddy, 'failures', '1m', 10);
      const record = JSON.parse(body) as { requestContext: { condition: string; approximateInvokeCount: number } };
      assert.equal(record.requestContext.condition, 'RetryAttemptsExhausted');
      assert.equal(record.requestContext.approximateInvokeCount, 4);
      assert.ok(performance.now() - started < 30_000, 'the retries did not wait their minute of real time');
    } finally {
      lambda.destroy();
      await eddy.stop();
    }
  });

  it('a failing queue trigger batch is received again at once when a jump passes its visibility timeout', async () => {
    const eddy = await startTestEddy({ config: queueConfig });
    const lambda = lambdaOf(eddy);
    try {
      const QueueUrl = (await eddy.sqs.send(new GetQueueUrlCommand({ QueueName: 'retry' }))).QueueUrl!;
      // An hour's visibility timeout: the failed message comes back only by a jump. maxReceiveCount 2 → retry-dlq.
      await eddy.sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { VisibilityTimeout: '3600' } }));
      await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'failing', EventSourceArn: 'arn:aws:sqs:us-east-1:000000000000:retry', BatchSize: 1 }));
      await eddy.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'fail-1' }));
      const { body, jumps } = await advanceUntilMessage(eddy, 'retry-dlq', '61m', 6);
      assert.equal(body, 'fail-1');
      assert.ok(jumps >= 2, 'received twice (once per visibility timeout) before the dead-letter queue');
    } finally {
      lambda.destroy();
      await eddy.stop();
    }
  });

  it('a jump past the rotation period rotates the shards, as real time would (once per jump)', async () => {
    const eddy = await startTestEddy({ streams: { rotationSeconds: 4 * 3600 } });
    try {
      const arn = await createStreamTable(eddy.ddb, 'Rotated');
      const [first] = await allShards(eddy.streams, arn);
      const early = await eddy.admin('/_eddy/time/advance', { by: '3h' });
      assert.deepEqual(early.fired.shardRotation, { rotatedStreams: 0 });
      assert.equal((await allShards(eddy.streams, arn)).length, 1);
      const due = await eddy.admin('/_eddy/time/advance', { by: '1h' });
      assert.deepEqual(due.fired.shardRotation, { rotatedStreams: 1 });
      const shards = await allShards(eddy.streams, arn);
      assert.equal(shards.length, 2);
      const closed = shards.find((s) => s.ShardId === first!.ShardId)!;
      const child = shards.find((s) => s.ShardId !== first!.ShardId)!;
      assert.ok(closed.SequenceNumberRange?.EndingSequenceNumber !== undefined, 'the old shard is closed');
      assert.equal(child.ParentShardId, first!.ShardId);
      assert.equal(child.SequenceNumberRange?.EndingSequenceNumber, undefined);
    } finally {
      await eddy.stop();
    }
  });

  it('a stream trigger processing continuously across a jump of an hour delivers each record once', async () => {
    const eddy = await startTestEddy({ config: streamConfig });
    try {
      const seenUrl = (await eddy.sqs.send(new GetQueueUrlCommand({ QueueName: 'seen' }))).QueueUrl!;
      const keys = Array.from({ length: 40 }, (_, i) => `k${i}`);
      // The jump comes while the trigger works through the first half (not awaited: it is delivering them).
      const writes = (async () => {
        for (const [i, pk] of keys.entries()) {
          if (i === 20) await eddy.admin('/_eddy/time/advance', { by: '1h' });
          await eddy.ddb.send(new PutItemCommand({ TableName: 'Orders', Item: { pk: { S: pk } } }));
        }
      })();
      const seen: string[] = [];
      // A long poll under way when time jumps ends with what it has (its wait is on Eddy's time): look again.
      const deadline = performance.now() + 30_000;
      while (seen.length < keys.length) {
        assert.ok(performance.now() < deadline, `delivered only ${seen.length} of ${keys.length}`);
        const { Messages = [] } = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: seenUrl, WaitTimeSeconds: 5, MaxNumberOfMessages: 10 }));
        for (const message of Messages) {
          seen.push(...(JSON.parse(message.Body!) as { records: { pk: string }[] }).records.map((r) => r.pk));
          await eddy.sqs.send(new DeleteMessageCommand({ QueueUrl: seenUrl, ReceiptHandle: message.ReceiptHandle }));
        }
      }
      await writes;
      await eddy.admin('/_eddy/time/advance', { by: '2m' }); // past any lease, once more
      const { Messages } = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: seenUrl, WaitTimeSeconds: 1 }));
      assert.equal(Messages, undefined, 'nothing delivered twice');
      assert.deepEqual(seen, keys, 'each record once, in order');
    } finally {
      await eddy.stop();
    }
  });
});
