import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ScheduleDefinition } from './schedule-definition.js';
import { firstDue, owedDueTimes, type TimedDefinition } from './schedule-times.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
const definition = (expression: string, extra: Partial<ScheduleDefinition> & { anchor?: number } = {}): TimedDefinition => ({
  ScheduleExpression: expression,
  State: 'ENABLED',
  ActionAfterCompletion: 'NONE',
  FlexibleTimeWindow: { Mode: 'OFF' },
  Target: { Arn: 'arn:aws:sqs:us-east-1:000000000000:q', RoleArn: 'arn:aws:iam::000000000000:role/r' },
  anchor: 0,
  ...extra,
});

describe('schedule times', () => {
  const now = Date.UTC(2026, 2, 1, 10, 0, 30);

  it('firstDue: rate() without StartDate is due at once; with one, at the StartDate', () => {
    assert.equal(firstDue(definition('rate(5 minutes)', { anchor: now }), now), now);
    const start = Date.UTC(2026, 2, 2);
    assert.equal(firstDue(definition('rate(5 minutes)', { anchor: start, StartDate: start }), now), start);
  });

  it('firstDue: at() in its zone, even in the past; cron() in its zone; none when disabled or past EndDate', () => {
    assert.equal(firstDue(definition('at(2026-03-01T09:00:00)', { ScheduleExpressionTimezone: 'America/New_York' }), now), Date.UTC(2026, 2, 1, 14, 0));
    assert.equal(firstDue(definition('at(2020-01-01T00:00:00)'), now), Date.UTC(2020, 0, 1));
    assert.equal(firstDue(definition('cron(0 12 * * ? *)', { ScheduleExpressionTimezone: 'Asia/Tokyo' }), now), Date.UTC(2026, 2, 2, 3, 0));
    assert.equal(firstDue(definition('rate(1 minute)', { State: 'DISABLED' }), now), null);
    assert.equal(firstDue(definition('cron(0 12 * * ? *)', { EndDate: now + MINUTE }), now), null);
  });

  it('owedDueTimes: every due time from dueAt to now once, then the next after now', () => {
    const due = Date.UTC(2026, 2, 1, 10, 0);
    const owed = owedDueTimes(definition('rate(10 minutes)', { anchor: due }), due, due + 25 * MINUTE, DAY);
    assert.deepEqual(owed.owed, [due, due + 10 * MINUTE, due + 20 * MINUTE]);
    assert.equal(owed.next, due + 30 * MINUTE);
    assert.equal(owed.skipped, 0);
  });

  it('owedDueTimes: only those within the age window, at most 60 (the latest), and none after an at()', () => {
    const due = Date.UTC(2026, 2, 1, 0, 0);
    const windowed = owedDueTimes(definition('rate(1 hour)', { anchor: due }), due, due + 10 * 3_600_000, 3 * 3_600_000);
    assert.deepEqual(windowed.owed, [due + 7 * 3_600_000, due + 8 * 3_600_000, due + 9 * 3_600_000, due + 10 * 3_600_000]);
    const many = owedDueTimes(definition('rate(1 minute)', { anchor: due }), due, due + 100 * MINUTE, DAY);
    assert.equal(many.owed.length, 60);
    assert.equal(many.owed.at(-1), due + 100 * MINUTE);
    assert.equal(many.skipped, 41);
    assert.deepEqual(owedDueTimes(definition('at(2026-03-01T00:00:00)'), due, due + DAY, DAY), { owed: [due], skipped: 0, next: null });
  });

  it('owedDueTimes: a cron() in Europe/Berlin fires the repeated fall-back hour once', () => {
    // 25 October 2026: 02:00–02:59 CEST then again CET; cron(30 2 …) fires at the first 02:30 (00:30 UTC) only.
    const due = Date.UTC(2026, 9, 25, 0, 30);
    const owed = owedDueTimes(definition('cron(30 2 * * ? *)', { ScheduleExpressionTimezone: 'Europe/Berlin' }), due, Date.UTC(2026, 9, 25, 6, 0), DAY);
    assert.deepEqual(owed.owed, [due]);
    assert.equal(owed.next, Date.UTC(2026, 9, 26, 1, 30));
  });
});
