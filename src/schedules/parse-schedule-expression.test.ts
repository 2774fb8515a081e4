import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidScheduleExpressionError } from './invalid-schedule-expression-error.js';
import { parseScheduleExpression } from './parse-schedule-expression.js';
import type { CronExpression, DayRule } from './schedule-expression.js';

const ALL = { allow: ['rate', 'cron', 'at'] } as const;
const RULES = { allow: ['rate', 'cron'] } as const;

function cron(text: string): CronExpression {
  const parsed = parseScheduleExpression(text, ALL);
  assert.equal(parsed.kind, 'cron');
  return parsed as CronExpression;
}

function range(from: number, to: number, step = 1): number[] {
  const values: number[] = [];
  for (let value = from; value <= to; value += step) values.push(value);
  return values;
}

function refusal(text: string, options: { allow: readonly ('rate' | 'cron' | 'at')[] } = ALL): InvalidScheduleExpressionError {
  try {
    parseScheduleExpression(text, options);
  } catch (error) {
    assert.ok(error instanceof InvalidScheduleExpressionError, `${text}: ${String(error)}`);
    return error;
  }
  assert.fail(`${JSON.stringify(text)} was accepted`);
}

describe('parseScheduleExpression: rate()', () => {
  for (const [text, value, unit, periodMs] of [
    ['rate(1 minute)', 1, 'minute', 60_000],
    ['rate(5 minutes)', 5, 'minute', 300_000],
    ['rate(1 hour)', 1, 'hour', 3_600_000],
    ['rate(12 hours)', 12, 'hour', 43_200_000],
    ['rate(1 day)', 1, 'day', 86_400_000],
    ['rate(7 days)', 7, 'day', 604_800_000],
  ] as const) {
    it(`reads ${text}`, () => {
      assert.deepEqual(parseScheduleExpression(text, RULES), { kind: 'rate', text, value, unit, periodMs });
    });
  }

  // Every one refused by PutRule with "Parameter ScheduleExpression is not valid." (LocalStack, AWS-validated).
  for (const text of [
    'rate(10 seconds)', 'rate(10 years)', 'rate(1 minutes)', 'rate(1 hours)', 'rate(1 days)', 'rate(10 minute)',
    'rate(10 hour)', 'rate(10 day)', 'rate()', 'rate(10)', 'rate(10 minutess)', 'rate(foo minutes)',
    'rate(0 minutes)', 'rate(-10 minutes)', 'rate(10 MINUTES)', 'rate( 10 minutes )', ' rate(10 minutes)',
  ]) {
    it(`refuses ${JSON.stringify(text)}`, () => {
      assert.equal(refusal(text, RULES).ruleMessage, 'Parameter ScheduleExpression is not valid.');
    });
  }

  it('says which unit a value needs', () => {
    assert.match(refusal('rate(1 minutes)').reason, /singular unit minute/);
    assert.match(refusal('rate(5 hour)').reason, /plural unit hours/);
  });

  it('refuses a value past 2^31 − 1', () => {
    assert.match(refusal('rate(2147483648 minutes)').reason, /not a positive integer/);
    assert.equal(parseScheduleExpression('rate(2147483647 days)', ALL).kind, 'rate');
  });
});

describe('parseScheduleExpression: at()', () => {
  it('reads a wall-clock date and time', () => {
    assert.deepEqual(parseScheduleExpression('at(2026-03-14T09:30:05)', ALL), {
      kind: 'at', text: 'at(2026-03-14T09:30:05)', year: 2026, month: 3, day: 14, hour: 9, minute: 30, second: 5,
    });
  });

  it('accepts a past time and 29 February of a leap year', () => {
    assert.equal(parseScheduleExpression('at(2021-12-31T23:59:59)', ALL).kind, 'at');
    assert.equal(parseScheduleExpression('at(2028-02-29T00:00:00)', ALL).kind, 'at');
  });

  for (const text of [
    'at(2021-12-31T23:59:59Z)', 'at(2021-12-31)', // Scheduler refuses both (LocalStack snapshot, AWS-validated)
    'at(2026-02-29T00:00:00)', 'at(2026-04-31T00:00:00)', 'at(2026-13-01T00:00:00)', 'at(2026-01-01T24:00:00)',
    'at(2026-01-01T00:60:00)', 'at(2026-01-01T00:00:60)', 'at(2026-1-01T00:00:00)', 'at(2026-01-01 00:00:00)',
    'at(2026-01-01T00:00)', 'at(2026-01-01T00:00:00.000)', 'at(1969-12-31T23:59:59)', 'at( 2026-01-01T00:00:00)',
  ]) {
    it(`refuses ${text}`, () => {
      assert.equal(refusal(text).schedulerMessage, `Invalid Schedule Expression ${text}.`);
    });
  }

  it('is refused where only rate() and cron() are allowed, as on EventBridge rules', () => {
    assert.match(refusal('at(2026-03-14T09:30:00)', RULES).reason, /at\(\) expressions are not accepted here/);
  });
});

