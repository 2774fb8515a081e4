import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateScheduleCommand, type SchedulerClient } from '@aws-sdk/client-scheduler';
import { CreateFunctionCommand, GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { ManualClock } from '../../../src/shared/clock.js';
import { startTestEddy, testCredentials, type TestEddy } from '../../helpers/eddy.js';
import { eventually } from '../../helpers/eventually.js';
import { makeZip } from '../../helpers/zip.js';
import { drainMessages, functionArnOf, newQueue } from '../events/delivery-fixtures.js';
import { ROLE, scheduleArnOf, schedulerClient, uniqueName } from './scheduler-fixtures.js';

const MINUTE = 60_000;

/** Attributes of a dead-letter message as plain strings. */
const attributesOf = (message: { MessageAttributes?: Record<string, { StringValue?: string }> }) =>
  Object.fromEntries(Object.entries(message.MessageAttributes ?? {}).map(([key, value]) => [key, value.StringValue]));

describe('Scheduler retries a failed target by its RetryPolicy, on Eddy\'s clock', () => {
  let eddy: TestEddy;
  let scheduler: SchedulerClient;
  let lambda: LambdaClient;
  const clock = new ManualClock(Date.UTC(2026, 8, 1, 10, 0));
  before(async () => {
    eddy = await startTestEddy({ clock });
    scheduler = schedulerClient(eddy);
    lambda = new LambdaClient({ endpoint: eddy.endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
  });
  after(async () => {
    lambda.destroy();
    await eddy.stop();
  });

  /**
   * Moves Eddy's clock by `ms` and fires what fell due: the admin route resolves once the attempts due were
   * made (by its pass or the one the clock's move woke, which it waits for). Counts are not read: which of
   * the two passes made an attempt is not fixed.
   */
  const advance = async (ms: number) => {
    clock.set(clock.now() + ms);
    await eddy.admin('/_eddy/scheduler/fire');
  };
  const events = async (name: string) =>
    ((await eddy.admin('/_eddy/functions/logs', { function: name })).lines as { message: string }[]).map((l) => l.message).filter((line) => line.includes('EVENT '));

  it('a function target missing at the first two attempts is retried and invoked at the third, with attempt-number 3', async () => {
    const name = uniqueName('late-fn');
    await scheduler.send(
      new CreateScheduleCommand({
        Name: uniqueName('retry'),
        ScheduleExpression: 'at(2026-09-01T10:00:00)',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: {
          Arn: functionArnOf(name),
          RoleArn: ROLE,
          Input: '{"try":<aws.scheduler.attempt-number>,"at":"<aws.scheduler.scheduled-time>"}',
          RetryPolicy: { MaximumRetryAttempts: 5, MaximumEventAgeInSeconds: 3600 },
        },
      }),
    );
    await advance(0); // attempt 1: ResourceNotFoundException, retried after a backoff of at most 1 s
    await advance(10 * MINUTE); // attempt 2, likewise (at most 2 s)
    const code = makeZip({ 'index.mjs': 'export const handler = async (event) => { console.log("EVENT " + JSON.stringify(event)); return {}; };' });
    await lambda.send(new CreateFunctionCommand({ FunctionName: name, Role: ROLE, Runtime: 'nodejs22.x', Handler: 'index.handler', Code: { ZipFile: code } }));
    await eventually(`${name} to be Active`, () => lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name })), { accept: (c) => c.State === 'Active' });
    await advance(10 * MINUTE); // attempt 3: enqueued for the function
    await eddy.admin('/_eddy/functions/async/run');
    const lines = await eventually('the function to log the event', () => events(name), { accept: (found) => found.length > 0 });
    assert.deepEqual(JSON.parse(lines[0]!.slice(lines[0]!.indexOf('EVENT ') + 6)), { try: 3, at: '2026-09-01T10:00:00Z' });
    // Done: nothing more is attempted however far time moves.
    await advance(24 * 60 * MINUTE);
    await eddy.admin('/_eddy/functions/async/run');
    assert.equal((await events(name)).length, 1);
  });

  it('a target still failing after MaximumRetryAttempts goes to the DLQ with exactly Scheduler\'s attributes', async () => {
    clock.set(Date.UTC(2026, 9, 1, 10, 0));
    const dlq = await newQueue(eddy, 'retry-dlq');
    const Name = uniqueName('exhaust');
    const target = 'arn:aws:sqs:us-east-1:000000000000:never-created';
    await scheduler.send(
      new CreateScheduleCommand({
        Name,
        ScheduleExpression: 'at(2026-10-01T10:00:00)',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: {
          Arn: target,
          RoleArn: ROLE,
          Input: '{"id":"<aws.scheduler.execution-id>","try":<aws.scheduler.attempt-number>}',
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
          DeadLetterConfig: { Arn: dlq.arn },
        },
      }),
    );
    await advance(0);
    assert.deepEqual(await drainMessages(eddy, dlq), []); // retried, not given up
    await advance(10 * MINUTE);
    assert.deepEqual(await drainMessages(eddy, dlq), []);
    await advance(10 * MINUTE); // the third attempt: MaximumRetryAttempts 2 reached
    const [message, ...more] = await drainMessages(eddy, dlq);
    assert.deepEqual(more, []);
    const body = JSON.parse(message!.Body!);
    assert.equal(body.try, 3);
    assert.deepEqual(attributesOf(message!), {
      // configuring-schedule-dlq's documented example: SQS's own code and wording for a missing queue.
      ERROR_CODE: 'AWS.SimpleQueueService.NonExistentQueue',
      ERROR_MESSAGE: 'The specified queue does not exist for this wsdl version.',
      EXECUTION_ID: body.id,
      EXHAUSTED_RETRY_CONDITION: 'MaximumRetryAttempts',
      IS_PAYLOAD_TRUNCATED: 'false',
      RETRY_ATTEMPTS: '2',
      SCHEDULED_TIME: '2026-10-01T10:00:00Z',
      SCHEDULE_ARN: scheduleArnOf('default', Name),
      TARGET_ARN: target,
    });
  });

  it('a failure retrying cannot help goes to the DLQ at once, without EXHAUSTED_RETRY_CONDITION', async () => {
    clock.set(Date.UTC(2026, 10, 1, 10, 0));
    const dlq = await newQueue(eddy, 'permanent-dlq');
    await scheduler.send(
      new CreateScheduleCommand({
        Name: uniqueName('permanent'),
        ScheduleExpression: 'at(2026-11-01T10:00:00)',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: { Arn: 'arn:aws:scheduler:::aws-sdk:sqs:sendMessage', RoleArn: ROLE, Input: '{"QueueUrl":"x","MessageBody":', DeadLetterConfig: { Arn: dlq.arn } },
      }),
    );
    await advance(0);
    const [message] = await drainMessages(eddy, dlq);
    const attributes = attributesOf(message!);
    assert.equal(attributes.ERROR_CODE, 'ValidationException');
    assert.equal(attributes.EXHAUSTED_RETRY_CONDITION, undefined);
    assert.equal(attributes.RETRY_ATTEMPTS, '0');
  });
});
