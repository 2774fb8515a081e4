import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { firingsBetween } from './firings-between.js';
import { nextFiring } from './next-firing.js';
import { parseScheduleExpression } from './parse-schedule-expression.js';
import { TimeZone } from './time-zone.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString().replace('.000Z', 'Z'));
const cron = (text: string) => parseScheduleExpression(text, { allow: ['cron'] });

function between(text: string, timezone: string, from: string, to: string): string[] {
  return firingsBetween(cron(text), at(from), at(to), { timezone }, 100).map((ms) => iso(ms)!);
}

describe('TimeZone', () => {
  const berlin = TimeZone.of('Europe/Berlin');
  const wall = (text: string) => at(`${text}Z`); // civil ms: the wall clock read as if it were UTC

  it('reads offsets from Intl', () => {
    assert.equal(berlin.offsetAt(at('2026-01-15T12:00:00Z')), 3_600_000);
    assert.equal(berlin.offsetAt(at('2026-07-15T12:00:00Z')), 7_200_000);
    assert.equal(TimeZone.of('Asia/Kathmandu').offsetAt(at('2026-07-15T12:00:00.999Z')), 20_700_000);
    assert.equal(TimeZone.of('America/St_Johns').wallTime(at('2026-01-15T12:00:00Z')), wall('2026-01-15T08:30:00'));
  });

  it('gives a wall-clock time its instants: one, none in a gap, two in an overlap', () => {
    assert.deepEqual(berlin.instantsOf(wall('2026-03-29T01:59:00')), [at('2026-03-29T00:59:00Z')]);
    assert.deepEqual(berlin.instantsOf(wall('2026-03-29T02:00:00')), []);
    assert.deepEqual(berlin.instantsOf(wall('2026-03-29T02:59:00')), []);
    assert.deepEqual(berlin.instantsOf(wall('2026-03-29T03:00:00')), [at('2026-03-29T01:00:00Z')]);
    assert.deepEqual(berlin.instantsOf(wall('2026-10-25T02:30:00')), [at('2026-10-25T00:30:00Z'), at('2026-10-25T01:30:00Z')]);
    assert.deepEqual(berlin.instantsOf(wall('2026-10-25T03:00:00')), [at('2026-10-25T02:00:00Z')]);
  });

  it('knows UTC under its other names, and refuses unknown zones', () => {
    assert.equal(TimeZone.of('Etc/UTC').offsetAt(0), 0);
    assert.ok(TimeZone.isValid('America/New_York'));
    assert.ok(!TimeZone.isValid('Mars/Olympus_Mons'));
    assert.throws(() => nextFiring(cron('cron(0 0 * * ? *)'), 0, { timezone: 'Mars/Olympus_Mons' }), RangeError);
  });
});

