import { randomUUID } from 'node:crypto';
import { InvalidScheduleExpressionError } from '../../schedules/index.js';
import type { Deployment } from '../../shared/arns.js';
import type { ScheduleFiring, StoredSchedulerDocument } from '../../storage/scheduler-store.js';
import type { ScheduleTarget } from '../schedule-definition.js';
import { owedDueTimes, type TimedDefinition } from '../schedule-times.js';
import { scheduleArn } from '../scheduler-arns.js';
import { maxEventAgeMs } from './execution-retry.js';
import { flexibleDelayMs } from './flexible-window.js';

/** One due schedule's firing, ready for SchedulerStore.fire, and what it amounts to (for counts and logs). */
export interface DueScheduleFiring {
  readonly firing: ScheduleFiring;
  /** The due times it runs the target for, ascending. */
  readonly times: readonly number[];
  readonly skipped: number;
  /** Why it stops (nothing run), when it does. */
  readonly stopped?: string;
}

/**
 * What firing `schedule`, found due at `now`, does: an execution per owed due time (see owedDueTimes),
 * the schedule's dueAt moved from the one read to its next due time in the same write — or, after its
 * last firing (an at(), or past its EndDate) with ActionAfterCompletion DELETE, the schedule removed.
 * A disabled schedule (a dueAt left over) or one whose expression no longer parses stops: dueAt cleared.
 */
export function scheduleFiring(schedule: StoredSchedulerDocument<TimedDefinition>, now: number, deployment: Deployment): DueScheduleFiring {
  const { definition, group, name } = schedule;
  const expectedDueAt = schedule.dueAt!;
  const stop = (reason: string): DueScheduleFiring => ({ firing: { group, name, expectedDueAt, nextDueAt: null, executions: [] }, times: [], skipped: 0, stopped: reason });
  if (definition.State === 'DISABLED') return stop('it is disabled');
  let owed;
  try {
    owed = owedDueTimes(definition, expectedDueAt, now, maxEventAgeMs(definition.Target));
  } catch (error) {
    if (error instanceof InvalidScheduleExpressionError) return stop(`its expression no longer parses: ${error.message}`);
    throw error;
  }
  const arn = scheduleArn(deployment, group, name);
  const target: ScheduleTarget = definition.Target;
  // With a FLEXIBLE window each due time runs at its own agreed point in the window (flexible-window.ts).
  const dueAt = (scheduledAt: number) => Math.max(now, scheduledAt + flexibleDelayMs(definition.FlexibleTimeWindow, arn, scheduledAt));
  const executions = owed.owed.map((scheduledAt) => ({ id: randomUUID(), scheduleArn: arn, scheduledAt, target, dueAt: dueAt(scheduledAt) }));
  const remove = owed.next === null && definition.ActionAfterCompletion === 'DELETE';
  return {
    firing: { group, name, expectedDueAt, nextDueAt: owed.next, ...(remove && { remove }), executions },
    times: owed.owed,
    skipped: owed.skipped,
  };
}
