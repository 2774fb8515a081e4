import { firingsBetween, nextFiring, parseScheduleExpression, type FiringOptions, type ScheduleExpression } from '../schedules/index.js';
import type { ScheduleDefinition } from './schedule-definition.js';

/** A stored schedule's definition with what its firings count from. */
export interface TimedDefinition extends ScheduleDefinition {
  /** What rate() counts from: StartDate, else when the schedule was created or last updated (it runs at once then). */
  readonly anchor: number;
}

export const expressionOf = (definition: ScheduleDefinition): ScheduleExpression =>
  parseScheduleExpression(definition.ScheduleExpression, { allow: ['at', 'rate', 'cron'] });

/**
 * Where the shared firing computation (schedules/next-firing.ts) reads a schedule: its zone (cron and
 * at), and StartDate / EndDate as bounds of recurring schedules (at() ignores them, as the model says).
 */
export function firingOptions(definition: TimedDefinition): FiringOptions {
  return {
    ...(definition.ScheduleExpressionTimezone !== undefined && { timezone: definition.ScheduleExpressionTimezone }),
    ...(definition.StartDate !== undefined && { start: definition.StartDate }),
    ...(definition.EndDate !== undefined && { end: definition.EndDate }),
    anchor: definition.anchor,
  };
}

/**
 * The first due time of a schedule written at `now`, or null when it has none (disabled, past its end).
 * An at() in the past is due at once (AWS accepts a past time, observed; that it then runs once is
 * unconfirmed). rate() without a StartDate runs at once (SEMANTICS F.2); a time at `now` itself counts.
 *
 * FlexibleTimeWindow: AWS runs the target at some time within the window after the scheduled time. Eddy's
 * choice is deterministic: the window's start, the scheduled time itself (any time in the window is AWS's
 * contract; the start is the one a test can wait for).
 */
export function firstDue(definition: TimedDefinition, now: number): number | null {
  if (definition.State === 'DISABLED') return null;
  const expression = expressionOf(definition);
  if (expression.kind === 'at') return nextFiring(expression, Number.MIN_SAFE_INTEGER, firingOptions(definition)) ?? null;
  return nextFiring(expression, now - 1, firingOptions(definition)) ?? null;
}

/** A schedule found due late owes its due times within the last `windowMs`, at most this many (the latest). */
export const MAX_OWED_FIRINGS = 60;

/**
 * What a schedule whose due time `dueAt` is due at `now` owes: each due time from `dueAt` to now once,
 * oldest first — Eddy was stopped, or its clock moved forward, past several — but only those younger than
 * `windowMs` (the target's MaximumEventAgeInSeconds: older ones AWS would have given up on too) and at most
 * MAX_OWED_FIRINGS of them; then its next due time after now (null: none). Mirrors bus/schedule/missed-firings.ts,
 * with the zone and bounds rules do not have.
 */
export function owedDueTimes(definition: TimedDefinition, dueAt: number, now: number, windowMs: number): { owed: number[]; skipped: number; next: number | null } {
  const expression = expressionOf(definition);
  if (expression.kind === 'at') return { owed: [dueAt], skipped: 0, next: null };
  const options = firingOptions(definition);
  const from = Math.max(dueAt, now - windowMs);
  const owed = from === dueAt ? [dueAt] : [];
  const limit = Math.floor(windowMs / 60_000) + 1;
  for (const time of firingsBetween(expression, from === dueAt ? dueAt : from - 1, now, options, limit)) owed.push(time);
  const kept = owed.slice(Math.max(0, owed.length - MAX_OWED_FIRINGS));
  return { owed: kept, skipped: owed.length - kept.length, next: nextFiring(expression, now, options) ?? null };
}
