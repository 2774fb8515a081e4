import { checkRequest } from '../../bus/validation/check-request.js';
import type { StoredSchedulerDocument } from '../../storage/scheduler-store.js';
import { pageOf, wireTime } from '../pages.js';
import { DEFAULT_GROUP, type GroupDefinition } from '../schedule-definition.js';
import { firstDue, type TimedDefinition } from '../schedule-times.js';
import { scheduleArn } from '../scheduler-arns.js';
import type { SchedulerContext } from '../scheduler-context.js';
import { schedulerErrors } from '../scheduler-errors.js';
import { checkScheduleInput } from '../validation/check-schedule.js';
import { listSchedulesShape, scheduleRefShape } from '../validation/scheduler-shapes.js';

type Schedule = StoredSchedulerDocument<TimedDefinition>;

/** RetryPolicy as GetSchedule shows it when none was given (SEMANTICS F.3: EventBridge's figures, unconfirmed for Scheduler). */
const DEFAULT_RETRY = { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 };

/**
 * CreateSchedule (`create`) and UpdateSchedule: the whole definition is written, its first due time
 * computed and stored in the same write. Create refuses an existing name (ConflictException) unless
 * the request repeats the ClientToken that created it (an SDK retry: answered again). Update replaces
 * everything, as AWS does: what the request omits returns to its default. The group must exist.
 */
export async function writeSchedule(ctx: SchedulerContext, name: string, body: Record<string, unknown>, create: boolean): Promise<{ ScheduleArn: string }> {
  const checked = checkScheduleInput(name, body);
  const now = ctx.clock.now();
  const arn = scheduleArn(ctx.deployment, checked.group, checked.name);
  const definition: TimedDefinition = {
    ...checked.definition,
    anchor: checked.definition.StartDate ?? now,
    ...(checked.clientToken !== undefined && { clientToken: checked.clientToken }),
  };
  const dueAt = firstDue(definition, now);
  await ctx.store.write<TimedDefinition, void>({
    kind: 'schedule',
    group: checked.group,
    name: checked.name,
    now,
    decide(current, group) {
      if (group === undefined) throw schedulerErrors.groupNotFound(checked.group);
      if ((group.definition as GroupDefinition).State === 'DELETING') throw schedulerErrors.groupDeleting(checked.group);
      if (create && current) {
        if (checked.clientToken !== undefined && current.definition.clientToken === checked.clientToken) return { definition: current.definition, result: undefined };
        throw schedulerErrors.scheduleExists(checked.name);
      }
      if (!create && !current) throw schedulerErrors.scheduleNotFound(checked.name);
      return { definition, dueAt, result: undefined };
    },
  });
  ctx.changed();
  return { ScheduleArn: arn };
}

function scheduleRef(name: string, groupName: string | undefined, clientToken?: string): { name: string; group: string } {
  const ref = checkRequest<{ Name: string; GroupName?: string }>(
    { Name: name, ...(groupName !== undefined && { GroupName: groupName }), ...(clientToken !== undefined && { ClientToken: clientToken }) },
    scheduleRefShape,
  );
  return { name: ref.Name, group: ref.GroupName ?? DEFAULT_GROUP };
}

export async function getSchedule(ctx: SchedulerContext, name: string, groupName: string | undefined): Promise<Record<string, unknown>> {
  const ref = scheduleRef(name, groupName);
  const schedule = await ctx.store.getSchedule<TimedDefinition>(ref.group, ref.name);
  if (!schedule) throw schedulerErrors.scheduleNotFound(ref.name);
  return scheduleView(ctx, schedule);
}

export async function deleteSchedule(ctx: SchedulerContext, name: string, groupName: string | undefined, clientToken: string | undefined): Promise<Record<string, never>> {
  const ref = scheduleRef(name, groupName, clientToken);
  await ctx.store.write<TimedDefinition, void>({
    kind: 'schedule',
    group: ref.group,
    name: ref.name,
    now: ctx.clock.now(),
    decide(current) {
      if (!current) throw schedulerErrors.scheduleNotFound(ref.name);
      return { definition: null, result: undefined };
    },
  });
  return {};
}

export async function listSchedules(ctx: SchedulerContext, query: Record<string, unknown>): Promise<Record<string, unknown>> {
  const input = checkRequest<{ GroupName?: string; NamePrefix?: string; State?: string; NextToken?: string; MaxResults?: number }>(query, listSchedulesShape);
  const all = await ctx.store.listSchedules<TimedDefinition>(input.GroupName);
  const matching = all.filter(
    (s) => (input.NamePrefix === undefined || s.name.startsWith(input.NamePrefix)) && (input.State === undefined || s.definition.State === input.State),
  );
  const { page, next } = pageOf(matching, (s) => `${s.group}\u0000${s.name}`, input.MaxResults, input.NextToken);
  return {
    Schedules: page.map((s) => ({
      Arn: scheduleArn(ctx.deployment, s.group, s.name),
      Name: s.name,
      GroupName: s.group,
      State: s.definition.State,
      CreationDate: wireTime(s.createdAt),
      LastModificationDate: wireTime(s.modifiedAt),
      Target: { Arn: s.definition.Target.Arn },
    })),
    ...(next !== undefined && { NextToken: next }),
  };
}

/** GetSchedule's answer: every field as written (defaults filled in), without ClientToken. */
function scheduleView(ctx: SchedulerContext, schedule: Schedule): Record<string, unknown> {
  const d = schedule.definition;
  return {
    Arn: scheduleArn(ctx.deployment, schedule.group, schedule.name),
    GroupName: schedule.group,
    Name: schedule.name,
    ScheduleExpression: d.ScheduleExpression,
    ...(d.StartDate !== undefined && { StartDate: wireTime(d.StartDate) }),
    ...(d.EndDate !== undefined && { EndDate: wireTime(d.EndDate) }),
    ...(d.Description !== undefined && { Description: d.Description }),
    ScheduleExpressionTimezone: d.ScheduleExpressionTimezone ?? 'UTC',
    State: d.State,
    CreationDate: wireTime(schedule.createdAt),
    LastModificationDate: wireTime(schedule.modifiedAt),
    ...(d.KmsKeyArn !== undefined && { KmsKeyArn: d.KmsKeyArn }),
    Target: { ...d.Target, RetryPolicy: { ...DEFAULT_RETRY, ...d.Target.RetryPolicy } },
    FlexibleTimeWindow: d.FlexibleTimeWindow,
    ActionAfterCompletion: d.ActionAfterCompletion,
  };
}
