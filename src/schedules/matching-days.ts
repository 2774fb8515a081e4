import { daysInMonth, weekdayOf } from './civil-time.js';
import type { DayRule } from './schedule-expression.js';

/**
 * The days of one month a cron day rule picks, ascending. A month without the day asked for has none:
 * `31` skips 30-day months, `30` skips February, `5#5` skips months with four of that weekday, and
 * `31W` skips months without a 31st (as `31` does; Quartz would roll into the next month).
 */
export function matchingDays(rule: DayRule, year: number, month: number): number[] {
  const length = daysInMonth(year, month);
  switch (rule.kind) {
    case 'days-of-month':
      return rule.days.filter((day) => day <= length);
    case 'last-day-of-month':
      return [length];
    case 'last-weekday-of-month':
      return [weekdayOnOrBefore(year, month, length)];
    case 'nearest-weekday':
      return rule.day <= length ? [nearestWeekday(year, month, rule.day, length)] : [];
    case 'days-of-week': {
      const first = weekdayOf(year, month, 1);
      const days: number[] = [];
      for (let day = 1; day <= length; day++) {
        if (rule.weekdays.includes(((first - 1 + day - 1) % 7) + 1)) days.push(day);
      }
      return days;
    }
    case 'last-weekday-in-month': {
      const lastWeekday = weekdayOf(year, month, length);
      return [length - ((lastWeekday - rule.weekday + 7) % 7)];
    }
    case 'nth-weekday-in-month': {
      const firstOfWeekday = 1 + ((rule.weekday - weekdayOf(year, month, 1) + 7) % 7);
      const day = firstOfWeekday + 7 * (rule.nth - 1);
      return day <= length ? [day] : [];
    }
  }
}

/** The last Monday–Friday on or before `day` (for `LW`: a month's last day is never before its 28th). */
function weekdayOnOrBefore(year: number, month: number, day: number): number {
  const weekday = weekdayOf(year, month, day);
  return weekday === 7 ? day - 1 : weekday === 1 ? day - 2 : day;
}

/**
 * `15W`, as Quartz defines it: the day itself if Monday–Friday; a Saturday moves to Friday, a Sunday to
 * Monday — unless that leaves the month, when the 1st as a Saturday moves to Monday the 3rd and the last
 * day as a Sunday to Friday.
 */
function nearestWeekday(year: number, month: number, day: number, length: number): number {
  const weekday = weekdayOf(year, month, day);
  if (weekday === 7) return day === 1 ? 3 : day - 1;
  if (weekday === 1) return day === length ? day - 2 : day + 1;
  return day;
}
