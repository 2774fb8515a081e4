import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateScheduleCommand, CreateScheduleGroupCommand, DeleteScheduleGroupCommand, GetScheduleCommand, ResourceNotFoundException, type SchedulerClient, type CreateScheduleCommandInput } from '@aws-sdk/client-scheduler';
import { CreateEventBusCommand } from '@aws-sdk/client-eventbridge';
import { ManualClock } from '../../../src/shared/clock.js';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { drainMessages, newQueue, newRule, type TestQueue } from '../events/delivery-fixtures.js';
import { ROLE, scheduleArnOf, schedulerClient, uniqueName } from './scheduler-fixtures.js';

const MINUTE = 60_000;

/** Fires what is due at the clock's now (the admin route resolves once the targets have run) and returns what reached the queue. */
async function fired(eddy: TestEddy, queue: TestQueue): Promise<string[]> {
  await eddy.admin('/_eddy/scheduler/fire');
  return (await drainMessages(eddy, queue)).map((message) => message.Body!);
}

describe('Scheduler fires schedules on the clock', () => {
  let eddy: TestEddy;
  let scheduler: SchedulerClient;
  const clock = new ManualClock(Date.UTC(2026, 6, 1, 12, 0, 30));
  before(async () => {
    eddy = await startTestEddy({ clock });
    scheduler = schedulerClient(eddy);
  });
  after(() => eddy.stop());

  const create = (input: Omit<CreateScheduleCommandInput, 'FlexibleTimeWindow' | 'Name'> & { Name?: string }) =>
    scheduler.send(new CreateScheduleCommand({ Name: uniqueName('fire'), FlexibleTimeWindow: { Mode: 'OFF' }, ...input }));

  it('rate(5 minutes) without StartDate runs at once, then every 5 minutes, each due time once, Input with its placeholders filled in', async () => {
    clock.set(Date.UTC(2026, 6, 1, 12, 0, 30));
    const queue = await newQueue(eddy, 'rate');
    const Name = uniqueName('rate');
    const Input = '{"arn":"<aws.scheduler.schedule-arn>","at":"<aws.scheduler.scheduled-time>","try":<aws.scheduler.attempt-number>}';
    await create({ Name, ScheduleExpression: 'rate(5 minutes)', Target: { Arn: queue.arn, RoleArn: ROLE, Input } });
    const arn = scheduleArnOf('default', Name);
    assert.deepEqual(await fired(eddy, queue), [`{"arn":"${arn}","at":"2026-07-01T12:00:30Z","try":1}`]);
    assert.deepEqual(await fired(eddy, queue), []);
    clock.set(Date.UTC(2026, 6, 1, 12, 5, 29));
    assert.deepEqual(await fired(eddy, queue), []);
    clock.set(Date.UTC(2026, 6, 1, 12, 5, 30));
    assert.deepEqual(await fired(eddy, queue), [`{"arn":"${arn}","at":"2026-07-01T12:05:30Z","try":1}`]);
    // A jump past three due times runs each of them once, oldest first.
    clock.set(Date.UTC(2026, 6, 1, 12, 21, 0));
    assert.deepEqual((await fired(eddy, queue)).map((body) => JSON.parse(body).at), ['2026-07-01T12:10:30Z', '2026-07-01T12:15:30Z', '2026-07-01T12:20:30Z']);
  });

  it('at() is read in its time zone; ActionAfterCompletion DELETE removes the schedule once it has run', async () => {
    clock.set(Date.UTC(2026, 6, 1, 12, 0));
    const queue = await newQueue(eddy, 'at');
    const Name = uniqueName('at');
    await create({
      Name,
      ScheduleExpression: 'at(2026-07-02T09:00:00)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      ActionAfterCompletion: 'DELETE',
      Target: { Arn: queue.arn, RoleArn: ROLE, Input: 'remind' },
    });
    clock.set(Date.UTC(2026, 6, 2, 6, 59, 59)); // 08:59:59 in Berlin (CEST, UTC+2)
    assert.deepEqual(await fired(eddy, queue), []);
    clock.set(Date.UTC(2026, 6, 2, 7, 0));
    assert.deepEqual(await fired(eddy, queue), ['remind']);
    await assert.rejects(scheduler.send(new GetScheduleCommand({ Name })), ResourceNotFoundException);
  });

  it('at() with ActionAfterCompletion NONE stays, and does not run again', async () => {
    clock.set(Date.UTC(2026, 6, 3, 12, 0));
    const queue = await newQueue(eddy, 'at-none');
    const Name = uniqueName('at-none');
    await create({ Name, ScheduleExpression: 'at(2026-07-03T12:30:00)', Target: { Arn: queue.arn, RoleArn: ROLE, Input: 'once' } });
    clock.set(Date.UTC(2026, 6, 3, 13, 0));
    assert.deepEqual(await fired(eddy, queue), ['once']);
    clock.set(Date.UTC(2026, 6, 4, 13, 0));
    assert.deepEqual(await fired(eddy, queue), []);
    assert.equal((await scheduler.send(new GetScheduleCommand({ Name }))).Name, Name);
  });

  it('cron() in Europe/Berlin skips the 02:30 that spring-forward removes', async () => {
    clock.set(Date.UTC(2027, 2, 27, 12, 0)); // Saturday 27 March 2027; DST starts on Sunday the 28th at 02:00 local
    const queue = await newQueue(eddy, 'cron-dst');
    await create({
      ScheduleExpression: 'cron(30 2 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      Target: { Arn: queue.arn, RoleArn: ROLE, Input: '{"at":"<aws.scheduler.scheduled-time>"}' },
    });
    clock.set(Date.UTC(2027, 2, 29, 12, 0));
    // 28 March has no 02:30; the 29th's is 00:30 UTC (CEST).
    assert.deepEqual(await fired(eddy, queue), ['{"at":"2027-03-29T00:30:00Z"}']);
  });

  it('a DISABLED schedule does not run; StartDate and EndDate bound a recurring one', async () => {
    clock.set(Date.UTC(2026, 7, 1, 0, 0));
    const queue = await newQueue(eddy, 'bounds');
    await create({ ScheduleExpression: 'rate(1 minute)', State: 'DISABLED', Target: { Arn: queue.arn, RoleArn: ROLE, Input: 'off' } });
    await create({
      ScheduleExpression: 'rate(10 minutes)',
      StartDate: new Date(Date.UTC(2026, 7, 1, 1, 0)),
      EndDate: new Date(Date.UTC(2026, 7, 1, 1, 25)),
      Target: { Arn: queue.arn, RoleArn: ROLE, Input: '{"at":"<aws.scheduler.scheduled-time>"}' },
    });
    assert.deepEqual(await fired(eddy, queue), []);
    clock.set(Date.UTC(2026, 7, 1, 2, 0));
    assert.deepEqual((await fired(eddy, queue)).map((body) => JSON.parse(body).at), ['2026-08-01T01:00:00Z', '2026-08-01T01:10:00Z', '2026-08-01T01:20:00Z']);
  });

  it('a FIFO queue target gets SqsParameters.MessageGroupId', async () => {
    clock.set(Date.UTC(2026, 8, 1, 0, 0));
    const queue = await newQueue(eddy, 'jobs.fifo');
    await create({ ScheduleExpression: 'at(2026-09-01T00:00:00)', Target: { Arn: queue.arn, RoleArn: ROLE, Input: 'fifo', SqsParameters: { MessageGroupId: 'night' } } });
    await eddy.admin('/_eddy/scheduler/fire');
    const [message] = await drainMessages(eddy, queue);
    assert.equal(message?.Body, 'fifo');
  });

  it('a bus target gets PutEvents with Source, DetailType and the Input as detail', async () => {
    clock.set(Date.UTC(2026, 9, 1, 0, 0));
    const bus = uniqueName('sched-bus');
    await eddy.events.send(new CreateEventBusCommand({ Name: bus }));
    const queue = await newQueue(eddy, 'from-bus');
    await newRule(eddy, bus, { source: ['my.scheduler'] }, [{ Id: 'q', Arn: queue.arn }]);
    const Name = uniqueName('to-bus');
    await create({
      Name,
      ScheduleExpression: 'at(2026-10-01T00:00:00)',
      Target: {
        Arn: `arn:aws:events:us-east-1:000000000000:event-bus/${bus}`,
        RoleArn: ROLE,
        Input: '{"job":"poll"}',
        EventBridgeParameters: { Source: 'my.scheduler', DetailType: 'Poll' },
      },
    });
    await eddy.admin('/_eddy/scheduler/fire');
    await eddy.admin('/_eddy/bus/deliver');
    const [body] = (await drainMessages(eddy, queue)).map((m) => JSON.parse(m.Body!));
    assert.equal(body['detail-type'], 'Poll');
    assert.equal(body.source, 'my.scheduler');
    assert.deepEqual(body.detail, { job: 'poll' });
    assert.deepEqual(body.resources, [scheduleArnOf('default', Name)]);
  });

  it('the schedules of a deleted group do not fire, however far time moves', async () => {
    clock.set(Date.UTC(2026, 11, 1, 0, 0));
    const queue = await newQueue(eddy, 'deleted-group');
    const GroupName = uniqueName('doomed');
    await scheduler.send(new CreateScheduleGroupCommand({ Name: GroupName }));
    await create({ GroupName, ScheduleExpression: 'rate(1 minute)', StartDate: new Date(Date.UTC(2026, 11, 1, 0, 1)), Target: { Arn: queue.arn, RoleArn: ROLE, Input: 'tick' } });
    await scheduler.send(new DeleteScheduleGroupCommand({ Name: GroupName }));
    clock.set(Date.UTC(2026, 11, 1, 1, 0));
    assert.deepEqual(await fired(eddy, queue), []);
  });

  it('a target that does not exist is retried (here 0 times), then the payload goes to the DLQ with Scheduler\'s attributes', async () => {
    clock.set(Date.UTC(2026, 10, 1, 0, 0));
    const dlq = await newQueue(eddy, 'sched-dlq');
    const Name = uniqueName('to-nowhere');
    await create({
      Name,
      ScheduleExpression: 'at(2026-11-01T00:00:00)',
      Target: { Arn: 'arn:aws:sqs:us-east-1:000000000000:no-such-queue', RoleArn: ROLE, Input: 'lost', DeadLetterConfig: { Arn: dlq.arn }, RetryPolicy: { MaximumRetryAttempts: 0 } },
    });
    await eddy.admin('/_eddy/scheduler/fire');
    const [message] = await drainMessages(eddy, dlq);
    assert.equal(message?.Body, 'lost');
    const attributes = Object.fromEntries(Object.entries(message!.MessageAttributes ?? {}).map(([key, value]) => [key, value.StringValue]));
    assert.equal(attributes.SCHEDULE_ARN, scheduleArnOf('default', Name));
    assert.equal(attributes.TARGET_ARN, 'arn:aws:sqs:us-east-1:000000000000:no-such-queue');
    assert.equal(attributes.SCHEDULED_TIME, '2026-11-01T00:00:00Z');
    assert.equal(attributes.RETRY_ATTEMPTS, '0');
    assert.equal(attributes.IS_PAYLOAD_TRUNCATED, 'false');
    assert.equal(attributes.ERROR_CODE, 'AWS.SimpleQueueService.NonExistentQueue');
    assert.equal(attributes.ERROR_MESSAGE, 'The specified queue does not exist for this wsdl version.');
    assert.ok(attributes.EXECUTION_ID);
    assert.equal(attributes.EXHAUSTED_RETRY_CONDITION, 'MaximumRetryAttempts');
  });
});
