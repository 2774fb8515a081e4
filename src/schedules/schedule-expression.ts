/** The three kinds of schedule expression: EventBridge rules take `rate` and `cron`, Scheduler also `at`. */
export type ScheduleKind = 'rate' | 'cron' | 'at';

/** A parsed schedule expression; `text` is the expression exactly as given. */
export type ScheduleExpression = RateExpression | CronExpression | AtExpression;

/** `rate(5 minutes)`: fixed durations, so a `day` is always 24 hours, even across DST (Scheduler guide). */
export interface RateExpression {
  readonly kind: 'rate';
  readonly text: string;
  readonly value: number;
  readonly unit: 'minute' | 'hour' | 'day';
  /** value × unit, in milliseconds. */
  readonly periodMs: number;
}

/** `at(2026-03-14T09:30:00)`: a wall-clock time in the schedule's time zone (Scheduler only). */
export interface AtExpression {
  readonly kind: 'at';
  readonly text: string;
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

/**
 * `cron(Minutes Hours Day-of-month Month Day-of-week Year)`, each field expanded to its sorted values.
 * Day-of-month and day-of-week are folded into one `days` rule, since exactly one of them is `?`.
 */
export interface CronExpression {
  readonly kind: 'cron';
  readonly text: string;
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly days: DayRule;
  /** 1–12. */
  readonly months: readonly number[];
  /** 1970–2199. */
  readonly years: readonly number[];
}

/** Weekdays are numbered as AWS numbers them: 1 = Sunday … 7 = Saturday. */
export type DayRule =
  /** Day-of-month values (`1,15`, `1-31/2`, `*`); days past the month's end never match. */
  | { readonly kind: 'days-of-month'; readonly days: readonly number[] }
  /** `L` in day-of-month. */
  | { readonly kind: 'last-day-of-month' }
  /** `LW` in day-of-month: the month's last Monday–Friday. */
  | { readonly kind: 'last-weekday-of-month' }
  /** `15W`: the Monday–Friday nearest to that day, without leaving the month. */
  | { readonly kind: 'nearest-weekday'; readonly day: number }
  /** Day-of-week values (`MON-FRI`, `1,7`, `*`; `L` alone means 7, Saturday). */
  | { readonly kind: 'days-of-week'; readonly weekdays: readonly number[] }
  /** `6L`: the month's last Friday. */
  | { readonly kind: 'last-weekday-in-month'; readonly weekday: number }
  /** `3#2`: the month's second Tuesday. */
  | { readonly kind: 'nth-weekday-in-month'; readonly weekday: number; readonly nth: number };