describe('parseScheduleExpression: cron() fields', () => {
  it('expands *, values, ranges and increments', () => {
    const parsed = cron('cron(1/10 0-23/6 1,15 * ? *)');
    assert.deepEqual(parsed.minutes, [1, 11, 21, 31, 41, 51]); // "1/10 … the 11th, 21st, and 31st minute"
    assert.deepEqual(parsed.hours, [0, 6, 12, 18]);
    assert.deepEqual(parsed.days, { kind: 'days-of-month', days: [1, 15] });
    assert.deepEqual(parsed.months, range(1, 12));
    assert.deepEqual(parsed.years, range(1970, 2199));
  });

  it('reads the expressions AWS accepted (LocalStack, AWS-validated)', () => {
    assert.deepEqual(cron('cron(0-15/1 8-8 ? * 2,3,4,5,6,7 *)').minutes, range(0, 15));
    assert.deepEqual(cron('cron(1-31/30 1-1 ? * 1,7 *)').minutes, [1, 31]);
    assert.deepEqual(cron('cron(0-59/10 0-23/2 ? * * *)').hours, range(0, 22, 2));
    assert.deepEqual(cron('cron(*/15 * * * ? *)').minutes, [0, 15, 30, 45]);
    for (const text of [
      'cron(0 10 * * ? *)', 'cron(15 12 * * ? *)', 'cron(0 18 ? * MON-FRI *)', 'cron(0 8 1 * ? *)',
      'cron(0/15 * * * ? *)', 'cron(0/10 * ? * MON-FRI *)', 'cron(0/5 8-17 ? * MON-FRI *)',
      'cron(0/30 20-23 ? * MON-FRI *)', 'cron(0/30 0-2 ? * MON-FRI *)',
    ]) {
      assert.equal(cron(text).text, text);
    }
  });

  it('reads month and weekday names in any case', () => {
    assert.deepEqual(cron('cron(0 0 1 JAN,FEB,MAR ? *)').months, [1, 2, 3]);
    assert.deepEqual(cron('cron(0 0 1 jun-Aug ? *)').months, [6, 7, 8]);
    assert.deepEqual(cron('cron(0 0 ? * MON-FRI *)').days, { kind: 'days-of-week', weekdays: [2, 3, 4, 5, 6] });
    assert.deepEqual(cron('cron(0 0 ? * sun,sat *)').days, { kind: 'days-of-week', weekdays: [1, 7] });
  });

  it('wraps a range that runs past the top of its field (Quartz)', () => {
    assert.deepEqual(cron('cron(0 22-2 * * ? *)').hours, [0, 1, 2, 22, 23]);
    assert.deepEqual(cron('cron(0 22-2/2 * * ? *)').hours, [0, 2, 22]);
    assert.deepEqual(cron('cron(0 0 1 NOV-FEB ? *)').months, [1, 2, 11, 12]);
    assert.deepEqual(cron('cron(0 0 ? * FRI-MON *)').days, { kind: 'days-of-week', weekdays: [1, 2, 6, 7] });
    assert.deepEqual(cron('cron(0 0 28-2 * ? *)').days, { kind: 'days-of-month', days: [1, 2, 28, 29, 30, 31] });
  });

  it('reads years, with increments from 1970', () => {
    assert.deepEqual(cron('cron(0 0 1 1 ? 2026-2028)').years, [2026, 2027, 2028]);
    assert.deepEqual(cron('cron(0 0 1 1 ? */100)').years, [1970, 2070, 2170]);
    assert.deepEqual(cron('cron(0 0 1 1 ? 1970,2199)').years, [1970, 2199]);
  });

  it('accepts runs of spaces between fields (Quartz; unconfirmed)', () => {
    assert.deepEqual(cron('cron(0  12 * *   ? *)').hours, [12]);
  });
});

describe('parseScheduleExpression: cron() day rules', () => {
  for (const [text, days] of [
    ['cron(0 0 L * ? *)', { kind: 'last-day-of-month' }],
    ['cron(0 0 l * ? *)', { kind: 'last-day-of-month' }],
    ['cron(0 0 LW * ? *)', { kind: 'last-weekday-of-month' }],
    ['cron(0 0 15W * ? *)', { kind: 'nearest-weekday', day: 15 }],
    ['cron(0 0 1w * ? *)', { kind: 'nearest-weekday', day: 1 }],
    ['cron(0 0 ? * L *)', { kind: 'days-of-week', weekdays: [7] }], // "the last day of the … week": Saturday
    ['cron(0 0 ? * 6L *)', { kind: 'last-weekday-in-month', weekday: 6 }],
    ['cron(0 0 ? * FRIL *)', { kind: 'last-weekday-in-month', weekday: 6 }],
    ['cron(0 0 ? * 3#2 *)', { kind: 'nth-weekday-in-month', weekday: 3, nth: 2 }], // "the second Tuesday"
    ['cron(0 0 ? * TUE#5 *)', { kind: 'nth-weekday-in-month', weekday: 3, nth: 5 }],
    ['cron(0 0 ? * * *)', { kind: 'days-of-week', weekdays: range(1, 7) }],
    ['cron(0 0 * * ? *)', { kind: 'days-of-month', days: range(1, 31) }],
    ['cron(0 0 1/7 * ? *)', { kind: 'days-of-month', days: [1, 8, 15, 22, 29] }],
  ] satisfies [string, DayRule][]) {
    it(`reads ${text}`, () => assert.deepEqual(cron(text).days, days));
  }
});

