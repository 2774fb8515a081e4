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
