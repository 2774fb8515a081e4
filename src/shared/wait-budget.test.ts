import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from './clock.js';
import { waitBudget } from './wait-budget.js';

describe('waitBudget', () => {
  it('runs out when the Clock passes its length, though no real time has', () => {
    const clock = new ManualClock();
    const left = waitBudget(clock, 20_000);
    assert.ok(left() > 19_000 && left() <= 20_000);
    clock.advance(15_000);
    assert.ok(left() <= 5_000 && left() > 4_000);
    clock.advance(5_000);
    assert.ok(left() <= 0);
  });

  it('runs out in real time when the Clock stands still', async () => {
    const left = waitBudget(new ManualClock(), 20);
    await new Promise<void>((resolve) => {
      const check = () => (left() <= 0 ? resolve() : setTimeout(check, 5));
      check();
    });
    assert.ok(left() <= 0);
  });
});
