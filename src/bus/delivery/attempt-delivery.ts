import type { QueuesContext } from '../../queues/queues-context.js';
import type { ExponentialBackoff, Random } from '../../shared/backoff.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { DeliveryOutcome, StoredDelivery } from '../../storage/bus-store.js';
import { sendToDeadLetter } from './dead-letter.js';
import type { DeliveryTarget } from './delivery-target.js';
import { asDeliveryFailure, DeliveryDeferred, DeliveryFailure, deliveryFailures } from './delivery-failure.js';
import { afterFailure, maxEventAgeMs, tooOldToRetry, type ExhaustedCondition } from './retry-policy.js';
import type { TargetKinds } from './target-kind.js';

/** What one delivery attempt needs. */
export interface DeliveryDeps {
  readonly kinds: TargetKinds;
  /** Dead-letter queues are reached through the queues' domain. */
  readonly queues: QueuesContext;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly backoff: ExponentialBackoff;
  readonly random?: Random;
}

/**
 * Makes one attempt at a claimed delivery and says what became of it; never throws. A failure is
 * retried by the target's RetryPolicy; one that is given up on goes to the target's dead-letter queue
 * when it has one ('dead-lettered'), else it is dropped (counted as failed), as is one whose
 * dead-letter queue refuses it.
 */
export async function attemptDelivery(delivery: StoredDelivery, deps: DeliveryDeps): Promise<DeliveryOutcome> {
  const target = delivery.target as DeliveryTarget;
  const where = `bus ${delivery.bus} rule ${delivery.rule} target ${delivery.targetId}: event ${delivery.eventId}`;
  if (tooOldToRetry(delivery, target.target, deps.clock.now())) {
    return giveUp(delivery, target, failureOf(delivery.lastError), delivery.attempts - 1, 'MaximumEventAgeInSeconds', deps, where);
  }
  const attempts = delivery.attempts + 1;
  let failure: DeliveryFailure;
  try {
    const kind = deps.kinds.kindOf(target.target.Arn);
    if (!kind) throw deliveryFailures.noResource(`Eddy has no target of this kind: ${target.target.Arn}`);
    await kind.deliver(delivery, target);
    return { id: delivery.id, kind: 'delivered' };
  } catch (error) {
    if (error instanceof DeliveryDeferred) return defer(delivery, target, error, deps, where);
    failure = asDeliveryFailure(error);
  }
  const next = afterFailure(delivery, target.target, attempts, failure, deps.clock.now(), deps.backoff, deps.random);
  if (next.kind === 'retry') {
    // The first failure of a delivery is worth a warning; its further retries only at debug.
    const line = `${where} attempt ${attempts} failed (${failure.code}: ${failure.message}); retrying`;
    if (attempts === 1) deps.logger.warn(line);
    else deps.logger.debug(line);
    return { id: delivery.id, kind: 'retry', attempts, dueAt: next.dueAt, error: errorText(failure) };
  }
  return giveUp(delivery, target, failure, attempts - 1, next.condition, deps, where);
}

/**
 * A delivery the target cannot take yet waits without counting an attempt (its attempts stay as they
 * were), unless the wait would take the event past MaximumEventAgeInSeconds: then it is given up as
 * a retry past the age limit is.
 */
async function defer(delivery: StoredDelivery, target: DeliveryTarget, deferred: DeliveryDeferred, deps: DeliveryDeps, where: string): Promise<DeliveryOutcome> {
  const failure = new DeliveryFailure(deferred.code, deferred.message, true);
  if (deferred.until - delivery.acceptedAt > maxEventAgeMs(target.target)) {
    return giveUp(delivery, target, failure, Math.max(0, delivery.attempts - 1), 'MaximumEventAgeInSeconds', deps, where);
  }
  deps.logger.debug(`${where} deferred until ${new Date(deferred.until).toISOString()} (${deferred.code}: ${deferred.message})`);
  return { id: delivery.id, kind: 'retry', attempts: delivery.attempts, dueAt: deferred.until, error: errorText(failure), deferred: true };
}

async function giveUp(
  delivery: StoredDelivery,
  target: DeliveryTarget,
  failure: DeliveryFailure,
  retries: number,
  condition: ExhaustedCondition | undefined,
  deps: DeliveryDeps,
  where: string,
): Promise<DeliveryOutcome> {
  const why = `${failure.code}: ${failure.message}${condition ? ` (${condition} reached after ${retries} retries)` : ''}`;
  const deadLetter = target.target.DeadLetterConfig?.Arn;
  if (deadLetter === undefined) {
    deps.logger.warn(`${where} dropped: ${why}`);
    return { id: delivery.id, kind: 'dropped', error: errorText(failure) };
  }
  try {
    await sendToDeadLetter(deps.queues, deadLetter, delivery, target, failure, retries, condition);
  } catch (error) {
    const dlq = asDeliveryFailure(error);
    deps.logger.warn(`${where} dropped: ${why}; its dead-letter queue ${deadLetter} refused it (${dlq.code}: ${dlq.message})`);
    return { id: delivery.id, kind: 'dropped', error: `${errorText(failure)}; dead-letter queue: ${errorText(dlq)}` };
  }
  deps.logger.warn(`${where} sent to dead-letter queue ${deadLetter}: ${why}`);
  return { id: delivery.id, kind: 'dead-lettered', error: errorText(failure) };
}

/** Stored as a delivery's last error: `CODE: message`. */
const errorText = (failure: DeliveryFailure): string => `${failure.code}: ${failure.message}`;

/** The failure a stored last error records (a retry that came due too late reports it). */
function failureOf(lastError: string | undefined): DeliveryFailure {
  const match = /^([A-Z_]+): ([\s\S]*)$/.exec(lastError ?? '');
  return match ? new DeliveryFailure(match[1]!, match[2]!, true) : new DeliveryFailure('INTERNAL_ERROR', lastError ?? 'unknown', true);
}
