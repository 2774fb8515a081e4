/**
 * How long to wait before a retry, as a pure function of the retry's number: no timers here. A loop
 * that retries (a shard worker, a queue poller, async invocations, bus deliveries) asks for the delay
 * and owns its wait, or stores the due time (`now + delay`) with the work item.
 */

/** Numbers in [0, 1), as `Math.random` returns them; tests pass `seededRandom(seed)`. */
export type Random = () => number;

/** Retry n waits `baseMs · 2^(n−1)`, never more than `maxMs`. */
export interface ExponentialBackoff {
  readonly baseMs: number;
  readonly maxMs: number;
  /**
   * 'full': the delay is drawn uniformly from [0, the exponential delay] (AWS's "full jitter", from
   * the Architecture Blog's "Exponential Backoff And Jitter"), so consumers that failed together do not
   * retry together. Default 'none'.
   */
  readonly jitter?: 'none' | 'full';
}

/** Retry n waits `delaysMs[n−1]`; there is no retry after the last (Lambda's async invocations). */
export interface DelayList {
  readonly delaysMs: readonly number[];
}

export type Backoff = ExponentialBackoff | DelayList;

/** 2^1023 is the largest finite power of two: beyond it `baseMs · 2^k` would be Infinity (or NaN for a zero base). */
const MAX_EXPONENT = 1023;

/**
 * The delay in milliseconds before retry number `retry` (1 for the first retry; below 1 counts as 1),
 * or undefined when a DelayList allows no such retry. `random` is read only with full jitter.
 */
export function backoffDelay(retry: number, backoff: ExponentialBackoff, random?: Random): number;
export function backoffDelay(retry: number, backoff: Backoff, random?: Random): number | undefined;
export function backoffDelay(retry: number, backoff: Backoff, random: Random = Math.random): number | undefined {
  const n = Math.max(1, retry);
  if ('delaysMs' in backoff) return backoff.delaysMs[n - 1];
  const exponential = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.min(n - 1, MAX_EXPONENT));
  if (backoff.jitter !== 'full') return exponential;
  // Whole milliseconds, each of 0..⌊exponential⌋ equally likely; the min guards a source that returns 1.
  const whole = Math.floor(exponential);
  return Math.min(whole, Math.floor(random() * (whole + 1)));
}

/**
 * A deterministic Random for tests (mulberry32): the same seed gives the same sequence, so a test of
 * jittered retries can name the delays it expects.
 */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
