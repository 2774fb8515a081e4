import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateEventSourceMappingCommand, InvokeCommand, LambdaClient, PutFunctionEventInvokeConfigCommand } from '@aws-sdk/client-lambda';
import { CreatePipeCommand } from '@aws-sdk/client-pipes';
import { CreateScheduleCommand, DeleteScheduleCommand } from '@aws-sdk/client-scheduler';
import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import type { EddyConfig } from '../../../src/config/config-types.js';
import { startTestEddy, testCredentials, type TestEddy } from '../../helpers/eddy.js';
import { receiveMessages, type TestQueue } from '../events/delivery-fixtures.js';
import { pipesClient, ROLE as PIPES_ROLE } from '../pipes/pipes-fixtures.js';
import { ROLE as SCHEDULER_ROLE, schedulerClient } from '../scheduler/scheduler-fixtures.js';
import { createStreamTable } from '../streams/stream-fixtures.js';
import { queueArnOf, topicArnOf } from './topics-fixtures.js';

/** outcomes.ts#fail always throws `boom`. */
const HANDLERS = fileURLToPath(new URL('../lambda/fixtures', import.meta.url));
const ALERTS = topicArnOf('alerts');

/** Every message on `alerts` reaches the queue alerts-seen raw, so a test reads exactly what was published. */
const CONFIG: EddyConfig = {
  queues: { 'alerts-seen': {} },
  topics: { alerts: { subscriptions: [{ queue: 'alerts-seen', rawMessageDelivery: true }] } },
  functions: { fails: { handler: 'handlers/outcomes.ts#fail', codeDir: HANDLERS } },
};

