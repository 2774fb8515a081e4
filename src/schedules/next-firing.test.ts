import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { firingsBetween } from './firings-between.js';
import { nextFiring } from './next-firing.js';
import type { FiringOptions } from './next-firing.js';
import { parseScheduleExpression } from './parse-schedule-expression.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString().replace('.000Z', 'Z'));

function next(text: string, after: string, options: FiringOptions = {}): string | undefined {
  return iso(nextFiring(parseScheduleExpression(text, { allow: ['rate', 'cron', 'at'] }), at(after), options));
}

function between(text: string, from: string, to: string, options: FiringOptions = {}, limit = 100): string[] {
  const expression = parseScheduleExpression(text, { allow: ['rate', 'cron', 'at'] });
  return firingsBetween(expression, at(from), at(to), options, limit).map((ms) => iso(ms)!);
}

describe('nextFiring: cron() in UTC', () => {
  it('fires strictly after `after`, at second 0', () => {
    assert.equal(next('cron(0 10 * * ? *)', '2026-03-14T09:59:59.999Z'), '2026-03-14T10:00:00Z');
    assert.equal(next('cron(0 10 * * ? *)', '2026-03-14T10:00:00Z'), '2026-03-15T10:00:00Z');
    assert.equal(next('cron(*/15 * * * ? *)', '2026-03-14T10:07:30Z'), '2026-03-14T10:15:00Z');
    assert.equal(next('cron(59 23 31 12 ? *)', '2026-06-01T00:00:00Z'), '2026-12-31T23:59:00Z');
  });

  it('starts a later month, day or hour at its first minute, whatever the minute of `after`', () => {
    assert.equal(next('cron(0 0 1 6 ? *)', '2026-03-15T10:30:00Z'), '2026-06-01T00:00:00Z');
    assert.equal(next('cron(5 0 1 1 ? *)', '2026-03-15T10:30:00Z'), '2027-01-01T00:05:00Z');
    assert.equal(next('cron(5,50 10-12 * * ? *)', '2026-03-15T10:55:00Z'), '2026-03-15T11:05:00Z');
  });

  it('reads day-of-week in the week of the date (1 = Sunday)', () => {
    assert.deepEqual(between('cron(0 18 ? * MON-FRI *)', '2026-03-13T19:00:00Z', '2026-03-17T19:00:00Z'), [
      '2026-03-16T18:00:00Z', '2026-03-17T18:00:00Z', // Friday 13th has passed; no weekend
    ]);
    assert.deepEqual(between('cron(0 0 ? * 1,7 *)', '2026-03-01T00:00:00Z', '2026-03-08T00:00:00Z'), [
      '2026-03-07T00:00:00Z', '2026-03-08T00:00:00Z',
    ]);
  });

  it('skips months without the day: the 31st, 29 February outside leap years (2100 is not one)', () => {
    assert.deepEqual(between('cron(0 0 31 * ? *)', '2026-01-01T00:00:00Z', '2026-12-31T23:59:00Z').map((d) => d.slice(5, 7)), [
      '01', '03', '05', '07', '08', '10', '12',
    ]);
    assert.equal(next('cron(0 0 29 2 ? *)', '2026-01-01T00:00:00Z'), '2028-02-29T00:00:00Z');
    assert.equal(next('cron(0 0 29 2 ? *)', '2096-03-01T00:00:00Z'), '2104-02-29T00:00:00Z');
  });

  it('has no firing for a day no month has, and finds that out quickly', () => {
    const started = performance.now();
    assert.equal(next('cron(0 0 30 2 ? *)', '1970-01-01T00:00:00Z'), undefined);
    assert.equal(next('cron(* * 31 4,6,9,11 ? *)', '1970-01-01T00:00:00Z'), undefined);
    assert.ok(performance.now() - started < 500, 'searched 230 years field by field');
  });

  it('L: the last day of the month, leap years included', () => {
    assert.deepEqual(between('cron(0 12 L * ? *)', '2028-01-15T00:00:00Z', '2028-04-15T00:00:00Z'), [
      '2028-01-31T12:00:00Z', '2028-02-29T12:00:00Z', '2028-03-31T12:00:00Z',
    ]);
    assert.equal(next('cron(0 12 L 2 ? *)', '2100-01-01T00:00:00Z'), '2100-02-28T12:00:00Z');
  });

  it('LW: the last weekday, stepping back from a Saturday or Sunday', () => {
    assert.deepEqual(between('cron(0 12 LW * ? *)', '2026-01-01T00:00:00Z', '2026-06-01T00:00:00Z'), [
      '2026-01-30T12:00:00Z', // the 31st is a Saturday
      '2026-02-27T12:00:00Z', // the 28th is a Saturday
      '2026-03-31T12:00:00Z', // a Tuesday
      '2026-04-30T12:00:00Z',
      '2026-05-29T12:00:00Z', // the 31st is a Sunday
    ]);
  });

  it('nW: the nearest weekday, never leaving the month', () => {
    assert.equal(next('cron(0 12 1W * ? *)', '2026-07-31T00:00:00Z'), '2026-08-03T12:00:00Z'); // 1 Aug is a Saturday: Monday 3rd, not Friday 31 July
    assert.equal(next('cron(0 12 1W * ? *)', '2026-01-31T00:00:00Z'), '2026-02-02T12:00:00Z'); // 1 Feb is a Sunday: Monday 2nd
    assert.equal(next('cron(0 12 15W * ? *)', '2026-08-01T00:00:00Z'), '2026-08-14T12:00:00Z'); // 15 Aug is a Saturday: Friday
    assert.equal(next('cron(0 12 31W * ? *)', '2026-05-01T00:00:00Z'), '2026-05-29T12:00:00Z'); // 31 May is a Sunday: Friday 29th, not Monday 1 June
    assert.equal(next('cron(0 12 16W * ? *)', '2026-08-01T00:00:00Z'), '2026-08-17T12:00:00Z'); // Sunday 16th: Monday
    assert.equal(next('cron(0 12 10W * ? *)', '2026-08-01T00:00:00Z'), '2026-08-10T12:00:00Z'); // a Monday itself
  });

  it('31W and 30W skip months without that day, as 31 and 30 do', () => {
    assert.deepEqual(between('cron(0 12 31W * ? *)', '2026-04-01T00:00:00Z', '2026-08-01T00:00:00Z'), [
      '2026-05-29T12:00:00Z', '2026-07-31T12:00:00Z',
    ]);
    assert.equal(next('cron(0 12 30W 2 ? *)', '2026-01-01T00:00:00Z'), undefined);
  });

  it('nL: the last such weekday of the month; L alone: every Saturday', () => {
    assert.deepEqual(between('cron(0 8 ? * 6L *)', '2026-01-01T00:00:00Z', '2026-12-31T23:59:00Z').map((d) => d.slice(5, 10)), [
      '01-30', '02-27', '03-27', '04-24', '05-29', '06-26', '07-31', '08-28', '09-25', '10-30', '11-27', '12-25',
    ]);
    assert.equal(next('cron(0 8 ? * 2L *)', '2026-08-01T00:00:00Z'), '2026-08-31T08:00:00Z'); // the last day itself
    assert.deepEqual(between('cron(0 8 ? * L *)', '2026-08-01T00:00:00Z', '2026-08-16T00:00:00Z'), [
      '2026-08-01T08:00:00Z', '2026-08-08T08:00:00Z', '2026-08-15T08:00:00Z',
    ]);
  });

  it('n#k: the k-th such weekday; 5#5 only in months with five Thursdays', () => {
    assert.equal(next('cron(0 8 ? * 3#2 *)', '2026-01-01T00:00:00Z'), '2026-01-13T08:00:00Z');
    assert.equal(next('cron(0 8 ? * 1#1 *)', '2026-02-02T00:00:00Z'), '2026-03-01T08:00:00Z'); // 1 March is a Sunday
    assert.equal(next('cron(0 8 ? * 7#1 *)', '2026-07-31T00:00:00Z'), '2026-08-01T08:00:00Z');
    assert.deepEqual(between('cron(0 9 ? * 5#5 *)', '2026-01-01T00:00:00Z', '2026-12-31T23:59:00Z').map((d) => d.slice(5, 10)), [
      '01-29', '04-30', '07-30', '10-29', '12-31',
    ]);
  });

  it('stops at the last year named, and at 2199', () => {
    assert.equal(next('cron(0 12 * * ? 2020)', '2021-01-01T00:00:00Z'), undefined);
    assert.equal(next('cron(0 12 * * ? 2020,2030)', '2021-01-01T00:00:00Z'), '2030-01-01T12:00:00Z');
    assert.equal(next('cron(0 0 1 1 ? 2199)', '2198-06-01T00:00:00Z'), '2199-01-01T00:00:00Z');
    assert.equal(next('cron(0 0 1 1 ? 2199)', '2199-01-01T00:00:00Z'), undefined);
    assert.equal(next('cron(59 23 31 12 ? *)', '2199-12-31T23:59:00Z'), undefined);
    assert.equal(next('cron(* * * * ? *)', '1969-12-31T23:59:59.999Z'), '1970-01-01T00:00:00Z');
    assert.equal(next('cron(0 0 1 1 ? *)', '1900-01-01T00:00:00Z'), '1970-01-01T00:00:00Z');
  });

  it('keeps within start and end, both inclusive', () => {
    const options = { start: at('2026-03-10T10:00:00Z'), end: at('2026-03-12T10:00:00Z') };
    assert.deepEqual(between('cron(0 10 * * ? *)', '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z', options), [
      '2026-03-10T10:00:00Z', '2026-03-11T10:00:00Z', '2026-03-12T10:00:00Z',
    ]);
    assert.equal(next('cron(0 10 * * ? *)', '2026-03-12T10:00:00Z', options), undefined);
  });
});

