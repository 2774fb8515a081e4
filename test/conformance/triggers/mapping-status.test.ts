import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { CreateTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { CreateEventSourceMappingCommand, DeleteEventSourceMappingCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { ManualClock } from '../../../src/shared/clock.js';
import type { MappingStatus, ShardStatus } from '../../../src/triggers/mapping-status.js';
import { startTestEddy, testCredentials, type TestEddy } from '../../helpers/eddy.js';
import { eventually } from '../../helpers/eventually.js';

const config = fileURLToPath(new URL('./fixtures-status/eddy.config.ts', import.meta.url));

/** 2026-01-01T00:10:00Z. */
const T0 = Date.UTC(2026, 0, 1, 0, 10);
const iso = (ms: number) => new Date(ms).toISOString();

describe('mapping status: a stuck consumer shows why, and recovers to OK', () => {
  const clock = new ManualClock(T0);
  let eddy: TestEddy;
  let lambda: LambdaClient;
  let tableCounter = 0;

  before(async () => {
    eddy = await startTestEddy({ config, clock, triggers: { retryBaseMs: 5, retryMaxMs: 20 } });
    lambda = new LambdaClient({ endpoint: eddy.endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
  });
  after(async () => {
    lambda.destroy();
    await eddy.stop();
  });

  async function statusOf(uuid: string): Promise<MappingStatus> {
    const response = await fetch(`${eddy.endpoint}/_eddy/mappings`);
    assert.equal(response.status, 200);
    const { mappings } = (await response.json()) as { mappings: MappingStatus[] };
    return mappings.find((m) => m.uuid === uuid)!;
  }
  const statusUntil = (uuid: string, what: string, done: (status: MappingStatus) => boolean) =>
    eventually(what, () => statusOf(uuid), { accept: done });
  const shardOf = (status: MappingStatus): ShardStatus => status.shards[0]!;

  /** A table with a stream, its items written in order; returns its stream ARN and the records' SequenceNumbers. */
  async function streamOf(...pks: string[]): Promise<{ arn: string; sequences: string[] }> {
    const name = `Status${++tableCounter}`;
    const out = await eddy.ddb.send(
      new CreateTableCommand({
        TableName: name,
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' },
      }),
    );
    for (const pk of pks) await eddy.ddb.send(new PutItemCommand({ TableName: name, Item: { pk: { S: pk } } }));
    const arn = out.TableDescription!.LatestStreamArn!;
    const { StreamDescription } = await eddy.streams.send(new DescribeStreamCommand({ StreamArn: arn }));
    const { ShardIterator } = await eddy.streams.send(
      new GetShardIteratorCommand({ StreamArn: arn, ShardId: StreamDescription!.Shards![0]!.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }),
    );
    const { Records = [] } = await eddy.streams.send(new GetRecordsCommand({ ShardIterator }));
    return { arn, sequences: Records.map((r) => r.dynamodb!.SequenceNumber!) };
  }

  const fix = (name: string) => eddy.ddb.send(new PutItemCommand({ TableName: 'Switches', Item: { name: { S: name } } }));

  async function map(FunctionName: string, EventSourceArn: string, reportFailures = false): Promise<string> {
    const { UUID } = await lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName,
        EventSourceArn,
        ...(EventSourceArn.includes(':dynamodb:') && { StartingPosition: 'TRIM_HORIZON' }),
        ...(reportFailures && { FunctionResponseTypes: ['ReportBatchItemFailures'] }),
      }),
    );
    return UUID!;
  }

  it('a handler reporting batchItemFailures for one record: RETRYING since its first failed attempt, attempts climbing, the failed SequenceNumber; OK with no failure once it recovers', async () => {
    clock.set(T0);
    const { arn, sequences } = await streamOf('ok-1', 'stuck:a', 'ok-3');
    const uuid = await map('stubborn', arn, true);
    // The first attempt had all three records; its retries start at the failed one.
    const stuck = await statusUntil(uuid, 'a retried partial batch failure', (s) => {
      const failure = shardOf(s)?.lastFailure;
      return shardOf(s)!.attempts >= 2 && failure?.kind === 'partial-batch-failure' && failure.batchSize === 2;
    });
    const shard = shardOf(stuck);
    assert.equal(shard.state, 'RETRYING');
    assert.equal(shard.retryingSince, iso(T0));
    assert.deepEqual({ ...shard.lastFailure, requestId: typeof shard.lastFailure?.requestId }, {
      kind: 'partial-batch-failure',
      failedItems: [sequences[1]],
      batchSize: 2,
      at: iso(T0),
      requestId: 'string',
    });
    assert.equal(shard.lastError, undefined);
    assert.equal(shard.inFlight, 1);
    // Nothing else changes: the records before the failed one are checkpointed, and for Lambda a partial batch failure is not a function error.
    assert.equal(shard.checkpoint, sequences[0]);
    assert.equal(stuck.lastProcessingResult, 'OK');

    clock.advance(60_000);
    const later = await statusUntil(uuid, 'a failure a minute later', (s) => shardOf(s).lastFailure?.at === iso(T0 + 60_000) && shardOf(s).attempts > shard.attempts);
    assert.equal(shardOf(later).state, 'RETRYING');
    assert.equal(shardOf(later).retryingSince, iso(T0), 'since the first failed attempt of the batch');

    clock.advance(1_000);
    await fix('a');
    const recovered = await statusUntil(uuid, 'the shard to recover', (s) => shardOf(s).checkpoint === sequences[2] && shardOf(s).inFlight === 0);
    const { shardId, leaseOwner, ...rest } = shardOf(recovered);
    assert.deepEqual(rest, { checkpoint: sequences[2], finished: false, iteratorAgeMs: 0, state: 'OK', attempts: 0, lastSuccessAt: iso(T0 + 61_000), inFlight: 0 });
    assert.equal(recovered.lastProcessingResult, 'OK');
    await lambda.send(new DeleteEventSourceMappingCommand({ UUID: uuid }));
  });

  it('a function error shows errorType and errorMessage (and lastError); a success clears them', async () => {
    clock.set(T0 + 120_000);
    const { arn, sequences } = await streamOf('poison:b');
    const uuid = await map('throwing', arn);
    const stuck = await statusUntil(uuid, 'a failing batch', (s) => shardOf(s)?.attempts >= 2);
    const shard = shardOf(stuck);
    assert.equal(shard.state, 'RETRYING');
    assert.equal(shard.retryingSince, iso(T0 + 120_000));
    assert.deepEqual({ ...shard.lastFailure, requestId: undefined }, {
      kind: 'function-error',
      errorType: 'Error',
      errorMessage: 'SMTP refused',
      at: iso(T0 + 120_000),
      requestId: undefined,
    });
    assert.equal(shard.lastError, 'Error: SMTP refused');
    assert.equal(stuck.lastProcessingResult, 'PROBLEM: Function call failed');

    await fix('b');
    const recovered = await statusUntil(uuid, 'the shard to recover', (s) => shardOf(s).checkpoint === sequences[0]);
    assert.equal(shardOf(recovered).state, 'OK');
    assert.equal(shardOf(recovered).lastFailure, undefined);
    assert.equal(shardOf(recovered).lastError, undefined);
    assert.equal(shardOf(recovered).retryingSince, undefined);
    assert.equal(recovered.lastProcessingResult, 'OK');
    await lambda.send(new DeleteEventSourceMappingCommand({ UUID: uuid }));
  });

  it('a timeout shows as one, with the function timeout', async () => {
    clock.set(T0 + 180_000);
    const { arn, sequences } = await streamOf('slow:c');
    const uuid = await map('sleepy', arn);
    const stuck = await statusUntil(uuid, 'a timed out batch', (s) => shardOf(s)?.lastFailure !== undefined);
    const shard = shardOf(stuck);
    assert.equal(shard.state, 'RETRYING');
    assert.deepEqual({ kind: shard.lastFailure?.kind, timeoutSeconds: (shard.lastFailure as { timeoutSeconds?: number }).timeoutSeconds }, { kind: 'timeout', timeoutSeconds: 1 });
    assert.match(shard.lastError!, /^Sandbox\.Timedout: RequestId: \S+ Error: Task timed out after 1\.00 seconds$/);

    await fix('c');
    const recovered = await statusUntil(uuid, 'the shard to recover', (s) => shardOf(s).checkpoint === sequences[0]);
    assert.equal(shardOf(recovered).state, 'OK');
    assert.equal(shardOf(recovered).lastFailure, undefined);
    await lambda.send(new DeleteEventSourceMappingCommand({ UUID: uuid }));
  });

  it('a queue mapping: the failing message ids and since when, attempts its receives; OK once the message succeeds', async () => {
    clock.set(T0 + 240_000);
    const url = (await eddy.sqs.send(new GetQueueUrlCommand({ QueueName: 'jobs' }))).QueueUrl!;
    const { QueueArn } = (await eddy.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }))).Attributes!;
    const sent = await eddy.sqs.send(
      new SendMessageBatchCommand({ QueueUrl: url, Entries: ['ok-1', 'stuck:d', 'ok-2'].map((body, i) => ({ Id: `m${i}`, MessageBody: body })) }),
    );
    const stuckId = sent.Successful!.find((s) => s.Id === 'm1')!.MessageId!;
    const uuid = await map('stubborn', QueueArn!, true);
    const first = await statusUntil(uuid, 'a partial batch failure', (s) => s.queue?.state === 'RETRYING' && s.queue.inFlight === 0);
    assert.equal(first.kind, 'queue');
    assert.deepEqual(first.shards, []);
    assert.deepEqual({ ...first.queue, lastFailure: { ...first.queue!.lastFailure, requestId: undefined } }, {
      state: 'RETRYING',
      retryingSince: iso(T0 + 240_000),
      attempts: 1,
      lastFailure: { kind: 'partial-batch-failure', failedItems: [stuckId], batchSize: 3, at: iso(T0 + 240_000), requestId: undefined },
      lastSuccessAt: iso(T0 + 240_000),
      inFlight: 0,
      messagesInFlight: 0,
      failingMessages: [stuckId],
      failingMessageCount: 1,
    });
    assert.equal(first.lastProcessingResult, 'OK');

    // Past its visibility timeout the message comes back alone, and fails again.
    clock.advance(2_000);
    const again = await statusUntil(uuid, 'the second receive', (s) => s.queue?.lastFailure?.at === iso(T0 + 242_000) && s.queue.inFlight === 0);
    assert.equal(again.queue!.retryingSince, iso(T0 + 240_000));
    assert.equal(again.queue!.attempts, 2);
    assert.deepEqual(again.queue!.lastFailure && { ...again.queue!.lastFailure, requestId: undefined }, {
      kind: 'partial-batch-failure',
      failedItems: [stuckId],
      batchSize: 1,
      at: iso(T0 + 242_000),
      requestId: undefined,
    });

    await fix('d');
    clock.advance(2_000);
    const recovered = await statusUntil(uuid, 'the queue to recover', (s) => s.queue?.state === 'OK' && s.queue.inFlight === 0);
    assert.deepEqual(recovered.queue, { state: 'OK', attempts: 0, lastSuccessAt: iso(T0 + 244_000), inFlight: 0, messagesInFlight: 0, failingMessages: [], failingMessageCount: 0 });
    await lambda.send(new DeleteEventSourceMappingCommand({ UUID: uuid }));
  });
});
