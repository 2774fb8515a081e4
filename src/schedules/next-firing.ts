import { civilFromMs, civilToMs, MINUTE_MS } from './civil-time.js';
import { nextCronMinute } from './next-cron-minute.js';
import type { AtExpression, CronExpression, RateExpression, ScheduleExpression } from './schedule-expression.js';
import { TimeZone } from './time-zone.js';

/** Where and when a schedule runs; all times are epoch ms. */
export interface FiringOptions {
  /** IANA zone cron() and at() are read in (Scheduler's ScheduleExpressionTimezone); default UTC, as rules are. */
  readonly timezone?: string;
  /** No firing before this (Scheduler's StartDate: "invocations might occur on, or after"); ignored by at(). */
  readonly start?: number;
  /** No firing after this (EndDate: "might stop on, or before"); ignored by at(). */
  readonly end?: number;
  /** What rate() counts from: the rule's creation, or Scheduler's StartDate. Default `start`, else the epoch. */
  readonly anchor?: number;
}

/** Date's own limit: nothing later can be a Date, so no firing is computed past it. */
const LAST_INSTANT = 8.64e15;

/**
 * The schedule's first firing strictly after `after`, or undefined when there is none: an at() in the
 * past, a cron() past its last year, anything past `end`.
 *
 * - rate(): `anchor + k × period` for k ≥ 0. A rule created at `t` asks for the first firing after `t` and
 *   gets `t + period`; a schedule without a StartDate, which runs at once, asks for the first after `t − 1`.
 *   Firings keep the anchor's seconds: an anchor floored to its minute gives second-0 firings like cron's,
 *   within AWS's one-minute precision. The zone plays no part: a day is 24 hours.
 * - cron(): second 0 of each wall-clock minute the fields name, in the zone.
 * - at(): the wall-clock time in the zone, once.
 *
 * DST, as Scheduler documents it (schedule-types.html, re:Post "eventbridge-scheduler-adjust-dst"): a cron
 * time that does not exist (spring forward) is skipped; a time that occurs twice (fall back) fires once,
 * at its first occurrence. For at(), a time in a gap fires when the clock jumps past it (02:30 becomes
 * 03:30; ours, unconfirmed — skipping would drop a one-time schedule) and a repeated one fires first time.
 */
export function nextFiring(expression: ScheduleExpression, after: number, options: FiringOptions = {}): number | undefined {
  if (expression.kind === 'at') return nextAt(expression, after, options);
  // Strictly after `after` and no earlier than `start`: both say "after `from`", on whole milliseconds.
  const from = options.start === undefined ? after : Math.max(after, options.start - 1);
  const firing = expression.kind === 'rate' ? nextRate(expression, from, options) : nextCron(expression, from, options);
  if (firing === undefined || firing > LAST_INSTANT) return undefined;
  return options.end !== undefined && firing > options.end ? undefined : firing;
}

function nextRate(rate: RateExpression, from: number, options: FiringOptions): number {
  const anchor = options.anchor ?? options.start ?? 0;
  const periods = Math.max(0, Math.floor((from - anchor) / rate.periodMs) + 1);
  return anchor + periods * rate.periodMs;
}

function nextCron(cron: CronExpression, from: number, options: FiringOptions): number | undefined {
  const zone = TimeZone.of(options.timezone ?? 'UTC');
  // Wall-clock times map to their first instants in increasing order, so the answer is the first matching
  // wall minute from the one `from` falls in whose first instant is after `from`. Those passed over are
  // the minute of `from` itself, and the repeat of a fall-back hour, which fired the first time round.
  let wall = Math.floor(zone.wallTime(from) / MINUTE_MS) * MINUTE_MS;
  for (;;) {
    const next = nextCronMinute(cron, civilFromMs(wall));
    if (next === undefined) return undefined;
    wall = civilToMs(next);
    const first = zone.instantsOf(wall)[0]; // none in a spring-forward gap: skipped
    if (first !== undefined && first > from) return first;
    wall += MINUTE_MS;
  }
}

function nextAt(at: AtExpression, after: number, options: FiringOptions): number | undefined {
  const zone = TimeZone.of(options.timezone ?? 'UTC');
  const wall = civilToMs(at);
  const firing = zone.instantsOf(wall)[0] ?? wall - zone.offsetBefore(wall);
  return firing > after ? firing : undefined;
}