describe('nextFiring: rate()', () => {
  const created = at('2026-03-14T12:00:37.250Z');

  it("counts whole periods from the anchor, the rule's creation", () => {
    assert.equal(next('rate(5 minutes)', '2026-03-14T12:00:37.250Z', { anchor: created }), '2026-03-14T12:05:37.250Z');
    assert.deepEqual(between('rate(1 hour)', '2026-03-14T12:00:37.250Z', '2026-03-14T15:00:37.250Z', { anchor: created }), [
      '2026-03-14T13:00:37.250Z', '2026-03-14T14:00:37.250Z', '2026-03-14T15:00:37.250Z',
    ]);
  });

  it('fires on second 0 from an anchor floored to its minute', () => {
    const anchor = Math.floor(created / 60_000) * 60_000;
    assert.equal(next('rate(5 minutes)', '2026-03-14T12:00:37.250Z', { anchor }), '2026-03-14T12:05:00Z');
  });

  it('fires at the anchor itself for a caller asking from just before it (Scheduler runs at once)', () => {
    const anchor = at('2026-03-14T12:00:00Z');
    assert.equal(next('rate(10 minutes)', '2026-03-14T11:59:59.999Z', { anchor }), '2026-03-14T12:00:00Z');
    assert.equal(next('rate(10 minutes)', '2026-03-14T12:00:00Z', { anchor }), '2026-03-14T12:10:00Z');
  });

  it('starts at StartDate when no anchor is given, and stops at EndDate', () => {
    const options = { start: at('2030-01-01T01:00:00Z'), end: at('2030-01-03T01:00:00Z') };
    assert.deepEqual(between('rate(1 day)', '2026-03-14T12:00:00Z', '2031-01-01T00:00:00Z', options), [
      '2030-01-01T01:00:00Z', '2030-01-02T01:00:00Z', '2030-01-03T01:00:00Z',
    ]);
  });

  it('uses the epoch as anchor when given none', () => {
    assert.equal(next('rate(7 days)', '2026-03-14T12:00:00Z'), '2026-03-19T00:00:00Z'); // epoch weeks start on Thursday
  });

  it('days are 24 hours whatever the time zone, across DST', () => {
    const options = { anchor: at('2026-03-28T12:00:00Z'), timezone: 'Europe/Berlin' };
    assert.deepEqual(between('rate(1 day)', '2026-03-28T12:00:00Z', '2026-03-31T00:00:00Z', options), [
      '2026-03-29T12:00:00Z', '2026-03-30T12:00:00Z', // 13:00 then 14:00 on Berlin's clocks
    ]);
  });

  it('gives the earliest `limit` of the firings missed while stopped', () => {
    const missed = between('rate(1 minute)', '2026-03-14T12:00:00Z', '2026-03-15T12:00:00Z', { anchor: at('2026-03-14T12:00:00Z') }, 3);
    assert.deepEqual(missed, ['2026-03-14T12:01:00Z', '2026-03-14T12:02:00Z', '2026-03-14T12:03:00Z']);
  });

  it('has no firing past the last instant a Date can hold', () => {
    assert.equal(next('rate(2147483647 days)', '2026-03-14T12:00:00Z'), undefined);
  });
});

