import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseScheduleExpression } from '../../schedules/index.js';
import { DEFAULT_CATCH_UP, owedFirings, type CatchUpPolicy } from './missed-firings.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const at = (day: number, hour: number, minute = 0, second = 0) => Date.UTC(2026, 6, day, hour, minute, second);
const parse = (text: string) => parseScheduleExpression(text, { allow: ['rate', 'cron'] });
const iso = (times: readonly number[]) => times.map((t) => new Date(t).toISOString());

describe('owedFirings: what a rule found due late delivers (the catch-up policy)', () => {
  const every5 = parse('rate(5 minutes)');
  const anchor = at(1, 12);

  it('on time, or late within the same period: the one firing due, then the next on the grid', () => {
    assert.deepEqual(owedFirings(every5, anchor, at(1, 12, 5), at(1, 12, 5), DEFAULT_CATCH_UP), {
      firings: [at(1, 12, 5)], skipped: 0, skippedOlder: false, next: at(1, 12, 10),
    });
    assert.deepEqual(owedFirings(every5, anchor, at(1, 12, 5), at(1, 12, 9, 59), DEFAULT_CATCH_UP), {
      firings: [at(1, 12, 5)], skipped: 0, skippedOlder: false, next: at(1, 12, 10),
    });
  });

  it('after an absence: every firing from the one due up to now, oldest first, each its own time; a firing at now itself included', () => {
    const owed = owedFirings(every5, anchor, at(1, 12, 5), at(1, 12, 25), DEFAULT_CATCH_UP);
    assert.deepEqual(iso(owed.firings), iso([at(1, 12, 5), at(1, 12, 10), at(1, 12, 15), at(1, 12, 20), at(1, 12, 25)]));
    assert.equal(owed.next, at(1, 12, 30));
    assert.equal(owed.skipped, 0);
  });

  it('only the firings of the last 24 h: a daily cron() away for three days owes one', () => {
    const noon = parse('cron(0 12 * * ? *)');
    const owed = owedFirings(noon, undefined, at(1, 12), at(4, 13), DEFAULT_CATCH_UP);
    assert.deepEqual(iso(owed.firings), iso([at(4, 12)]));
    assert.equal(owed.skippedOlder, true);
    assert.equal(owed.next, at(5, 12));
    // Exactly 24 h back is still inside the window.
    assert.deepEqual(iso(owedFirings(noon, undefined, at(3, 12), at(4, 12), DEFAULT_CATCH_UP).firings), iso([at(3, 12), at(4, 12)]));
  });

  it('at most maxFirings per rule, the latest ones; the others counted as skipped', () => {
    const minutely = parse('rate(1 minute)');
    const owed = owedFirings(minutely, anchor, at(1, 12, 1), at(1, 15, 0, 30), DEFAULT_CATCH_UP);
    assert.equal(owed.firings.length, 60);
    assert.equal(owed.firings[0], at(1, 14, 1));
    assert.equal(owed.firings.at(-1), at(1, 15));
    assert.equal(owed.skipped, 180 - 60);
    assert.equal(owed.skippedOlder, false);
    assert.equal(owed.next, at(1, 15, 1));
    // A whole window of minutely firings, and then some: the count is bounded by the window, not the absence.
    const week = owedFirings(minutely, anchor, at(1, 12, 1), at(8, 12), DEFAULT_CATCH_UP);
    assert.deepEqual([week.firings.length, week.skipped, week.skippedOlder], [60, 24 * 60 + 1 - 60, true]);
  });

  it('a policy of its own: window and cap', () => {
    const policy: CatchUpPolicy = { windowMs: HOUR, maxFirings: 3 };
    const owed = owedFirings(every5, anchor, at(1, 12, 5), at(1, 14, 2), policy);
    assert.deepEqual(iso(owed.firings), iso([at(1, 13, 50), at(1, 13, 55), at(1, 14)]));
    assert.deepEqual([owed.skipped, owed.skippedOlder], [12 - 3, true]);
  });

  it('a cron() with cron features (L, W, #) owes exactly its days', () => {
    // 10:00 on the last weekday of the month and on the second Tuesday: away from June 1 to July 31.
    const lastWeekday = parse('cron(0 10 LW * ? *)');
    const owed = owedFirings(lastWeekday, undefined, Date.UTC(2026, 5, 30, 10), Date.UTC(2026, 6, 31, 11), { windowMs: 40 * 24 * HOUR, maxFirings: 60 });
    assert.deepEqual(iso(owed.firings), iso([Date.UTC(2026, 5, 30, 10), Date.UTC(2026, 6, 31, 10)]));
    const secondTuesday = parse('cron(0 10 ? * 3#2 *)');
    assert.deepEqual(iso(owedFirings(secondTuesday, undefined, Date.UTC(2026, 6, 14, 10), Date.UTC(2026, 6, 14, 10), DEFAULT_CATCH_UP).firings), iso([Date.UTC(2026, 6, 14, 10)]));
    assert.equal(owedFirings(secondTuesday, undefined, Date.UTC(2026, 6, 14, 10), Date.UTC(2026, 6, 14, 10), DEFAULT_CATCH_UP).next, Date.UTC(2026, 7, 11, 10));
  });

  it('a schedule with no firing left: nothing next', () => {
    const once = parse('cron(0 12 1 7 ? 2026)');
    assert.deepEqual(owedFirings(once, undefined, at(1, 12), at(1, 12, 3), DEFAULT_CATCH_UP), { firings: [at(1, 12)], skipped: 0, skippedOlder: false, next: null });
  });
});
