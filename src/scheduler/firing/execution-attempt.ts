import { DeliveryFailure } from '../../bus/delivery/delivery-failure.js';
import { sendToQueue } from '../../queues/send-to-queue.js';
import type { MessageAttributeValue } from '../../queues/rules/message-attributes.js';
import type { ExponentialBackoff, Random } from '../../shared/backoff.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { ExecutionOutcome, StoredExecution } from '../../storage/scheduler-store.js';
import { ServiceError } from '../../shared/service-error.js';
import type { ScheduleTarget } from '../schedule-definition.js';
import { afterFailure, maxEventAgeMs, type ExhaustedCondition } from './execution-retry.js';
import { runTarget, type ScheduleTargetDeps } from './schedule-targets.js';
import { asTargetFailure } from './target-failure.js';

export interface ExecutionDeps extends ScheduleTargetDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly backoff: ExponentialBackoff;
  readonly random?: Random;
}

/** `2026-03-02T10:15:00Z`: how Scheduler writes a scheduled time (placeholders, DLQ attributes). */
export const scheduledTimeText = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/**
 * The payload of one attempt: Input with Scheduler's context placeholders substituted (managing-schedule-
 * context-attributes), at every attempt. Without Input, `{}` (AWS sends a "default notification" whose
 * content is unconfirmed).
 */
export function payloadOf(execution: StoredExecution, attempt: number): string {
  const input = (execution.target as ScheduleTarget).Input;
  if (input === undefined) return '{}';
  return input
    .replaceAll('<aws.scheduler.schedule-arn>', execution.scheduleArn)
    .replaceAll('<aws.scheduler.scheduled-time>', scheduledTimeText(execution.scheduledAt))
    .replaceAll('<aws.scheduler.execution-id>', execution.id)
    .replaceAll('<aws.scheduler.attempt-number>', String(attempt));
}

/**
 * Makes one attempt at a claimed execution and says what became of it; never throws. A failure is retried
 * by the target's RetryPolicy (execution-retry.ts); one given up on goes to the target's dead-letter queue
 * when it has one, else it is dropped and logged.
 */
export async function attemptExecution(execution: StoredExecution, deps: ExecutionDeps): Promise<ExecutionOutcome & { readonly gaveUp?: true }> {
  const target = execution.target as ScheduleTarget;
  const where = `scheduler: ${execution.scheduleArn} for ${scheduledTimeText(execution.scheduledAt)}`;
  const attempts = execution.attempts + 1;
  const payload = payloadOf(execution, attempts);
  const now = deps.clock.now();
  if (execution.attempts > 0 && now - execution.scheduledAt > maxEventAgeMs(target)) {
    await giveUp(execution, target, payload, lastFailure(execution.lastError), execution.attempts - 1, 'MaximumEventAgeInSeconds', deps, where);
    return { id: execution.id, kind: 'done', gaveUp: true };
  }
  let failure: DeliveryFailure;
  try {
    await runTarget(deps, target, payload, execution.scheduleArn);
    deps.logger.debug(`${where} ran its target ${target.Arn}`);
    return { id: execution.id, kind: 'done' };
  } catch (error) {
    failure = asTargetFailure(error);
    if (!(error instanceof DeliveryFailure) && !(error instanceof ServiceError)) deps.logger.error(`${where}: Eddy failed running its target ${target.Arn}`, error);
  }
  const next = afterFailure(target, execution.scheduledAt, attempts, failure, deps.clock.now(), deps.backoff, deps.random);
  if (next.kind === 'retry') {
    deps.logger.warn(`${where} attempt ${attempts} failed (${failure.code}: ${failure.message}); retrying`);
    return { id: execution.id, kind: 'retry', attempts, dueAt: next.dueAt, error: `${failure.code}: ${failure.message}` };
  }
  await giveUp(execution, target, payload, failure, attempts - 1, next.condition, deps, where);
  return { id: execution.id, kind: 'done', gaveUp: true };
}

/** Characters SQS refuses in attribute values. */
const NOT_SQS_TEXT = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * Sends an execution given up on to DeadLetterConfig (a standard queue): the body is the payload the target
 * was to receive, with Scheduler's String attributes (configuring-schedule-dlq, SEMANTICS F.3);
 * EXHAUSTED_RETRY_CONDITION only when a retry limit was reached, which happens to retryable errors only.
 * ERROR_CODE and ERROR_MESSAGE are the target API's error (target-failure.ts).
 */
async function giveUp(
  execution: StoredExecution,
  target: ScheduleTarget,
  payload: string,
  failure: DeliveryFailure,
  retries: number,
  condition: ExhaustedCondition | undefined,
  deps: ExecutionDeps,
  where: string,
): Promise<void> {
  const why = `${failure.code}: ${failure.message}${condition ? ` (${condition} reached after ${retries} retries)` : ''}`;
  const dlq = target.DeadLetterConfig?.Arn;
  if (dlq === undefined) {
    deps.logger.warn(`${where} dropped: ${why}`);
    return;
  }
  const text = (value: string): MessageAttributeValue => ({ DataType: 'String', StringValue: value.replace(NOT_SQS_TEXT, '?') || ' ' });
  const attributes: Record<string, MessageAttributeValue> = {
    ERROR_CODE: text(failure.code),
    ERROR_MESSAGE: text(failure.message.slice(0, 1024)),
    EXECUTION_ID: text(execution.id),
    ...(condition !== undefined && { EXHAUSTED_RETRY_CONDITION: text(condition) }),
    IS_PAYLOAD_TRUNCATED: text('false'),
    RETRY_ATTEMPTS: text(String(Math.max(0, retries))),
    SCHEDULED_TIME: text(scheduledTimeText(execution.scheduledAt)),
    SCHEDULE_ARN: text(execution.scheduleArn),
    TARGET_ARN: text(target.Arn),
  };
  try {
    await sendToQueue(deps.queues, { queueArn: dlq, body: payload, attributes });
    deps.logger.warn(`${where} sent to dead-letter queue ${dlq}: ${why}`);
  } catch (error) {
    const refused = asTargetFailure(error);
    deps.logger.warn(`${where} dropped: ${why}; its dead-letter queue ${dlq} refused it (${refused.code}: ${refused.message})`);
  }
}

/** The failure an execution's last attempt recorded (`<code>: <message>`), for a dead-letter message sent later. */
function lastFailure(lastError: string | undefined): DeliveryFailure {
  const at = lastError?.indexOf(': ') ?? -1;
  if (lastError === undefined || at < 0) return asTargetFailure(undefined);
  return new DeliveryFailure(lastError.slice(0, at), lastError.slice(at + 2), true);
}
