import { nextFiring } from './next-firing.js';
import type { FiringOptions } from './next-firing.js';
import type { ScheduleExpression } from './schedule-expression.js';

/**
 * The firings in (from, to], ascending, at most `limit` of them (the earliest). For catching up: the
 * bus fires on start what came due while Eddy was stopped, each once; `limit` bounds a long absence of a
 * frequent schedule.
 */
export function firingsBetween(
  expression: ScheduleExpression,
  from: number,
  to: number,
  options: FiringOptions,
  limit: number,
): number[] {
  const firings: number[] = [];
  let after = from;
  while (firings.length < limit) {
    const firing = nextFiring(expression, after, options);
    if (firing === undefined || firing > to) break;
    firings.push(firing);
    after = firing;
  }
  return firings;
}
