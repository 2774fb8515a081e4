import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { CreateScheduleCommand, type SchedulerClient } from '@aws-sdk/client-scheduler';
import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { ManualClock } from '../../../src/shared/clock.js';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { drainMessages, functionArnOf, newQueue, queueArnOf, receiveMessages, type TestQueue } from '../events/delivery-fixtures.js';
import { ROLE, scheduleArnOf, schedulerClient, uniqueName } from './scheduler-fixtures.js';

// The events suite's functions: `recorder` sends the event it gets to the queue bus-seen.
const config = fileURLToPath(new URL('../events/fixtures/bus.config.json', import.meta.url));

describe('Scheduler function targets', () => {
  let eddy: TestEddy;
  let scheduler: SchedulerClient;
  let seen: TestQueue;
  const clock = new ManualClock(Date.UTC(2026, 6, 1, 8, 0));
  before(async () => {
    eddy = await startTestEddy({ config, clock });
    scheduler = schedulerClient(eddy);
    seen = { name: 'bus-seen', url: (await eddy.sqs.send(new GetQueueUrlCommand({ QueueName: 'bus-seen' }))).QueueUrl!, arn: queueArnOf('bus-seen') };
  });
  after(() => eddy.stop());

  it('invokes the function asynchronously with the Input as its event', async () => {
    const Name = uniqueName('fn');
    await scheduler.send(
      new CreateScheduleCommand({
        Name,
        ScheduleExpression: 'at(2026-07-01T09:00:00)',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: { Arn: functionArnOf('recorder'), RoleArn: ROLE, Input: '{"remind":"<aws.scheduler.schedule-arn>","at":"<aws.scheduler.scheduled-time>"}' },
      }),
    );
    clock.set(Date.UTC(2026, 6, 1, 9, 0));
    await eddy.admin('/_eddy/scheduler/fire');
    const [message] = await receiveMessages(eddy, seen, 1);
    assert.deepEqual(JSON.parse(message!.Body!), { remind: scheduleArnOf('default', Name), at: '2026-07-01T09:00:00Z' });
  });

  it('a function that does not exist (retried, here 0 times), or an Input that is not JSON (not retried), goes to the DLQ with Lambda\'s error code', async () => {
    clock.set(Date.UTC(2026, 6, 2, 8, 0));
    const dlq = await newQueue(eddy, 'fn-dlq');
    for (const [Arn, Input] of [[functionArnOf('missing'), '{}'], [functionArnOf('recorder'), 'not json']] as const) {
      await scheduler.send(
        new CreateScheduleCommand({
          Name: uniqueName('fn-fail'),
          ScheduleExpression: 'at(2026-07-02T08:00:00)',
          FlexibleTimeWindow: { Mode: 'OFF' },
          Target: { Arn, RoleArn: ROLE, Input, DeadLetterConfig: { Arn: dlq.arn }, RetryPolicy: { MaximumRetryAttempts: 0 } },
        }),
      );
    }
    await eddy.admin('/_eddy/scheduler/fire');
    const bodies = (await drainMessages(eddy, dlq)).map((m) => [m.Body, m.MessageAttributes?.['ERROR_CODE']?.StringValue, m.MessageAttributes?.['EXHAUSTED_RETRY_CONDITION']?.StringValue]);
    assert.deepEqual(bodies.sort(), [['not json', 'InvalidRequestContentException', undefined], ['{}', 'ResourceNotFoundException', 'MaximumRetryAttempts']]);
  });
});
