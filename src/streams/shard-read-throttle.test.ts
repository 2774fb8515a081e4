import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../shared/clock.js';
import { ShardReadThrottle } from './shard-read-throttle.js';

describe('ShardReadThrottle', () => {
  it('admits `limit` calls per shard in any one-second window', () => {
    const clock = new ManualClock(10_000);
    const throttle = new ShardReadThrottle(3, clock);
    assert.deepEqual([1, 2, 3, 4].map(() => throttle.admit('s')), [true, true, true, false]);
    assert.equal(throttle.admit('other'), true);
    clock.advance(999);
    assert.equal(throttle.admit('s'), false);
    clock.advance(1);
    assert.deepEqual([1, 2, 3, 4].map(() => throttle.admit('s')), [true, true, true, false]);
  });

  it('spreads the allowance over the window (sliding, not fixed buckets)', () => {
    const clock = new ManualClock(0);
    const throttle = new ShardReadThrottle(2, clock);
    assert.equal(throttle.admit('s'), true); // t=0
    clock.advance(600);
    assert.equal(throttle.admit('s'), true); // t=600
    clock.advance(500);
    assert.equal(throttle.admit('s'), true); // t=1100: the call at 0 left the window
    assert.equal(throttle.admit('s'), false); // 600 and 1100 are in it
    clock.advance(500);
    assert.equal(throttle.admit('s'), true); // t=1600
  });

  it('a limit of 0 admits everything', () => {
    const throttle = new ShardReadThrottle(0, new ManualClock(0));
    for (let i = 0; i < 1000; i++) assert.equal(throttle.admit('s'), true);
  });

  it('forgets idle shards once it tracks many, and still counts busy ones', () => {
    const clock = new ManualClock(0);
    const throttle = new ShardReadThrottle(1, clock);
    for (let i = 0; i < 10_000; i++) assert.equal(throttle.admit(`shard-${i}`), true);
    assert.equal(throttle.admit('shard-0'), false);
    clock.advance(1000);
    assert.equal(throttle.admit('busy'), true);
    assert.equal(throttle.admit('busy'), false);
    assert.equal(throttle.admit('shard-5'), true);
  });
});
