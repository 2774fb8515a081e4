import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ControlledClock } from '../time/controlled-clock.js';
import { ManualClock } from '../shared/clock.js';
import { LeaseClock } from './lease-clock.js';

describe('LeaseClock', () => {
  it('judges leases on the time before a jump during the grace', async () => {
    const clock = new ControlledClock(new ManualClock(1_000));
    const leases = new LeaseClock(clock);
    await clock.advance(3_600_000);
    assert.equal(clock.now(), 3_601_000);
    assert.equal(leases.claimNow(), 1_000, 'a lease renewed just before the jump still looks live');
    await clock.advance(60_000);
    assert.equal(leases.claimNow(), 1_000);
  });

  it('judges them on the clock once the grace is over, and on a clock that cannot jump', async () => {
    const clock = new ControlledClock(new ManualClock(1_000));
    const leases = new LeaseClock(clock, 0);
    await clock.advance(3_600_000);
    assert.equal(leases.claimNow(), 3_601_000);
    assert.equal(new LeaseClock(new ManualClock(5)).claimNow(), 5);
  });
});
