import { invalidExpression } from './invalid-schedule-expression-error.js';

/** What one cron field accepts. */
export interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Three-letter names for min, min+1, … (JAN–DEC, SUN–SAT), matched case-insensitively. */
  readonly names?: readonly string[];
  /** Largest `/` increment, or 0 where the field takes no `/` (day-of-week, per AWS's wildcard table). */
  readonly maxStep: number;
  /** Can a range run past the top and wrap (`22-2` hours, `FRI-MON`)? Every field but the year. */
  readonly cyclic: boolean;
}

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

// Steps larger than the field's span are refused as Quartz refuses them (`*/60` in minutes is invalid on
// AWS too: aws/aws-sdk-js#4212). The year's limit is ours: a step past 229 could only name its start.
export const MINUTES: CronField = { name: 'minutes', min: 0, max: 59, maxStep: 59, cyclic: true };
export const HOURS: CronField = { name: 'hours', min: 0, max: 23, maxStep: 23, cyclic: true };
export const DAY_OF_MONTH: CronField = { name: 'day-of-month', min: 1, max: 31, maxStep: 31, cyclic: true };
export const MONTH: CronField = { name: 'month', min: 1, max: 12, names: MONTH_NAMES, maxStep: 12, cyclic: true };
export const DAY_OF_WEEK: CronField = { name: 'day-of-week', min: 1, max: 7, names: WEEKDAY_NAMES, maxStep: 0, cyclic: true };
export const YEAR: CronField = { name: 'year', min: 1970, max: 2199, maxStep: 229, cyclic: false };

const TERM = /^(?:(\*)|([0-9]+|[A-Za-z]{3})(?:-([0-9]+|[A-Za-z]{3}))?)(?:\/([0-9]+))?$/;

/**
 * Expands a field of `,`-separated terms — `*`, `5`, `MON`, `1-5`, `FRI-MON`, `*\/15`, `5/15`, `10-40/10` —
 * into its sorted values. `a/n` runs from `a` to the field's top; a wrapping range steps on across the top.
 */
export function parseCronField(text: string, field: CronField, expression: string): number[] {
  const values = new Set<number>();
  for (const term of text.split(',')) {
    const match = TERM.exec(term);
    if (!match) invalidExpression(expression, `${field.name}: ${JSON.stringify(term)} is not a value, range or increment`);
    const [, star, first, last, stepText] = match;
    let step = 1;
    if (stepText !== undefined) {
      step = Number(stepText);
      if (field.maxStep === 0) invalidExpression(expression, `${field.name} takes no "/" increments`);
      if (step < 1 || step > field.maxStep) {
        invalidExpression(expression, `${field.name}: increment ${stepText} is not between 1 and ${field.maxStep}`);
      }
    }
    const start = star !== undefined ? field.min : fieldValue(first!, field, expression);
    let end = star !== undefined || (stepText !== undefined && last === undefined) ? field.max : start;
    if (last !== undefined) end = fieldValue(last, field, expression);
    if (end < start) {
      if (!field.cyclic) invalidExpression(expression, `${field.name}: range ${term} runs backwards`);
      end += field.max - field.min + 1;
    }
    for (let value = start; value <= end; value += step) {
      values.add(value > field.max ? value - (field.max - field.min + 1) : value);
    }
  }
  return [...values].sort((a, b) => a - b);
}

/** One value of a field: a number within its bounds, or one of its names. */
export function fieldValue(text: string, field: CronField, expression: string): number {
  if (/^[0-9]+$/.test(text)) {
    const value = Number(text);
    if (value < field.min || value > field.max) {
      invalidExpression(expression, `${field.name}: ${text} is not between ${field.min} and ${field.max}`);
    }
    return value;
  }
  const index = field.names?.indexOf(text.toUpperCase()) ?? -1;
  if (index === -1) invalidExpression(expression, `${field.name}: ${JSON.stringify(text)} is not a value of this field`);
  return field.min + index;
}
