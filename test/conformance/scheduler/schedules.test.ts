import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ConflictException,
  CreateScheduleCommand,
  CreateScheduleGroupCommand,
  DeleteScheduleCommand,
  DeleteScheduleGroupCommand,
  GetScheduleCommand,
  GetScheduleGroupCommand,
  ListScheduleGroupsCommand,
  ListSchedulesCommand,
  ListTagsForResourceCommand,
  ResourceNotFoundException,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateScheduleCommand,
  ValidationException,
  type SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { ManualClock } from '../../../src/shared/clock.js';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { ROLE, groupArnOf, queueArnOf, scheduleArnOf, schedulerClient, uniqueName } from './scheduler-fixtures.js';

const NOW = Date.UTC(2026, 5, 1, 10, 0, 0);
const target = (name = 'jobs') => ({ Arn: queueArnOf(name), RoleArn: ROLE });

describe('Scheduler API: schedules and groups over @aws-sdk/client-scheduler', () => {
  let eddy: TestEddy;
  let scheduler: SchedulerClient;
  const clock = new ManualClock(NOW);
  before(async () => {
    eddy = await startTestEddy({ clock });
    scheduler = schedulerClient(eddy);
  });
  after(() => eddy.stop());

  it('CreateSchedule answers the ARN; GetSchedule echoes every field with defaults filled in', async () => {
    const Name = uniqueName('get');
    const created = await scheduler.send(
      new CreateScheduleCommand({
        Name,
        ScheduleExpression: 'cron(0 9 * * ? *)',
        ScheduleExpressionTimezone: 'Europe/Berlin',
        FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 15 },
        Target: { ...target(), Input: '{"a":1}', SqsParameters: { MessageGroupId: 'g' } },
        Description: 'nine',
      }),
    );
    assert.equal(created.ScheduleArn, scheduleArnOf('default', Name));
    const got = await scheduler.send(new GetScheduleCommand({ Name }));
    assert.equal(got.Arn, scheduleArnOf('default', Name));
    assert.equal(got.GroupName, 'default');
    assert.equal(got.State, 'ENABLED');
    assert.equal(got.ActionAfterCompletion, 'NONE');
    assert.equal(got.ScheduleExpressionTimezone, 'Europe/Berlin');
    assert.equal(got.Description, 'nine');
    assert.deepEqual(got.FlexibleTimeWindow, { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 15 });
    assert.equal(got.Target?.Input, '{"a":1}');
    assert.deepEqual(got.Target?.SqsParameters, { MessageGroupId: 'g' });
    assert.deepEqual(got.Target?.RetryPolicy, { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 });
    assert.equal(got.CreationDate?.getTime(), NOW);
    assert.equal(got.LastModificationDate?.getTime(), NOW);
  });

  it('CreateSchedule of a taken name is ConflictException; a repeated ClientToken is answered again', async () => {
    const Name = uniqueName('conflict');
    const input = { Name, ScheduleExpression: 'rate(1 hour)', FlexibleTimeWindow: { Mode: 'OFF' as const }, Target: target(), ClientToken: 'token-1' };
    await scheduler.send(new CreateScheduleCommand(input));
    const again = await scheduler.send(new CreateScheduleCommand(input));
    assert.equal(again.ScheduleArn, scheduleArnOf('default', Name));
    await assert.rejects(scheduler.send(new CreateScheduleCommand({ ...input, ClientToken: 'token-2' })), (error: unknown) => {
      assert.ok(error instanceof ConflictException);
      assert.equal(error.$metadata.httpStatusCode, 409);
      assert.equal(error.message, `Schedule ${Name} already exists.`);
      return true;
    });
  });

  it('UpdateSchedule replaces everything: omitted fields return to their defaults', async () => {
    const Name = uniqueName('update');
    await scheduler.send(
      new CreateScheduleCommand({
        Name,
        ScheduleExpression: 'rate(5 minutes)',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: { ...target(), RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 600 } },
        Description: 'before',
        State: 'DISABLED',
      }),
    );
    clock.advance(1000);
    await scheduler.send(new UpdateScheduleCommand({ Name, ScheduleExpression: 'rate(10 minutes)', FlexibleTimeWindow: { Mode: 'OFF' }, Target: target('other') }));
    const got = await scheduler.send(new GetScheduleCommand({ Name }));
    assert.equal(got.ScheduleExpression, 'rate(10 minutes)');
    assert.equal(got.Description, undefined);
    assert.equal(got.State, 'ENABLED');
    assert.equal(got.Target?.Arn, queueArnOf('other'));
    assert.deepEqual(got.Target?.RetryPolicy, { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 });
    assert.equal(got.LastModificationDate!.getTime() - got.CreationDate!.getTime(), 1000);
  });

  it('Get, Update and Delete of an unknown schedule are ResourceNotFoundException (404)', async () => {
    for (const send of [
      () => scheduler.send(new GetScheduleCommand({ Name: 'missing' })),
      () => scheduler.send(new DeleteScheduleCommand({ Name: 'missing' })),
      () => scheduler.send(new UpdateScheduleCommand({ Name: 'missing', ScheduleExpression: 'rate(1 hour)', FlexibleTimeWindow: { Mode: 'OFF' }, Target: target() })),
    ]) {
      await assert.rejects(send(), (error: unknown) => {
        assert.ok(error instanceof ResourceNotFoundException);
        assert.equal(error.$metadata.httpStatusCode, 404);
        assert.equal(error.message, 'Schedule missing does not exist.');
        return true;
      });
    }
  });

  it('refuses invalid expressions, zones, windows and shapes with ValidationException', async () => {
    const base = { Name: uniqueName('invalid'), FlexibleTimeWindow: { Mode: 'OFF' as const }, Target: target() };
    const refused = async (input: object, message: string | RegExp) =>
      assert.rejects(scheduler.send(new CreateScheduleCommand({ ...base, ScheduleExpression: 'rate(1 hour)', ...input })), (error: unknown) => {
        assert.ok(error instanceof ValidationException, String(error));
        assert.equal(error.$metadata.httpStatusCode, 400);
        if (typeof message === 'string') assert.equal(error.message, message);
        else assert.match(error.message, message);
        return true;
      });
    await refused({ ScheduleExpression: 'rate(10 seconds)' }, 'Invalid Schedule Expression rate(10 seconds).');
    await refused({ ScheduleExpression: 'at(2026-06-01T10:00:00Z)' }, 'Invalid Schedule Expression at(2026-06-01T10:00:00Z).');
    await refused({ ScheduleExpression: 'cron(0 1 * * * *)' }, 'Invalid Schedule Expression cron(0 1 * * * *).');
    await refused({ ScheduleExpressionTimezone: 'Mars/Olympus' }, /ScheduleExpressionTimezone/);
    await refused({ FlexibleTimeWindow: { Mode: 'FLEXIBLE' } }, /MaximumWindowInMinutes/);
    await refused({ Target: { ...target(), RetryPolicy: { MaximumRetryAttempts: 186 } } }, /Member must have value less than or equal to 185/);
    await refused({ Name: 'bad name' }, /at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern/);
    await refused({ Target: { Arn: queueArnOf('q'), RoleArn: 'not-a-role' } }, /roleArn/);
  });

  it('ListSchedules filters by group, prefix and state and pages with NextToken', async () => {
    const GroupName = uniqueName('listing');
    await scheduler.send(new CreateScheduleGroupCommand({ Name: GroupName }));
    for (const [Name, State] of [['a-1', 'ENABLED'], ['a-2', 'DISABLED'], ['b-1', 'ENABLED']] as const) {
      await scheduler.send(new CreateScheduleCommand({ Name, GroupName, State, ScheduleExpression: 'rate(1 day)', FlexibleTimeWindow: { Mode: 'OFF' }, Target: target() }));
    }
    const all = await scheduler.send(new ListSchedulesCommand({ GroupName }));
    assert.deepEqual(all.Schedules?.map((s) => s.Name), ['a-1', 'a-2', 'b-1']);
    assert.deepEqual(all.Schedules?.[0], {
      Arn: scheduleArnOf(GroupName, 'a-1'),
      Name: 'a-1',
      GroupName,
      State: 'ENABLED',
      CreationDate: all.Schedules?.[0]?.CreationDate,
      LastModificationDate: all.Schedules?.[0]?.LastModificationDate,
      Target: { Arn: queueArnOf('jobs') },
    });
    const prefixed = await scheduler.send(new ListSchedulesCommand({ GroupName, NamePrefix: 'a-', State: 'ENABLED' }));
    assert.deepEqual(prefixed.Schedules?.map((s) => s.Name), ['a-1']);
    const first = await scheduler.send(new ListSchedulesCommand({ GroupName, MaxResults: 2 }));
    assert.deepEqual(first.Schedules?.map((s) => s.Name), ['a-1', 'a-2']);
    const second = await scheduler.send(new ListSchedulesCommand({ GroupName, MaxResults: 2, NextToken: first.NextToken! }));
    assert.deepEqual(second.Schedules?.map((s) => s.Name), ['b-1']);
    assert.equal(second.NextToken, undefined);
  });

  it('schedule groups: create, get, list (default included), tags, and delete with their schedules', async () => {
    const Name = uniqueName('group');
    const created = await scheduler.send(new CreateScheduleGroupCommand({ Name, Tags: [{ Key: 'team', Value: 'a' }] }));
    assert.equal(created.ScheduleGroupArn, groupArnOf(Name));
    const got = await scheduler.send(new GetScheduleGroupCommand({ Name }));
    assert.equal(got.Arn, groupArnOf(Name));
    assert.equal(got.State, 'ACTIVE');
    await assert.rejects(scheduler.send(new CreateScheduleGroupCommand({ Name })), ConflictException);
    const listed = await scheduler.send(new ListScheduleGroupsCommand({}));
    assert.ok(listed.ScheduleGroups?.some((g) => g.Name === 'default'));
    assert.ok(listed.ScheduleGroups?.some((g) => g.Name === Name));

    const ResourceArn = groupArnOf(Name);
    await scheduler.send(new TagResourceCommand({ ResourceArn, Tags: [{ Key: 'env', Value: 'dev' }, { Key: 'team', Value: 'b' }] }));
    assert.deepEqual((await scheduler.send(new ListTagsForResourceCommand({ ResourceArn }))).Tags, [{ Key: 'team', Value: 'b' }, { Key: 'env', Value: 'dev' }]);
    await scheduler.send(new UntagResourceCommand({ ResourceArn, TagKeys: ['team', 'env'] }));
    assert.deepEqual((await scheduler.send(new ListTagsForResourceCommand({ ResourceArn }))).Tags, []);

    await scheduler.send(new CreateScheduleCommand({ Name: 'inside', GroupName: Name, ScheduleExpression: 'rate(1 day)', FlexibleTimeWindow: { Mode: 'OFF' }, Target: target() }));
    await scheduler.send(new DeleteScheduleGroupCommand({ Name }));
    // DELETING until the firing loop removes it with its schedules (its next pass, woken now; awaited here).
    const during = await scheduler.send(new GetScheduleGroupCommand({ Name })).then((g) => g.State, (error: Error) => error.name);
    assert.ok(during === 'DELETING' || during === 'ResourceNotFoundException', during);
    await eddy.admin('/_eddy/scheduler/fire');
    await assert.rejects(scheduler.send(new GetScheduleGroupCommand({ Name })), ResourceNotFoundException);
    await assert.rejects(scheduler.send(new GetScheduleCommand({ Name: 'inside', GroupName: Name })), ResourceNotFoundException);
    await assert.rejects(
      scheduler.send(new CreateScheduleCommand({ Name: 'late', GroupName: Name, ScheduleExpression: 'rate(1 day)', FlexibleTimeWindow: { Mode: 'OFF' }, Target: target() })),
      ResourceNotFoundException,
    );
  });

  it('DeleteSchedule removes it (default group when GroupName is omitted)', async () => {
    const Name = uniqueName('delete');
    await scheduler.send(new CreateScheduleCommand({ Name, ScheduleExpression: 'rate(1 day)', FlexibleTimeWindow: { Mode: 'OFF' }, Target: target() }));
    await scheduler.send(new DeleteScheduleCommand({ Name }));
    await assert.rejects(scheduler.send(new GetScheduleCommand({ Name })), ResourceNotFoundException);
  });
});