describe('nextFiring: cron() in a time zone', () => {
  it('reads every field on the local clock, the weekday included', () => {
    assert.equal(iso(nextFiring(cron('cron(0 9 * * ? *)'), at('2026-03-14T00:00:00Z'), { timezone: 'Asia/Kolkata' })), '2026-03-14T03:30:00Z');
    // Monday 01:00 in Tokyo is Sunday 16:00 UTC.
    assert.equal(iso(nextFiring(cron('cron(0 1 ? * MON *)'), at('2026-03-14T00:00:00Z'), { timezone: 'Asia/Tokyo' })), '2026-03-15T16:00:00Z');
    // The last day of the month in Auckland starts on the day before in UTC.
    assert.equal(iso(nextFiring(cron('cron(0 6 L * ? *)'), at('2026-06-01T00:00:00Z'), { timezone: 'Pacific/Auckland' })), '2026-06-29T18:00:00Z');
  });

  it('Europe/Berlin, spring forward: 02:30 does not exist on 29 March and is skipped', () => {
    assert.deepEqual(between('cron(30 2 * * ? *)', 'Europe/Berlin', '2026-03-27T00:00:00Z', '2026-03-31T00:00:00Z'), [
      '2026-03-27T01:30:00Z', '2026-03-28T01:30:00Z', '2026-03-30T00:30:00Z',
    ]);
    assert.deepEqual(between('cron(0 * * * ? *)', 'Europe/Berlin', '2026-03-28T22:30:00Z', '2026-03-29T02:30:00Z'), [
      '2026-03-28T23:00:00Z', '2026-03-29T00:00:00Z', '2026-03-29T01:00:00Z', '2026-03-29T02:00:00Z', // 00, 01, 03, 04 local
    ]);
  });

  it('Europe/Berlin, fall back: 02:30 occurs twice on 25 October and fires once, the first time', () => {
    assert.deepEqual(between('cron(30 2 * * ? *)', 'Europe/Berlin', '2026-10-23T00:00:00Z', '2026-10-27T00:00:00Z'), [
      '2026-10-23T00:30:00Z', '2026-10-24T00:30:00Z', '2026-10-25T00:30:00Z', '2026-10-26T01:30:00Z',
    ]);
    assert.deepEqual(between('cron(0 * * * ? *)', 'Europe/Berlin', '2026-10-24T21:30:00Z', '2026-10-25T02:30:00Z'), [
      '2026-10-24T22:00:00Z', '2026-10-24T23:00:00Z', '2026-10-25T00:00:00Z', '2026-10-25T02:00:00Z', // 00, 01, 02 CEST, 03 CET
    ]);
  });

  it('America/New_York, spring forward on 8 March', () => {
    assert.deepEqual(between('cron(30 2 * * ? *)', 'America/New_York', '2026-03-07T00:00:00Z', '2026-03-10T00:00:00Z'), [
      '2026-03-07T07:30:00Z', '2026-03-09T06:30:00Z',
    ]);
    assert.deepEqual(between('cron(0 9 * * ? *)', 'America/New_York', '2026-03-07T00:00:00Z', '2026-03-10T00:00:00Z'), [
      '2026-03-07T14:00:00Z', '2026-03-08T13:00:00Z', '2026-03-09T13:00:00Z', // 09:00 local every day
    ]);
  });

  it('America/New_York, fall back on 1 November: the repeated 01:00–01:59 fires only the first time', () => {
    assert.deepEqual(between('cron(*/30 * * * ? *)', 'America/New_York', '2026-11-01T03:59:00Z', '2026-11-01T07:30:00Z'), [
      '2026-11-01T04:00:00Z', '2026-11-01T04:30:00Z', '2026-11-01T05:00:00Z', '2026-11-01T05:30:00Z', // 00:00 … 01:30 EDT
      '2026-11-01T07:00:00Z', '2026-11-01T07:30:00Z', // 02:00 EST: 01:00 and 01:30 EST are not repeated
    ]);
  });

  it('from inside the repeated hour, goes on to the next day', () => {
    const after = at('2026-11-01T06:10:00Z'); // 01:10 EST, the second pass; 01:15 fired at 05:15Z
    assert.equal(iso(nextFiring(cron('cron(15 1 * * ? *)'), after, { timezone: 'America/New_York' })), '2026-11-02T06:15:00Z');
    assert.equal(iso(nextFiring(cron('cron(15 2 * * ? *)'), after, { timezone: 'America/New_York' })), '2026-11-01T07:15:00Z');
  });

  it('a cron that only names a skipped time moves on to the next year it exists', () => {
    assert.equal(iso(nextFiring(cron('cron(30 2 29 3 ? 2026,2027)'), at('2026-01-01T00:00:00Z'), { timezone: 'Europe/Berlin' })), '2027-03-29T00:30:00Z');
    assert.equal(nextFiring(cron('cron(30 2 29 3 ? 2026)'), at('2026-01-01T00:00:00Z'), { timezone: 'Europe/Berlin' }), undefined);
  });

  it('Australia/Lord_Howe moves its clocks by half an hour', () => {
    // 5 April 2026, 02:00 LHDT (+11) becomes 01:30 LHST (+10:30): 01:45 occurs twice.
    assert.deepEqual(between('cron(45 1 * * ? *)', 'Australia/Lord_Howe', '2026-04-03T00:00:00Z', '2026-04-06T00:00:00Z'), [
      '2026-04-03T14:45:00Z', '2026-04-04T14:45:00Z', '2026-04-05T15:15:00Z',
    ]);
  });

  it('years end on the local clock', () => {
    assert.equal(iso(nextFiring(cron('cron(0 0 1 1 ? 2199)'), at('2198-12-31T00:00:00Z'), { timezone: 'Asia/Tokyo' })), '2198-12-31T15:00:00Z');
    assert.equal(nextFiring(cron('cron(0 0 1 1 ? 2199)'), at('2198-12-31T15:00:00Z'), { timezone: 'Asia/Tokyo' }), undefined);
  });
});
