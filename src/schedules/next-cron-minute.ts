import type { CivilTime } from './civil-time.js';
import { matchingDays } from './matching-days.js';
import type { CronExpression } from './schedule-expression.js';

/**
 * The first wall-clock minute at or after `from` (its seconds ignored) that `cron` names, or undefined
 * past its last year. Jumps field by field — year, month, day, hour, minute — to the next value each
 * allows, resetting the smaller fields, so a search costs a few steps per month visited, never a step per
 * minute. Time zones are the caller's: this is calendar arithmetic only.
 */
export function nextCronMinute(cron: CronExpression, from: CivilTime): CivilTime | undefined {
  let { year, month, day, hour, minute } = from;
  for (;;) {
    const nextYear = firstAtLeast(cron.years, year);
    if (nextYear === undefined) return undefined;
    if (nextYear !== year) [year, month, day, hour, minute] = [nextYear, 1, 1, 0, 0];

    const nextMonth = firstAtLeast(cron.months, month);
    if (nextMonth === undefined) {
      [year, month, day, hour, minute] = [year + 1, 1, 1, 0, 0];
      continue;
    }
    if (nextMonth !== month) [month, day, hour, minute] = [nextMonth, 1, 0, 0];

    const nextDay = firstAtLeast(matchingDays(cron.days, year, month), day);
    if (nextDay === undefined) {
      [year, month, day, hour, minute] = month === 12 ? [year + 1, 1, 1, 0, 0] : [year, month + 1, 1, 0, 0];
      continue;
    }
    if (nextDay !== day) [day, hour, minute] = [nextDay, 0, 0];

    const nextHour = firstAtLeast(cron.hours, hour);
    if (nextHour === undefined) {
      [day, hour, minute] = [day + 1, 0, 0]; // past the month's end, the day search moves to the next month
      continue;
    }
    if (nextHour !== hour) [hour, minute] = [nextHour, 0];

    const nextMinute = firstAtLeast(cron.minutes, minute);
    if (nextMinute === undefined) {
      [hour, minute] = [hour + 1, 0]; // hour 24 has no value, so the hour search moves to the next day
      continue;
    }
    return { year, month, day, hour, minute: nextMinute, second: 0 };
  }
}

function firstAtLeast(sorted: readonly number[], value: number): number | undefined {
  for (const candidate of sorted) if (candidate >= value) return candidate;
  return undefined;
}
