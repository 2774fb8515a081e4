import { invalidExpression } from './invalid-schedule-expression-error.js';
import {
  DAY_OF_MONTH,
  DAY_OF_WEEK,
  fieldValue,
  HOURS,
  MINUTES,
  MONTH,
  parseCronField,
  YEAR,
} from './parse-cron-field.js';
import type { CronExpression, DayRule } from './schedule-expression.js';

/**
 * Parses the inside of `cron(…)`: six fields, `Minutes Hours Day-of-month Month Day-of-week Year`, per
 * EventBridge's cron reference (eb-cron-expressions.html), which Scheduler shares.
 *
 * Where AWS documents nothing, Quartz's CronExpression decides (AWS's field table — ranges, wildcards,
 * year 1970–2199, SUN = 1 — is Quartz's): names are case-insensitive, a range may wrap (`FRI-MON`), and
 * `L`, `LW`, `nW`, `nL` and `n#k` must each be the whole field. Unconfirmed against AWS: those choices,
 * fields separated by runs of spaces, and refusing Quartz's undocumented `L-3` and `/` in day-of-week.
 */
export function parseCron(body: string, expression: string): CronExpression {
  if (body !== body.trim() || /[^\S ]/.test(body)) {
    invalidExpression(expression, 'cron fields are separated by single spaces, with none around them');
  }
  const fields = body === '' ? [] : body.split(/ +/);
  if (fields.length !== 6) {
    invalidExpression(expression, `cron takes 6 fields (Minutes Hours Day-of-month Month Day-of-week Year), got ${fields.length}`);
  }
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = fields as [string, string, string, string, string, string];
  return {
    kind: 'cron',
    text: expression,
    minutes: parseCronField(minutes, MINUTES, expression),
    hours: parseCronField(hours, HOURS, expression),
    days: dayRule(dayOfMonth, dayOfWeek, expression),
    months: parseCronField(month, MONTH, expression),
    years: parseCronField(year, YEAR, expression),
  };
}

function dayRule(dayOfMonth: string, dayOfWeek: string, expression: string): DayRule {
  // "You can't specify the Day-of-month and Day-of-week fields in the same cron expression. If you specify
  // a value or a * (asterisk) in one of the fields, you must use a ? (question mark) in the other."
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    invalidExpression(expression, 'exactly one of day-of-month and day-of-week must be ?');
  }
  return dayOfWeek === '?' ? dayOfMonthRule(dayOfMonth, expression) : dayOfWeekRule(dayOfWeek, expression);
}

function dayOfMonthRule(field: string, expression: string): DayRule {
  const text = field.toUpperCase(); // Quartz upper-cases the whole expression: `l` and `15w` are accepted
  if (text === 'L') return { kind: 'last-day-of-month' };
  if (text === 'LW') return { kind: 'last-weekday-of-month' };
  const weekday = /^([0-9]+)W$/.exec(text);
  if (weekday) return { kind: 'nearest-weekday', day: fieldValue(weekday[1]!, DAY_OF_MONTH, expression) };
  if (/[LW?]/.test(text)) invalidExpression(expression, `day-of-month: ${JSON.stringify(field)} mixes L, W or ? with other values`);
  return { kind: 'days-of-month', days: parseCronField(text, DAY_OF_MONTH, expression) };
}

function dayOfWeekRule(field: string, expression: string): DayRule {
  const text = field.toUpperCase();
  // Quartz: `L` alone is the week's last day, Saturday; after a day (`6L`) it is that day's last in the month.
  if (text === 'L') return { kind: 'days-of-week', weekdays: [7] };
  const last = /^([0-9]+|[A-Z]{3})L$/.exec(text);
  if (last) return { kind: 'last-weekday-in-month', weekday: fieldValue(last[1]!, DAY_OF_WEEK, expression) };
  const nth = /^([0-9]+|[A-Z]{3})#([0-9]+)$/.exec(text);
  if (nth) {
    const count = Number(nth[2]);
    if (count < 1 || count > 5) invalidExpression(expression, `day-of-week: #${nth[2]} is not between 1 and 5`);
    return { kind: 'nth-weekday-in-month', weekday: fieldValue(nth[1]!, DAY_OF_WEEK, expression), nth: count };
  }
  // "If you use '#' … you can define only one expression in the day-of-week field" ("3#1,6#3" is invalid).
  if (text.includes('#')) invalidExpression(expression, 'day-of-week: a # expression must be the whole field');
  if (/[L?]/.test(text)) invalidExpression(expression, `day-of-week: ${JSON.stringify(field)} mixes L or ? with other values`);
  return { kind: 'days-of-week', weekdays: parseCronField(text, DAY_OF_WEEK, expression) };
}
