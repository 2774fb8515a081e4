import { InvalidScheduleExpressionError, nextFiring, parseScheduleExpression, type ScheduleExpression } from '../schedules/index.js';
import type { RuleDefinition } from './bus-documents.js';
import { busErrors } from './bus-errors.js';
import type { Rule } from './bus-lookup.js';

const MINUTE_MS = 60_000;

/**
 * A scheduled rule's next firing is its document's `dueAt`, which the firing loop takes; PutRule,
 * EnableRule and DisableRule keep it right. All of PutRule's schedule answers are
 * `ValidationException: Parameter ScheduleExpression is not valid.` (observed).
 */

/** A schedule expression as PutRule takes it, parsed; ValidationException when AWS would refuse it. */
export function checkScheduleExpression(text: string): ScheduleExpression {
  try {
    return parseScheduleExpression(text, { allow: ['rate', 'cron'] });
  } catch (error) {
    if (error instanceof InvalidScheduleExpressionError) throw busErrors.validation(error.ruleMessage);
    throw error;
  }
}

/** Whether a rule in this state fires on its schedule. */
const fires = (definition: RuleDefinition): boolean => definition.ScheduleExpression !== undefined && definition.State !== 'DISABLED';

/**
 * The `dueAt` to write with `next`, which replaces `current`: null when it does not fire on a schedule;
 * undefined (keep the stored one) when it fired on the same schedule before, so a firing due while
 * Eddy was stopped is not skipped; else the first firing after `now`.
 */
export function nextDueAt(current: Rule | undefined, next: RuleDefinition, now: number): number | null | undefined {
  if (!fires(next)) return null;
  const same = current !== undefined && fires(current.definition) && current.definition.ScheduleExpression === next.ScheduleExpression;
  if (same && current.dueAt !== undefined) return undefined;
  // Stored expressions were checked when put; a rate() counts from the anchor, a cron() is UTC.
  const expression = checkScheduleExpression(next.ScheduleExpression!);
  return nextFiring(expression, now, { anchor: next.scheduleAnchor ?? now }) ?? null;
}

/**
 * What rate() counts from: kept while the expression stays the same, else the minute of now (floored,
 * so firings fall on second 0 like cron's, within AWS's one-minute precision).
 */
export function scheduleAnchor(current: Rule | undefined, expression: string | undefined, now: number): number | undefined {
  if (expression === undefined) return undefined;
  const kept = current?.definition.ScheduleExpression === expression ? current.definition.scheduleAnchor : undefined;
  return kept ?? Math.floor(now / MINUTE_MS) * MINUTE_MS;
}
