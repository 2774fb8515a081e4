import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock, type TimeChange } from './clock.js';
import { afterOnClock, pause, pauseOnClock } from './pause.js';

describe('pause', () => {
  it('resolves true once the time has passed', async () => {
    assert.equal(await pause(0, new AbortController().signal), true);
  });

  it('resolves false as soon as the signal aborts', async () => {
    const stop = new AbortController();
    const waiting = pause(600_000, stop.signal);
    stop.abort();
    assert.equal(await waiting, false);
  });

  it('resolves false at once for a signal already aborted', async () => {
    assert.equal(await pause(600_000, AbortSignal.abort()), false);
  });
});

describe('pauseOnClock', () => {
  /** A ManualClock that can jump, as Eddy's ControlledClock does. */
  function jumpingClock() {
    const clock = new ManualClock(1_000);
    const listeners = new Set<(change: TimeChange) => void>();
    return Object.assign(clock, {
      onChange(listener: (change: TimeChange) => void) {
        listeners.add(listener);
        return () => void listeners.delete(listener);
      },
      jump(ms: number) {
        const from = clock.now();
        clock.advance(ms);
        for (const listener of listeners) listener({ from, to: clock.now() });
      },
      listening: () => listeners.size,
    });
  }

  it('ends at once when a jump carries the clock past the wait, and unsubscribes', async () => {
    const clock = jumpingClock();
    const waiting = pauseOnClock(clock, 600_000, new AbortController().signal);
    clock.jump(599_999);
    assert.equal(clock.listening(), 1, 'a jump short of the wait keeps waiting');
    clock.jump(1);
    assert.equal(await waiting, true);
    assert.equal(clock.listening(), 0);
  });

  it('is bounded by real time when the clock stands still', async () => {
    assert.equal(await pauseOnClock(new ManualClock(), 5, new AbortController().signal), true);
  });

  it('resolves false on abort, at once for a signal already aborted', async () => {
    const clock = jumpingClock();
    const stop = new AbortController();
    const waiting = pauseOnClock(clock, 600_000, stop.signal);
    stop.abort();
    assert.equal(await waiting, false);
    assert.equal(clock.listening(), 0);
    assert.equal(await pauseOnClock(clock, 600_000, AbortSignal.abort()), false);
  });

  it('afterOnClock fires once on a jump past it, and a cancel first means never', async () => {
    const clock = jumpingClock();
    let fired = 0;
    afterOnClock(clock, 600_000, () => fired++);
    clock.jump(599_999);
    assert.equal(fired, 0);
    clock.jump(1);
    clock.jump(600_000);
    assert.equal(fired, 1);
    assert.equal(clock.listening(), 0);
    const cancel = afterOnClock(clock, 600_000, () => fired++);
    cancel();
    clock.jump(600_000);
    assert.equal(fired, 1);
    assert.equal(clock.listening(), 0);
    // Bounded by real time too, as pauseOnClock.
    await new Promise<void>((resolve) => afterOnClock(new ManualClock(), 5, resolve));
  });
});
