/**
 * Wall-clock ("civil") date-times with no zone attached, as cron fields and `at()` describe them, and the
 * calendar arithmetic on them. A civil time is also handled as `civil ms`: the epoch milliseconds it would
 * be if it were UTC, which orders and adds like the wall clock does.
 */
export interface CivilTime {
  readonly year: number;
  /** 1–12. */
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Civil ms of `time`. Years 0–99 stay years 0–99 (Date.UTC would read them as 1900–1999). */
export function civilToMs(time: CivilTime): number {
  const date = new Date(0);
  date.setUTCFullYear(time.year, time.month - 1, time.day);
  date.setUTCHours(time.hour, time.minute, time.second, 0);
  return date.getTime();
}

/** The civil time `ms` stands for (milliseconds dropped). */
export function civilFromMs(ms: number): CivilTime {
  const date = new Date(ms);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
  };
}

export function daysInMonth(year: number, month: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, 0); // day 0 of the next month is this month's last day
  return date.getUTCDate();
}

/** 1 = Sunday … 7 = Saturday, as cron's day-of-week numbers them. */
export function weekdayOf(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCDay() + 1;
}

/** Is the calendar date real (month 1–12, day within the month)? */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}
