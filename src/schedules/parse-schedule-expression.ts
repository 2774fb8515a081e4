import { isCalendarDate } from './civil-time.js';
import { invalidExpression } from './invalid-schedule-expression-error.js';
import { parseCron } from './parse-cron.js';
import type { AtExpression, RateExpression, ScheduleExpression, ScheduleKind } from './schedule-expression.js';

export interface ParseScheduleOptions {
  /** The kinds the caller takes: `['rate', 'cron']` for EventBridge rules, all three for Scheduler. */
  readonly allow: readonly ScheduleKind[];
}

const UNIT_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

/**
 * Parses `rate(…)`, `cron(…)` or `at(…)`, or throws {@link InvalidScheduleExpressionError}. Nothing is
 * trimmed: AWS refuses ` rate(10 minutes)` and `rate( 10 minutes )` (observed on both services), and the
 * keywords and units are lower case only (`rate(10 MINUTES)` is refused by PutRule, observed).
 * The 256-character limit is the wire model's, checked where requests are validated.
 */
export function parseScheduleExpression(text: string, options: ParseScheduleOptions): ScheduleExpression {
  const match = /^(rate|cron|at)\((.*)\)$/s.exec(text);
  if (!match) invalidExpression(text, `expected ${options.allow.map((kind) => `${kind}(…)`).join(', ')}`);
  const kind = match[1] as ScheduleKind;
  if (!options.allow.includes(kind)) invalidExpression(text, `${kind}() expressions are not accepted here`);
  const body = match[2]!;
  if (kind === 'rate') return parseRate(body, text);
  if (kind === 'at') return parseAt(body, text);
  return parseCron(body, text);
}

/**
 * `rate(value unit)`: a positive integer and minute(s), hour(s) or day(s), singular exactly when the value
 * is 1 — PutRule refuses `rate(1 minutes)` and `rate(10 minute)` (observed). Scheduler's guide lists only
 * the plural units and whether it enforces the rule is unconfirmed; CDK writes `rate(1 minute)` for it, so
 * one grammar serves both. The cap at 2^31 − 1 is ours (unconfirmed): it keeps every period exact.
 */
function parseRate(body: string, text: string): RateExpression {
  const match = /^([0-9]+) (minute|hour|day)(s?)$/.exec(body);
  if (!match) invalidExpression(text, 'rate takes "value unit", unit minute(s), hour(s) or day(s)');
  const value = Number(match[1]);
  const unit = match[2] as RateExpression['unit'];
  if (value < 1 || value > 2 ** 31 - 1) invalidExpression(text, `rate value ${match[1]} is not a positive integer`);
  if ((value === 1) !== (match[3] === '')) {
    invalidExpression(text, value === 1 ? `rate(1 …) takes the singular unit ${unit}` : `a rate above 1 takes the plural unit ${unit}s`);
  }
  return { kind: 'rate', text, value, unit, periodMs: value * UNIT_MS[unit] };
}

/**
 * `at(yyyy-mm-ddThh:mm:ss)`, a wall-clock time in the schedule's time zone. A zone suffix (`…Z`) and a
 * date alone are refused (observed); a past time is accepted (observed). Years before 1970 are refused
 * (ours, unconfirmed: AWS's lower bound is not documented).
 */
function parseAt(body: string, text: string): AtExpression {
  const match = /^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})$/.exec(body);
  if (!match) invalidExpression(text, 'at takes yyyy-mm-ddThh:mm:ss, without a zone');
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  if (year < 1970 || !isCalendarDate(year, month, day) || hour > 23 || minute > 59 || second > 59) {
    invalidExpression(text, `${body} is not a date and time`);
  }
  return { kind: 'at', text, year, month, day, hour, minute, second };
}
