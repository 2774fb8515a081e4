import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { earnedBadges } from './badge-rules.js';

/** One play at `time` on each of `days` consecutive UTC days from `first` (YYYY-MM-DD). */
function daily(first: string, days: number, time = '12:00:00.000Z'): string[] {
  const start = Date.parse(`${first}T00:00:00.000Z`);
  return Array.from({ length: days }, (_, i) => `${new Date(start + i * 86_400_000).toISOString().slice(0, 10)}T${time}`);
}

describe('earnedBadges', () => {
  it('earns nothing without plays', () => {
    assert.deepEqual(earnedBadges([]), []);
  });

  it('earns first-play with the earliest play, whatever order the plays come in', () => {
    assert.deepEqual(earnedBadges(['2024-06-02T08:00:00.000Z#b', '2024-06-01T23:00:00.000Z#a']), [
      { badge: 'first-play', title: 'First play', earnedBy: '2024-06-01T23:00:00.000Z#a' },
    ]);
  });

  it('earns ten-day-streak with the first play of the tenth consecutive UTC day, across a leap day and a month end', () => {
    const plays = [...daily('2024-02-25', 10, '23:30:00.000Z'), '2024-03-05T00:10:00.000Z', '2024-02-25T00:05:00.000Z'];
    assert.deepEqual(earnedBadges(plays), [
      { badge: 'first-play', title: 'First play', earnedBy: '2024-02-25T00:05:00.000Z' },
      { badge: 'ten-day-streak', title: '10 days in a row', earnedBy: '2024-03-05T00:10:00.000Z' },
    ]);
  });

  it('counts calendar days, not 24-hour periods: 23:59 and 00:00 are two days', () => {
    const plays = daily('2024-01-01', 9, '23:59:59.999Z');
    assert.equal(earnedBadges(plays).length, 1);
    assert.deepEqual(earnedBadges([...plays, '2024-01-10T00:00:00.000Z'])[1], {
      badge: 'ten-day-streak',
      title: '10 days in a row',
      earnedBy: '2024-01-10T00:00:00.000Z',
    });
  });

  it('earns no streak for nine days, for a gap on day 6, or for many plays on fewer days', () => {
    assert.deepEqual(earnedBadges(daily('2024-01-01', 9)).map((b) => b.badge), ['first-play']);
    assert.deepEqual(earnedBadges([...daily('2024-01-01', 5), ...daily('2024-01-07', 9)]).map((b) => b.badge), ['first-play']);
    assert.deepEqual(earnedBadges([...daily('2024-01-01', 5, '01:00:00.000Z'), ...daily('2024-01-01', 5, '02:00:00.000Z')]).map((b) => b.badge), ['first-play']);
  });

  it('earns the streak with a later run when an earlier one broke', () => {
    const plays = [...daily('2024-01-01', 5), ...daily('2024-01-07', 10)];
    assert.equal(earnedBadges(plays).find((b) => b.badge === 'ten-day-streak')?.earnedBy, '2024-01-16T12:00:00.000Z');
  });

  it('earns hundred-plays with the hundredth play, not the ninety-ninth', () => {
    const plays = Array.from({ length: 100 }, (_, i) => `2024-04-01T${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00.000Z`);
    assert.deepEqual(earnedBadges(plays.slice(0, 99)).map((b) => b.badge), ['first-play']);
    assert.deepEqual(earnedBadges(plays).at(-1), { badge: 'hundred-plays', title: '100 plays', earnedBy: '2024-04-01T01:39:00.000Z' });
  });

  it('leaves keys that are not dates out of the streak: no roll-over of January 32 to February 1', () => {
    const plays = [...daily('2024-01-23', 9), '2024-01-32T00:00:00.000Z', '2024-01-25x'];
    assert.deepEqual(earnedBadges(plays).map((b) => b.badge), ['first-play']);
    assert.equal(earnedBadges([...plays, '2024-02-01T05:00:00.000Z']).at(-1)?.earnedBy, '2024-02-01T05:00:00.000Z');
  });
});