describe('An SNS topic as a target: bus rules, Scheduler, Lambda destinations, stream triggers, pipes\' dead letters and targets', () => {
  let eddy: TestEddy;
  let lambda: LambdaClient;
  let seen: TestQueue;
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'eddy-topic-targets-')));
  before(async () => {
    const config = join(dir, 'eddy.config.json');
    writeFileSync(config, JSON.stringify(CONFIG));
    eddy = await startTestEddy({ config });
    lambda = new LambdaClient({ endpoint: eddy.endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
    seen = { name: 'alerts-seen', url: (await eddy.sqs.send(new GetQueueUrlCommand({ QueueName: 'alerts-seen' }))).QueueUrl!, arn: queueArnOf('alerts-seen') };
  });
  after(async () => {
    lambda.destroy();
    await eddy.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const published = async () => JSON.parse((await receiveMessages(eddy, seen, 1))[0]!.Body!) as Record<string, any>;

  it('a bus rule target: the event after InputPath is the Message', async () => {
    await eddy.events.send(new PutRuleCommand({ Name: 'to-alerts', EventPattern: JSON.stringify({ source: ['shop'] }) }));
    const targets = await eddy.events.send(new PutTargetsCommand({ Rule: 'to-alerts', Targets: [{ Id: 'alerts', Arn: ALERTS, InputPath: '$.detail' }] }));
    assert.equal(targets.FailedEntryCount, 0);
    await eddy.events.send(new PutEventsCommand({ Entries: [{ Source: 'shop', DetailType: 'OrderPlaced', Detail: JSON.stringify({ orderId: 'o-1' }) }] }));
    assert.deepEqual(await published(), { orderId: 'o-1' });
  });

  it('a Scheduler target: the schedule\'s Input is the Message', async () => {
    const scheduler = schedulerClient(eddy);
    await scheduler.send(new CreateScheduleCommand({
      Name: 'alert-hourly', ScheduleExpression: 'rate(1 hour)', FlexibleTimeWindow: { Mode: 'OFF' },
      Target: { Arn: ALERTS, RoleArn: SCHEDULER_ROLE, Input: JSON.stringify({ check: 'hourly' }) },
    }));
    try {
      assert.deepEqual(await published(), { check: 'hourly' }); // a rate schedule without a start runs when created
    } finally {
      await scheduler.send(new DeleteScheduleCommand({ Name: 'alert-hourly' }));
      scheduler.destroy();
    }
  });

  it('a Lambda OnFailure destination: the invocation record is the Message', async () => {
    await lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'fails', MaximumRetryAttempts: 0, DestinationConfig: { OnFailure: { Destination: ALERTS } } }));
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'fails', InvocationType: 'Event', Payload: Buffer.from(JSON.stringify({ orderId: 'o-2' })) }));
    const record = await published();
    assert.equal(record['requestContext'].requestId, out.$metadata.requestId);
    assert.equal(record['requestContext'].condition, 'RetriesExhausted');
    assert.deepEqual(record['requestPayload'], { orderId: 'o-2' });
    assert.equal(record['responsePayload'].errorMessage, 'boom');
  });

  it('a stream trigger\'s on-failure destination: the discarded batch\'s failure record is the Message', async () => {
    const streamArn = await createStreamTable(eddy.ddb, 'TriggerToTopic');
    await lambda.send(new CreateEventSourceMappingCommand({
      FunctionName: 'fails', EventSourceArn: streamArn, StartingPosition: 'TRIM_HORIZON', MaximumRetryAttempts: 0, DestinationConfig: { OnFailure: { Destination: ALERTS } },
    }));
    await eddy.ddb.send(new PutItemCommand({ TableName: 'TriggerToTopic', Item: { pk: { S: 't-1' } } }));
    const record = await published();
    assert.equal(record['requestContext'].condition, 'RetryAttemptsExhausted');
    assert.equal(record['requestContext'].functionArn, 'arn:aws:lambda:us-east-1:000000000000:function:fails');
    assert.equal(record['DDBStreamBatchInfo'].streamArn, streamArn);
    assert.equal(record['DDBStreamBatchInfo'].batchSize, 1);
  });

  it('a pipe\'s dead-letter topic: the discarded batch\'s failure record is the Message', async () => {
    const streamArn = await createStreamTable(eddy.ddb, 'PipeToTopic');
    const pipes = pipesClient(eddy.endpoint);
    try {
      await pipes.send(new CreatePipeCommand({
        Name: 'fails-to-alerts', Source: streamArn, RoleArn: PIPES_ROLE, Target: 'arn:aws:lambda:us-east-1:000000000000:function:fails',
        SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'TRIM_HORIZON', BatchSize: 1, MaximumRetryAttempts: 0, DeadLetterConfig: { Arn: ALERTS } } },
      }));
      await eddy.ddb.send(new PutItemCommand({ TableName: 'PipeToTopic', Item: { pk: { S: 'p-1' } } }));
      const record = await published();
      assert.equal(record['DDBStreamBatchInfo'].streamArn, streamArn);
      assert.equal(record['DDBStreamBatchInfo'].batchSize, 1);
    } finally {
      pipes.destroy();
    }
  });

  it('a pipe\'s target: each record, through the pipe\'s InputTemplate, is a Message', async () => {
    const streamArn = await createStreamTable(eddy.ddb, 'PipeTargetTopic');
    const pipes = pipesClient(eddy.endpoint);
    try {
      await pipes.send(new CreatePipeCommand({
        Name: 'changes-to-alerts', Source: streamArn, RoleArn: PIPES_ROLE, Target: ALERTS,
        SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'TRIM_HORIZON', BatchSize: 10 } },
        TargetParameters: { InputTemplate: '{"changed": <$.dynamodb.Keys.pk.S>}' },
      }));
      for (const pk of ['c-1', 'c-2', 'c-3']) await eddy.ddb.send(new PutItemCommand({ TableName: 'PipeTargetTopic', Item: { pk: { S: pk } } }));
      const messages = await receiveMessages(eddy, seen, 3);
      assert.deepEqual(messages.map((m) => (JSON.parse(m.Body!) as { changed: string }).changed).sort(), ['c-1', 'c-2', 'c-3']);
      // More than PublishBatch's 10 a call is refused, as for a queue.
      await assert.rejects(
        pipes.send(new CreatePipeCommand({ Name: 'too-big', Source: streamArn, RoleArn: PIPES_ROLE, Target: ALERTS, SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'LATEST', BatchSize: 11 } } })),
        /BatchSize must be less than or equal to 10/,
      );
    } finally {
      pipes.destroy();
    }
  });
});
