import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from './clock.js';
import { silentLogger } from './logger.js';
import { ClockedJob } from './clocked-job.js';

const until = async (check: () => boolean) => {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 2));
  assert.ok(check());
};

describe('ClockedJob', () => {
  it('runs from its loop only when the injected clock has moved a whole interval since the last run', async () => {
    const clock = new ManualClock(1_000_000);
    const runs: number[] = [];
    const job = new ClockedJob(async (now) => runs.push(now), { clock, logger: silentLogger, intervalMs: 60_000, failure: 'x' });
    job.start(1);
    await until(() => runs.length === 1);
    clock.advance(59_999);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(runs, [1_000_000]);
    clock.advance(1);
    await until(() => runs.length === 2);
    assert.deepEqual(runs, [1_000_000, 1_060_000]);
    await job.stop();
  });

  it('runs from its loop only while `leader` answers true; run() runs regardless', async () => {
    const clock = new ManualClock(1_000_000);
    const runs: number[] = [];
    let leading = false;
    let asked = 0;
    const leader = () => (asked++, leading);
    const job = new ClockedJob(async (now) => runs.push(now), { clock, logger: silentLogger, intervalMs: 60_000, failure: 'x', leader });
    job.start(1);
    await until(() => asked >= 5);
    assert.deepEqual(runs, [], 'due at every check, but not leading');
    await job.run();
    assert.deepEqual(runs, [1_000_000]);
    clock.advance(60_000);
    leading = true;
    await until(() => runs.length === 2);
    assert.deepEqual(runs, [1_000_000, 1_060_000]);
    await job.stop();
  });

  it('run() answers the job\'s result, one run after another; a failed run does not stop the next', async () => {
    const clock = new ManualClock(0);
    let active = 0;
    let calls = 0;
    const job = new ClockedJob(
      async () => {
        assert.equal(active++, 0);
        await new Promise((resolve) => setTimeout(resolve, 5));
        active--;
        if (++calls === 2) throw new Error('second fails');
        return calls;
      },
      { clock, logger: silentLogger, intervalMs: 1000, failure: 'x' },
    );
    const [a, b, c] = await Promise.allSettled([job.run(), job.run(), job.run()]);
    assert.deepEqual([a, c].map((r) => (r as PromiseFulfilledResult<number>).value), [1, 3]);
    assert.equal(b.status, 'rejected');
    await job.stop();
  });
});
