import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { InvocationRates } from './invocation-rate.js';

describe('InvocationRates: a token bucket per API destination', () => {
  it('lets `rate` calls through at once, the next ones a second after the call `rate` places back, each to its own slot', () => {
    const rates = new InvocationRates();
    const t = 1_000_000;
    const answers = Array.from({ length: 13 }, (_, i) => rates.admit('d', 10, `e${i}`, t + i));
    assert.deepEqual(answers.slice(0, 10), Array(10).fill(undefined));
    assert.deepEqual(answers.slice(10), [t + 1000, t + 1001, t + 1002]);
    // Coming back at its slot, a deferred call goes without taking another; early, it is told its slot again.
    assert.equal(rates.admit('d', 10, 'e11', t + 150), t + 1001);
    assert.equal(rates.admit('d', 10, 'e11', t + 1001), undefined);
  });

  it('a reservation is used once; later calls queue behind the reserved ones', () => {
    const rates = new InvocationRates();
    assert.equal(rates.admit('d', 1, 'a', 0), undefined);
    assert.equal(rates.admit('d', 1, 'b', 0), 1000);
    assert.equal(rates.admit('d', 1, 'c', 500), 2000);
    assert.equal(rates.admit('d', 1, 'b', 1000), undefined);
    assert.equal(rates.admit('d', 1, 'b', 1000), 3000);
  });

  it('keeps destinations apart and starts over when a destination’s rate changes', () => {
    const rates = new InvocationRates();
    assert.equal(rates.admit('a', 1, 'x', 0), undefined);
    assert.equal(rates.admit('b', 1, 'y', 0), undefined);
    assert.equal(rates.admit('a', 1, 'z', 0), 1000);
    assert.equal(rates.admit('a', 5, 'w', 0), undefined);
  });

  it('never lets more than `rate` calls through within any second when deferred calls come back at their slots', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 200 }), (rate, gaps) => {
        const rates = new InvocationRates();
        const sent: number[] = [];
        // Events in time order: arrivals, and deferred calls coming back at their slots (first at a tie).
        const events: { at: number; id: string; back: boolean }[] = [];
        let at = 0;
        gaps.forEach((gap, i) => events.push({ at: (at += gap), id: `c${i}`, back: false }));
        while (events.length > 0) {
          events.sort((a, b) => a.at - b.at || Number(b.back) - Number(a.back));
          const { at: now, id } = events.shift()!;
          const slot = rates.admit('d', rate, id, now);
          if (slot === undefined) sent.push(now);
          else events.push({ at: slot, id, back: true });
        }
        assert.equal(sent.length, gaps.length, 'every call is sent once');
        for (const start of sent) {
          const inSecond = sent.filter((time) => time >= start && time < start + 1000).length;
          assert.ok(inSecond <= rate, `${inSecond} calls within a second at rate ${rate}`);
        }
      }),
    );
  });
});
