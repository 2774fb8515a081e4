import { backoffDelay, type ExponentialBackoff, type Random } from '../../shared/backoff.js';
import type { StoredDelivery } from '../../storage/bus-store.js';
import type { TargetDefinition } from '../bus-documents.js';
import type { DeliveryFailure } from './delivery-failure.js';

/** A target's RetryPolicy defaults (SEMANTICS C.7.4): 185 retries, for at most 24 hours. */
export const DEFAULT_MAX_RETRY_ATTEMPTS = 185;
export const DEFAULT_MAX_EVENT_AGE_SECONDS = 86_400;

/**
 * EventBridge retries "with an exponential back off and jitter"; its base and cap are not published.
 * Eddy's: from 1 s, doubling, at most 5 minutes, full jitter (unconfirmed figures).
 */
export const DEFAULT_DELIVERY_BACKOFF: ExponentialBackoff = { baseMs: 1_000, maxMs: 300_000, jitter: 'full' };

export type ExhaustedCondition = 'MaximumRetryAttempts' | 'MaximumEventAgeInSeconds';

/** What follows a failed attempt: another one at `dueAt`, or giving up (and why, when retries ran out). */
export type AfterFailure =
  | { readonly kind: 'retry'; readonly dueAt: number }
  | { readonly kind: 'give-up'; readonly condition?: ExhaustedCondition };

const maxRetries = (target: TargetDefinition): number => target.RetryPolicy?.MaximumRetryAttempts ?? DEFAULT_MAX_RETRY_ATTEMPTS;
/** How long after its acceptance an event may still be delivered to `target`. */
export const maxEventAgeMs = (target: TargetDefinition): number => (target.RetryPolicy?.MaximumEventAgeInSeconds ?? DEFAULT_MAX_EVENT_AGE_SECONDS) * 1000;

/**
 * After attempt number `attempts` failed at `now`: a failure retrying cannot help gives up at once
 * (no condition: no limit was reached); otherwise retries stop at whichever limit comes first — the
 * retries made reach MaximumRetryAttempts, or the next retry would come after the event is
 * MaximumEventAgeInSeconds old (counted from its acceptance). A target's own least wait (Retry-After)
 * lengthens the backoff's delay, never shortens it ("EventBridge chooses the more conservative value",
 * user guide, API destinations).
 */
export function afterFailure(
  delivery: StoredDelivery,
  target: TargetDefinition,
  attempts: number,
  failure: DeliveryFailure,
  now: number,
  backoff: ExponentialBackoff,
  random?: Random,
): AfterFailure {
  if (!failure.retriable) return { kind: 'give-up' };
  if (attempts - 1 >= maxRetries(target)) return { kind: 'give-up', condition: 'MaximumRetryAttempts' };
  const dueAt = now + Math.max(backoffDelay(attempts, backoff, random), failure.retryAfterMs ?? 0);
  if (dueAt - delivery.acceptedAt > maxEventAgeMs(target)) return { kind: 'give-up', condition: 'MaximumEventAgeInSeconds' };
  return { kind: 'retry', dueAt };
}

/**
 * Whether a retry that comes due at `now` is past the event's age limit already (Eddy was stopped, or
 * busy, past it): it is not attempted. A first attempt always is — the limit bounds retrying.
 */
export const tooOldToRetry = (delivery: StoredDelivery, target: TargetDefinition, now: number): boolean =>
  delivery.attempts > 0 && now - delivery.acceptedAt > maxEventAgeMs(target);
