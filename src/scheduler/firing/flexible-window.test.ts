import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { flexibleDelayMs } from './flexible-window.js';

const ARN = 'arn:aws:scheduler:us-east-1:000000000000:schedule/default/s';
const T = Date.UTC(2026, 0, 1);

describe('flexibleDelayMs', () => {
  it('is 0 with the window OFF', () => {
    assert.equal(flexibleDelayMs({ Mode: 'OFF' }, ARN, T), 0);
  });

  it('stays within the window, in whole seconds, the same for the same schedule and due time', () => {
    for (let i = 0; i < 500; i++) {
      const delay = flexibleDelayMs({ Mode: 'FLEXIBLE', MaximumWindowInMinutes: 5 }, `${ARN}${i}`, T + i * 60_000);
      assert.ok(delay >= 0 && delay < 5 * 60_000 && delay % 1000 === 0, String(delay));
      assert.equal(flexibleDelayMs({ Mode: 'FLEXIBLE', MaximumWindowInMinutes: 5 }, `${ARN}${i}`, T + i * 60_000), delay);
    }
  });

  it('spreads due times over the window rather than running them at its start', () => {
    const delays = Array.from({ length: 200 }, (_, i) => flexibleDelayMs({ Mode: 'FLEXIBLE', MaximumWindowInMinutes: 60 }, ARN, T + i * 3_600_000));
    const quarters = [0, 1, 2, 3].map((q) => delays.filter((d) => Math.floor(d / 900_000) === q).length);
    for (const count of quarters) assert.ok(count > 20, `delays per quarter of the window: ${quarters.join(', ')}`);
  });
});
