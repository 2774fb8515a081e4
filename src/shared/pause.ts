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
  const left = waitBudget(clock, ms);
  if (left() <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const end = (passed: boolean) => {
      clearTimeout(timer);
      unsubscribe();
      signal.removeEventListener('abort', aborted);
      resolve(passed);
    };
    const aborted = () => end(false);
    const check = () => {
      clearTimeout(timer);
      const remaining = left();
      if (remaining <= 0) end(true);
      else timer = setTimeout(check, remaining);
    };
    const unsubscribe = onClockChange(clock, check);
    signal.addEventListener('abort', aborted, { once: true });
    check();
  });
}
