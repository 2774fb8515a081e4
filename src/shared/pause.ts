import { onClockChange, type Clock } from './clock.js';
import { waitBudget } from './wait-budget.js';

/**
 * Waits `ms` (a retry's backoff, a rescan interval) unless `signal` aborts first. Resolves true when
 * the time passed, false on abort — at once when `signal` is already aborted, so a loop being stopped
 * never sits out a wait it began too late to be woken from. Never rejects.
 */
export function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const aborted = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', aborted);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', aborted, { once: true });
  });
}

/**
 * Waits `ms` on `clock` (a retry's backoff on Eddy's time) unless `signal` aborts first: resolves true
 * once the clock has moved `ms` — at once when a jump (onClockChange) carries it there — or once `ms` of
 * real time has passed, whichever comes first, so a clock nobody moves (a test's ManualClock) never holds
 * the loop longer than the real wait would. False on abort, as `pause`. Never rejects.
 */
export function pauseOnClock(clock: Clock, ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  if (waitBudget(clock, ms)() <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const aborted = () => {
      cancel();
      resolve(false);
    };
    let passed = false;
    const cancel = afterOnClock(clock, ms, () => {
      passed = true;
      signal.removeEventListener('abort', aborted);
      resolve(true);
    });
    if (!passed) signal.addEventListener('abort', aborted, { once: true });
  });
}

/**
 * Calls `fire` once, when `clock` has moved `ms` or `ms` of real time has passed (as pauseOnClock waits),
 * unless the returned function is called first. No AbortController: a caller that starts and cancels one
 * wait per unit of work (a pipe execution's time limit) pays for a timer only.
 */
export function afterOnClock(clock: Clock, ms: number, fire: () => void): () => void {
  const left = waitBudget(clock, ms);
  let timer: NodeJS.Timeout | undefined;
  let done = false;
  const end = () => {
    done = true;
    clearTimeout(timer);
    unsubscribe();
  };
  const check = () => {
    if (done) return;
    clearTimeout(timer);
    const remaining = left();
    if (remaining > 0) timer = setTimeout(check, remaining);
    else {
      end();
      fire();
    }
  };
  const unsubscribe = onClockChange(clock, check);
  check();
  return end;
}
