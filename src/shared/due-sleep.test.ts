import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from './clock.js';
import { DueSleep } from './due-sleep.js';
import { silentLogger } from './logger.js';

describe('DueSleep', () => {
  const clock = new ManualClock(1_000_000);
  const sleep = () => new DueSleep({ clock, maxIdleMs: 60_000, logger: silentLogger, what: 'test' });

  it('sleeps until the next due time, at most maxIdleMs; not at all when a pass left more', async () => {
    const s = sleep();
    assert.equal(await s.after(false, false, async () => clock.now() + 2_500), 2_500);
    assert.equal(await s.after(false, false, async () => clock.now() + 600_000), 60_000);
    assert.equal(await s.after(false, false, async () => undefined), 60_000);
    assert.equal(await s.after(false, true, async () => assert.fail('not read')), 0);
  });

  it('backs off after failures, doubling from 1 s up to maxIdleMs, and starts again after a good pass', async () => {
    const s = sleep();
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) waits.push(await s.after(true, false, async () => undefined));
    assert.equal(waits[0], 1_000);
    assert.ok(waits.every((wait, i) => i === 0 || wait >= waits[i - 1]! || wait === 60_000), String(waits));
    assert.equal(waits.at(-1), 60_000);
    await s.after(false, false, async () => undefined);
    assert.equal(await s.after(false, false, () => Promise.reject(new Error('read failed'))), 1_000);
  });
});
