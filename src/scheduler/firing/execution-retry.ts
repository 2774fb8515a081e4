import { backoffDelay, type ExponentialBackoff, type Random } from '../../shared/backoff.js';
import type { DeliveryFailure } from '../../bus/delivery/delivery-failure.js';
import type { ScheduleTarget } from '../schedule-definition.js';

/** RetryPolicy defaults (SEMANTICS F.3; EventBridge's figures, unconfirmed for Scheduler). */
export const DEFAULT_MAX_RETRY_ATTEMPTS = 185;
export const DEFAULT_MAX_EVENT_AGE_SECONDS = 86_400;

/** Scheduler retries "with exponential backoff"; base and cap unpublished. Eddy's: the bus's (1 s doubling to 5 min, full jitter). */
export const DEFAULT_EXECUTION_BACKOFF: ExponentialBackoff = { baseMs: 1_000, maxMs: 300_000, jitter: 'full' };

export type ExhaustedCondition = 'MaximumRetryAttempts' | 'MaximumEventAgeInSeconds';

export const maxEventAgeMs = (target: ScheduleTarget): number => (target.RetryPolicy?.MaximumEventAgeInSeconds ?? DEFAULT_MAX_EVENT_AGE_SECONDS) * 1000;

/**
 * After attempt `attempts` failed at `now`: a failure retrying cannot help gives up at once; else retries
 * stop at whichever RetryPolicy limit comes first — the retries made reach MaximumRetryAttempts, or the next
 * would come later than MaximumEventAgeInSeconds after the scheduled time.
 */
export function afterFailure(
  target: ScheduleTarget,
  scheduledAt: number,
  attempts: number,
  failure: DeliveryFailure,
  now: number,
  backoff: ExponentialBackoff,
  random?: Random,
): { kind: 'retry'; dueAt: number } | { kind: 'give-up'; condition?: ExhaustedCondition } {
  if (!failure.retriable) return { kind: 'give-up' };
  if (attempts - 1 >= (target.RetryPolicy?.MaximumRetryAttempts ?? DEFAULT_MAX_RETRY_ATTEMPTS)) return { kind: 'give-up', condition: 'MaximumRetryAttempts' };
  const dueAt = now + backoffDelay(attempts, backoff, random);
  if (dueAt - scheduledAt > maxEventAgeMs(target)) return { kind: 'give-up', condition: 'MaximumEventAgeInSeconds' };
  return { kind: 'retry', dueAt };
}
