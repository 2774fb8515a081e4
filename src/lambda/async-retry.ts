import type { AsyncPolicy } from './event-invoke-config.js';

/** Lambda's waits between attempts of an asynchronous invocation: about one minute, then two. */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [60_000, 120_000];

/** What follows a failed attempt: another one at `retryAt`, or the event given up on. */
export type AfterFailure = { readonly retryAt: number } | { readonly giveUp: 'RetriesExhausted' | 'EventAgeExceeded' };

/**
 * After the `attempts`-th attempt failed at `now`: retry while retries are left (MaximumRetryAttempts)
 * and the event will still be younger than MaximumEventAgeInSeconds when the retry is due; retry n
 * waits `delaysMs[n-1]` (the last entry for the retries beyond the list). An event that would be too
 * old is given up on at once rather than kept to be discarded later (as LocalStack does; AWS's timing
 * is unconfirmed).
 */
export function afterFailedAttempt(attempts: number, receivedAt: number, now: number, policy: AsyncPolicy, delaysMs: readonly number[] = DEFAULT_RETRY_DELAYS_MS): AfterFailure {
  if (attempts > policy.maxRetries) return { giveUp: 'RetriesExhausted' };
  const delay = delaysMs[Math.min(attempts, delaysMs.length) - 1] ?? 0;
  if (now + delay - receivedAt > policy.maxEventAgeMs) return { giveUp: 'EventAgeExceeded' };
  return { retryAt: now + delay };
}

/** An event older than its maximum age when an attempt comes due is not attempted (Lambda discards it). */
export const tooOld = (receivedAt: number, now: number, policy: AsyncPolicy): boolean => now - receivedAt > policy.maxEventAgeMs;
