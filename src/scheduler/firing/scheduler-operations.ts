import { createScheduleGroup, deleteScheduleGroup, tagResource, untagResource } from '../operations/groups.js';
import { deleteSchedule, writeSchedule } from '../operations/schedules.js';
import type { SchedulerContext } from '../scheduler-context.js';
import { schedulerErrors } from '../scheduler-errors.js';
import type { ServiceOperation, ServiceOperations } from './universal-targets.js';

/** A member the REST API carries in the path or query, read from the universal target's JSON input. */
function text(input: Record<string, unknown>, member: string, required = true): string | undefined {
  const value = input[member];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string') throw schedulerErrors.validation(`${member} must be a string.`);
  return value;
}

/**
 * Scheduler's own write operations for universal targets (`arn:aws:scheduler:::aws-sdk:scheduler:createSchedule`…):
 * the input is the operation's request as the SDK takes it, the members the REST API puts in the path or
 * query (Name, GroupName, ClientToken, ResourceArn, TagKeys) included. Reads are not allowed as targets anyway.
 */
function schedulerOperations(ctx: SchedulerContext): ReadonlyMap<string, ServiceOperation> {
  return new Map<string, ServiceOperation>([
    ['CreateSchedule', (input) => writeSchedule(ctx, text(input, 'Name')!, input, true)],
    ['UpdateSchedule', (input) => writeSchedule(ctx, text(input, 'Name')!, input, false)],
    ['DeleteSchedule', (input) => deleteSchedule(ctx, text(input, 'Name')!, text(input, 'GroupName', false), text(input, 'ClientToken', false))],
    ['CreateScheduleGroup', (input) => createScheduleGroup(ctx, text(input, 'Name')!, input)],
    ['DeleteScheduleGroup', (input) => deleteScheduleGroup(ctx, text(input, 'Name')!, text(input, 'ClientToken', false))],
    ['TagResource', (input) => tagResource(ctx, text(input, 'ResourceArn')!, input)],
    [
      'UntagResource',
      (input) => {
        const keys = input['TagKeys'];
        if (!Array.isArray(keys) || !keys.every((key) => typeof key === 'string')) throw schedulerErrors.validation('TagKeys must be a list of strings.');
        return untagResource(ctx, text(input, 'ResourceArn')!, keys as string[]);
      },
    ],
  ]);
}

/** `others` (Eddy's JSON services) with Scheduler's own operations under the `scheduler` identifier. */
export function withSchedulerOperations(ctx: SchedulerContext, others: ServiceOperations): ServiceOperations {
  const own = schedulerOperations(ctx);
  return { find: (service, operation) => (service === 'scheduler' ? (own.get(operation) ?? null) : others.find(service, operation)) };
}
