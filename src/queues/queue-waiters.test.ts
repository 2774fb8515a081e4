import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { QueueWaiters } from './queue-waiters.js';

describe('QueueWaiters', () => {
  it('wakes the waiters of one queue only', async () => {
    const waiters = new QueueWaiters();
    const woken: string[] = [];
    const a = waiters.wait(1, 60_000).then(() => woken.push('a'));
    const b = waiters.wait(2, 60_000).then(() => woken.push('b'));
    waiters.notify(1);
    await a;
    assert.deepEqual(woken, ['a']);
    waiters.notifyAll();
    await b;
    assert.deepEqual(woken, ['a', 'b']);
  });

  it('resolves after its time when nothing happens', async () => {
    const waiters = new QueueWaiters();
    let done = false;
    const waiting = waiters.wait(1, 20).then(() => (done = true));
    assert.equal(done, false);
    await waiting;
    assert.equal(done, true);
  });

  it('once closed, wakes everyone and later waits return at once', async () => {
    const waiters = new QueueWaiters();
    const waiting = waiters.wait(1, 60_000);
    waiters.close();
    await waiting;
    assert.equal(waiters.closed, true);
    await waiters.wait(1, 60_000);
  });

  it('an armed wait keeps a notify that came before the wait', async () => {
    const waiters = new QueueWaiters();
    const armed = waiters.arm(7);
    waiters.notify(7);
    const started = Date.now();
    await armed.wait(60_000);
    assert.ok(Date.now() - started < 1000);
    armed.cancel();
    const later = waiters.arm(7);
    let done = false;
    const waiting = later.wait(60_000).then(() => (done = true));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(done, false);
    waiters.notify(7);
    await waiting;
    later.cancel();
    const cancelled = waiters.arm(8);
    cancelled.cancel();
    await cancelled.wait(10); // after cancel, only its own time ends it
  });

  it('counts the receives parked in a wait, by queue, until they are woken, time out or are cancelled', async () => {
    const waiters = new QueueWaiters();
    const counts = () => Object.fromEntries(waiters.parked());
    const armed = waiters.arm(1);
    assert.deepEqual(counts(), {}, 'armed, still looking: not parked');
    const polled = armed.wait(60_000);
    const plain = waiters.wait(1, 60_000);
    const short = waiters.wait(2, 5);
    assert.deepEqual(counts(), { 1: 2, 2: 1 });
    await short;
    assert.deepEqual(counts(), { 1: 2 });
    waiters.notify(1);
    await Promise.all([polled, plain]);
    armed.cancel();
    assert.deepEqual(counts(), {});
    const cancelled = waiters.arm(3);
    void cancelled.wait(60_000);
    assert.deepEqual(counts(), { 3: 1 });
    cancelled.cancel();
    assert.deepEqual(counts(), {});
  });
});