describe('nextFiring: at()', () => {
  it('fires once, at the given second', () => {
    assert.equal(next('at(2026-03-14T09:30:05)', '2026-01-01T00:00:00Z'), '2026-03-14T09:30:05Z');
    assert.equal(next('at(2026-03-14T09:30:05)', '2026-03-14T09:30:04.999Z'), '2026-03-14T09:30:05Z');
    assert.equal(next('at(2026-03-14T09:30:05)', '2026-03-14T09:30:05Z'), undefined);
    assert.equal(next('at(2021-12-31T23:59:59)', '2026-01-01T00:00:00Z'), undefined); // accepted, never fires
  });

  it('is read in the time zone', () => {
    assert.equal(next('at(2026-06-01T12:00:00)', '2026-01-01T00:00:00Z', { timezone: 'Europe/Berlin' }), '2026-06-01T10:00:00Z');
    assert.equal(next('at(2026-06-01T12:00:00)', '2026-01-01T00:00:00Z', { timezone: 'Asia/Kolkata' }), '2026-06-01T06:30:00Z');
  });

  it('ignores StartDate and EndDate', () => {
    const options = { start: at('2027-01-01T00:00:00Z'), end: at('2026-02-01T00:00:00Z') };
    assert.equal(next('at(2026-03-14T09:30:00)', '2026-01-01T00:00:00Z', options), '2026-03-14T09:30:00Z');
  });

  it('in a spring-forward gap, fires when the clock jumps past it', () => {
    assert.equal(next('at(2026-03-29T02:30:00)', '2026-01-01T00:00:00Z', { timezone: 'Europe/Berlin' }), '2026-03-29T01:30:00Z');
    assert.equal(next('at(2026-03-08T02:30:00)', '2026-01-01T00:00:00Z', { timezone: 'America/New_York' }), '2026-03-08T07:30:00Z');
  });

  it('in a fall-back overlap, fires at the first of the two', () => {
    assert.equal(next('at(2026-10-25T02:30:00)', '2026-01-01T00:00:00Z', { timezone: 'Europe/Berlin' }), '2026-10-25T00:30:00Z');
    assert.equal(next('at(2026-11-01T01:30:00)', '2026-01-01T00:00:00Z', { timezone: 'America/New_York' }), '2026-11-01T05:30:00Z');
  });
});