describe('parseScheduleExpression: refused cron()', () => {
  for (const [text, reason] of [
    // Refused by Scheduler (LocalStack snapshot, AWS-validated):
    ['cron(0 1 * * * *)', /exactly one of day-of-month and day-of-week must be \?/],
    ['cron(71 8 1 * ? *)', /minutes: 71 is not between 0 and 59/],
    ['cron(7 20 * * NOT *)', /exactly one/],
    ['cron(0 dummy ? * MON-FRI *)', /hours: "dummy" is not a value, range or increment/],
    ['cron()', /cron takes 6 fields .*got 0/],
    ['cron(INVALID)', /got 1/],
    // Refused by PutRule, as reported: aws/aws-sdk-js#4212, winglang/wing#7115, cds-snc/notification-terraform#344.
    ['cron(*/60 * * * ? *)', /minutes: increment 60 is not between 1 and 59/],
    ['cron(15 12 ? * -1 *)', /day-of-week: "-1"/],
    ['cron(*/1 * * * *)', /got 5/],
    // The documented grammar:
    ['cron(0 0 ? * ? *)', /exactly one/],
    ['cron(0 0 1 * MON *)', /exactly one/],
    ['cron(7 20 ? * NOT *)', /day-of-week: "NOT" is not a value/],
    ['cron(0 0 ? * 3#1,6#3 *)', /a # expression must be the whole field/],
    ['cron(0 0 ? * 3#6 *)', /#6 is not between 1 and 5/],
    ['cron(0 0 ? * 3#0 *)', /#0 is not between 1 and 5/],
    ['cron(0 0 ? * 8 *)', /day-of-week: 8 is not between 1 and 7/],
    ['cron(0 0 ? * 0 *)', /day-of-week: 0 is not between 1 and 7/],
    ['cron(0 0 ? * */2 *)', /day-of-week takes no "\/" increments/],
    ['cron(0 0 32 * ? *)', /day-of-month: 32 is not between 1 and 31/],
    ['cron(0 0 0 * ? *)', /day-of-month: 0/],
    ['cron(0 24 * * ? *)', /hours: 24/],
    ['cron(0 0 1 13 ? *)', /month: 13/],
    ['cron(0 0 1 0 ? *)', /month: 0/],
    ['cron(0 0 1 JANUARY ? *)', /month: "JANUARY" is not a value, range or increment/],
    ['cron(0 0 1 * ? 1969)', /year: 1969 is not between 1970 and 2199/],
    ['cron(0 0 1 * ? 2200)', /year: 2200/],
    ['cron(0 0 1 * ? 2030-2020)', /year: range 2030-2020 runs backwards/],
    ['cron(0/0 * * * ? *)', /increment 0 is not between 1 and 59/],
    ['cron(0 */24 * * ? *)', /hours: increment 24/],
    ['cron(1,,2 * * * ? *)', /minutes: "" is not a value/],
    ['cron(1, * * * ? *)', /minutes: ""/],
    ['cron(0/5, 9-18, ?, *, MON-FRI, *)', /minutes/], // boto/boto3#2876, once accepted by PutRule
    ['cron(0 0 32W * ? *)', /day-of-month: 32/],
    ['cron(0 0 L-3 * ? *)', /day-of-month: "L-3" mixes L, W or \?/], // Quartz's offset, not in AWS's grammar
    ['cron(0 0 1,L * ? *)', /mixes L/],
    ['cron(0 0 15W,20 * ? *)', /mixes L, W/],
    ['cron(0 0 ?,1 * ? *)', /mixes L, W or \?/],
    ['cron(0 0 ? * 6L,2 *)', /day-of-week: "6L,2" mixes L or \?/],
    ['cron(0 0 ? * 8L *)', /day-of-week: 8/],
    ['cron( 0 0 * * ? *)', /single spaces/],
    ['cron(0 0 * * ? * )', /single spaces/],
    ['cron(0\t0 * * ? *)', /single spaces/],
    ['cron(0 0 * * ? * *)', /got 7/],
    ['CRON(0 0 * * ? *)', /expected rate\(…\), cron\(…\), at\(…\)/],
    ['cron(0 0 * * ? *', /expected/],
    ['', /expected/],
  ] as const) {
    it(`refuses ${JSON.stringify(text)}`, () => {
      const error = refusal(text);
      assert.match(error.reason, reason);
      assert.equal(error.ruleMessage, 'Parameter ScheduleExpression is not valid.');
      assert.equal(error.schedulerMessage, `Invalid Schedule Expression ${text}.`);
      assert.equal(error.expression, text);
    });
  }

  it("keeps Scheduler's message verbatim, leading space included", () => {
    assert.equal(refusal(' rate(10 minutes)').schedulerMessage, 'Invalid Schedule Expression  rate(10 minutes).');
  });
});
