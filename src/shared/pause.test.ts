import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pause } from './pause.js';

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
