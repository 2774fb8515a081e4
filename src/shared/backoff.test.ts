import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { backoffDelay, seededRandom, type ExponentialBackoff } from './backoff.js';

const policy = fc.record({
  baseMs: fc.integer({ min: 0, max: 100_000 }),
  maxMs: fc.integer({ min: 0, max: 10_000_000 }),
});
const retry = fc.integer({ min: -5, max: 5_000 });

describe('backoffDelay', () => {
  it('doubles from the base up to the cap (the trigger defaults: 500 ms to 30 s)', () => {
    const triggers: ExponentialBackoff = { baseMs: 500, maxMs: 30_000 };
    const delays = Array.from({ length: 9 }, (_, i) => backoffDelay(i + 1, triggers));
    assert.deepEqual(delays, [500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('counts a retry number below 1 as the first retry', () => {
    assert.equal(backoffDelay(0, { baseMs: 5, maxMs: 20 }), 5);
    assert.equal(backoffDelay(-3, { baseMs: 5, maxMs: 20 }), 5);
  });

  it('stays finite for very high retry numbers, and 0 for a zero base', () => {
    assert.equal(backoffDelay(1_000_000, { baseMs: 3, maxMs: 60_000 }), 60_000);
    assert.equal(backoffDelay(1_000_000, { baseMs: 0, maxMs: 60_000 }), 0);
    assert.equal(backoffDelay(1_000_000, { baseMs: 0, maxMs: 60_000, jitter: 'full' }, () => 0.5), 0);
  });

  it('is never above the cap, with or without jitter', () => {
    fc.assert(
      fc.property(policy, retry, fc.boolean(), fc.integer(), (p, n, jitter, seed) => {
        const delay = backoffDelay(n, { ...p, jitter: jitter ? 'full' : 'none' }, seededRandom(seed));
        assert.ok(delay >= 0 && delay <= p.maxMs, `${delay} outside [0, ${p.maxMs}]`);
      }),
    );
  });

  it('never decreases from one retry to the next without jitter', () => {
    fc.assert(
      fc.property(policy, retry, (p, n) => {
        assert.ok(backoffDelay(n, p) <= backoffDelay(n + 1, p));
      }),
    );
  });

  it('with full jitter, draws whole milliseconds within [0, the exponential delay]', () => {
    fc.assert(
      fc.property(policy, retry, fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (p, n, r) => {
        const ceiling = backoffDelay(n, p);
        const delay = backoffDelay(n, { ...p, jitter: 'full' }, () => r);
        assert.ok(Number.isInteger(delay) && delay >= 0 && delay <= ceiling, `${delay} outside [0, ${ceiling}]`);
      }),
    );
  });

  it('with full jitter, spreads delays over the whole range', () => {
    const random = seededRandom(7);
    const delays = Array.from({ length: 1_000 }, () => backoffDelay(3, { baseMs: 250, maxMs: 30_000, jitter: 'full' }, random));
    assert.ok(Math.min(...delays) < 50, `smallest ${Math.min(...delays)}`);
    assert.ok(Math.max(...delays) > 950, `largest ${Math.max(...delays)}`);
    const mean = delays.reduce((sum, d) => sum + d, 0) / delays.length;
    assert.ok(mean > 450 && mean < 550, `mean ${mean}`);
  });

  it('keeps within the range when a random source returns 1', () => {
    assert.equal(backoffDelay(2, { baseMs: 10, maxMs: 100, jitter: 'full' }, () => 1), 20);
    assert.equal(backoffDelay(2, { baseMs: 10, maxMs: 100, jitter: 'full' }, () => 0), 0);
  });

  it('does not read the random source without jitter', () => {
    const random = () => assert.fail('random read');
    assert.equal(backoffDelay(2, { baseMs: 10, maxMs: 100 }, random), 20);
    assert.equal(backoffDelay(2, { baseMs: 10, maxMs: 100, jitter: 'none' }, random), 20);
  });

  it('takes a delay list entry by entry, with no retry after the last (Lambda async: 1 then 2 minutes)', () => {
    const lambda = { delaysMs: [60_000, 120_000] };
    assert.deepEqual([1, 2, 3].map((n) => backoffDelay(n, lambda)), [60_000, 120_000, undefined]);
    assert.equal(backoffDelay(0, lambda), 60_000);
    assert.equal(backoffDelay(1, { delaysMs: [] }), undefined);
  });
});

describe('seededRandom', () => {
  it('repeats its sequence for a seed, and differs between seeds', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, seededRandom(seed));
    assert.deepEqual(draw(42), draw(42));
    assert.notDeepEqual(draw(42), draw(43));
  });

  it('returns numbers in [0, 1)', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const random = seededRandom(seed);
        for (let i = 0; i < 100; i++) {
          const r = random();
          assert.ok(r >= 0 && r < 1, String(r));
        }
      }),
    );
  });
});
