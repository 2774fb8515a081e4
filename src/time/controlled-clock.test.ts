import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../shared/clock.js';
import { openSqliteEngine } from '../storage/sqlite/sqlite-engine.js';
import { ControlledClock, type ControlledTimeChange } from './controlled-clock.js';
import { TimeMovesForwardOnlyError } from './time-errors.js';

const HOUR = 3_600_000;

describe('ControlledClock', () => {
  it('is the wall clock plus the offset; advance and set move it forward, resume drops the offset', async () => {
    const wall = new ManualClock(Date.UTC(2026, 5, 1));
    const clock = new ControlledClock(wall);
    const changes: ControlledTimeChange[] = [];
    clock.onChange((change) => changes.push(change));
    assert.equal(clock.now(), wall.now());
    await clock.advance(2 * HOUR);
    assert.equal(clock.now(), wall.now() + 2 * HOUR);
    wall.advance(1000); // time keeps running under the offset
    assert.equal(clock.now(), wall.now() + 2 * HOUR);
    await clock.set(Date.UTC(2027, 0, 1));
    assert.equal(clock.now(), Date.UTC(2027, 0, 1));
    await clock.resume();
    assert.equal(clock.now(), wall.now());
    assert.deepEqual(
      changes.map((c) => [c.cause, c.to - c.from]),
      [['advance', 2 * HOUR], ['set', Date.UTC(2027, 0, 1) - (wall.now() + 2 * HOUR)], ['resume', wall.now() - Date.UTC(2027, 0, 1)]],
    );
  });

  it('refuses to go back, with a typed error and no change', async () => {
    const clock = new ControlledClock(new ManualClock(Date.UTC(2026, 5, 1)));
    await clock.advance(HOUR);
    await assert.rejects(clock.set(Date.UTC(2026, 5, 1)), (error) => error instanceof TimeMovesForwardOnlyError && /^Time only moves forward: 2026-06-01T00:00:00\.000Z is before Eddy's time 2026-06-01T01:00:00\.000Z$/.test(error.message));
    await assert.rejects(clock.advance(0), TimeMovesForwardOnlyError);
    await assert.rejects(clock.advance(-HOUR), TimeMovesForwardOnlyError);
    await assert.rejects(clock.advance(Number.NaN), TimeMovesForwardOnlyError);
    assert.equal(clock.offsetMs, HOUR);
    await clock.set(clock.now()); // the same instant is not back
  });

  it('shares the offset through storage: another node sees a change at its next refresh and announces it', async () => {
    const engine = openSqliteEngine({ path: ':memory:' });
    try {
      const wall = new ManualClock(Date.UTC(2026, 5, 1));
      const here = new ControlledClock(wall);
      const there = new ControlledClock(wall);
      await here.attach(engine.time, 0);
      await there.attach(engine.time, 0);
      const heard: ControlledTimeChange[] = [];
      there.onChange((change) => heard.push(change));
      await here.advance(HOUR);
      assert.equal(there.now(), wall.now(), 'not yet refreshed');
      // The forward-only check runs against the stored offset, not the stale cache.
      await assert.rejects(there.set(wall.now() + 1000), TimeMovesForwardOnlyError);
      await there.refresh();
      assert.equal(there.now(), wall.now() + HOUR);
      assert.deepEqual(heard.map((c) => [c.cause, c.to - c.from, c.offsetMs]), [['elsewhere', HOUR, HOUR]]);
      await there.refresh();
      assert.equal(heard.length, 1, 'an unchanged version announces nothing');
      const late = new ControlledClock(wall);
      await late.attach(engine.time, 0);
      assert.equal(late.offsetMs, HOUR, 'a node starting later loads the offset');
    } finally {
      await engine.close();
    }
  });
});
