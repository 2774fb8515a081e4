import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { httpRetryDelay, managedRetryDelay } from './retry-schedule.js';

const schedule = (delay: (retry: number) => number | undefined) => {
  const delays: number[] = [];
  for (let retry = 1; ; retry++) {
    const next = delay(retry);
    if (next === undefined) return delays;
    delays.push(next);
  }
};

describe('topic delivery retry schedules (§E.6)', () => {
  it('http/s default: 3 retries 20 s apart, then none', () => {
    assert.deepEqual(schedule((retry) => httpRetryDelay(undefined, retry)), [20_000, 20_000, 20_000]);
  });

  it('http/s phases: no-delay, min-delay, backoff from min to max, max-delay; numRetries in all', () => {
    const policy = { minDelayTarget: 1, maxDelayTarget: 10, numRetries: 8, numNoDelayRetries: 1, numMinDelayRetries: 2, numMaxDelayRetries: 1, backoffFunction: 'linear' };
    assert.deepEqual(schedule((retry) => httpRetryDelay(policy, retry)), [0, 1_000, 1_000, 1_000, 4_000, 7_000, 10_000, 10_000]);
    for (const backoffFunction of ['arithmetic', 'geometric', 'exponential']) {
      const delays = schedule((retry) => httpRetryDelay({ ...policy, backoffFunction }, retry)).slice(3, 7);
      assert.equal(delays[0], 1_000);
      assert.equal(delays[3], 10_000);
      assert.ok(delays.every((d, i) => i === 0 || d >= delays[i - 1]!), `${backoffFunction} grows: ${delays}`);
      assert.ok(delays[1]! < 4_000, `${backoffFunction} starts slower than linear: ${delays}`);
    }
  });

  it('sqs and lambda: 3 immediate, 2 at 1 s, 10 backing off to 20 s, then 20 s up to 100,015 attempts', () => {
    assert.deepEqual([1, 2, 3, 4, 5].map(managedRetryDelay), [0, 0, 0, 1_000, 1_000]);
    const backoff = [6, 7, 8, 9, 10, 11, 12, 13, 14, 15].map((retry) => managedRetryDelay(retry)!);
    assert.ok(backoff.every((d, i) => d > 1_000 && d <= 20_000 && (i === 0 || d > backoff[i - 1]!)));
    assert.equal(backoff.at(-1), 20_000);
    assert.equal(managedRetryDelay(100_015), 20_000);
    assert.equal(managedRetryDelay(100_016), undefined);
  });
});
