import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openSqliteEngine } from '../../storage/sqlite/sqlite-engine.js';
import { defaultDeployment } from '../../shared/arns.js';
import { ManualClock } from '../../shared/clock.js';
import { ServiceError } from '../../shared/service-error.js';
import { createScheduleGroup, deleteScheduleGroup, getScheduleGroup } from '../operations/groups.js';
import { getSchedule, writeSchedule } from '../operations/schedules.js';
import type { SchedulerContext } from '../scheduler-context.js';
import { finishGroupDeletions } from './group-deletion.js';

const schedule = (GroupName: string) => ({
  GroupName,
  ScheduleExpression: 'rate(5 minutes)',
  FlexibleTimeWindow: { Mode: 'OFF' },
  Target: { Arn: 'arn:aws:sqs:us-east-1:000000000000:q', RoleArn: 'arn:aws:iam::000000000000:role/r' },
});
const fails = (code: string) => (error: unknown) => error instanceof ServiceError && error.code === code;

describe('DeleteScheduleGroup', () => {
  it('shows the group DELETING and refuses schedules into it until a loop removes it with its schedules, once', async () => {
    const engine = openSqliteEngine({ path: ':memory:' });
    // No loop is woken here (`changed` does nothing): the DELETING state is what another node would read.
    const ctx: SchedulerContext = { store: engine.scheduler, clock: new ManualClock(Date.UTC(2026, 0, 1)), deployment: defaultDeployment, changed: () => {} };
    await createScheduleGroup(ctx, 'g', {});
    await createScheduleGroup(ctx, 'kept', {});
    await writeSchedule(ctx, 'a', schedule('g'), true);
    await writeSchedule(ctx, 'b', schedule('kept'), true);
    await deleteScheduleGroup(ctx, 'g', undefined);
    assert.equal((await getScheduleGroup(ctx, 'g')).State, 'DELETING');
    assert.equal((await getScheduleGroup(ctx, 'kept')).State, 'ACTIVE');
    await assert.rejects(writeSchedule(ctx, 'c', schedule('g'), true), fails('ConflictException'));
    await deleteScheduleGroup(ctx, 'g', undefined); // again, while DELETING
    const [first, second] = await Promise.all([finishGroupDeletions(ctx.store, 1), finishGroupDeletions(ctx.store, 1)]);
    assert.deepEqual([...first, ...second], ['g']); // two loops (nodes) at once: removed once
    await assert.rejects(getScheduleGroup(ctx, 'g'), fails('ResourceNotFoundException'));
    await assert.rejects(getSchedule(ctx, 'a', 'g'), fails('ResourceNotFoundException'));
    assert.equal((await getSchedule(ctx, 'b', 'kept')).Name, 'b');
    await engine.close();
  });
});
