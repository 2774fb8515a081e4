import type { QueuesContext } from '../../queues/queues-context.js';
import type { MessageAttributeValue } from '../../queues/rules/message-attributes.js';
import type { StoredDelivery } from '../../storage/bus-store.js';
import type { DeliveryTarget } from './delivery-target.js';
import type { DeliveryFailure } from './delivery-failure.js';
import { sendQueueMessage } from './queue-target.js';
import type { ExhaustedCondition } from './retry-policy.js';

/** ERROR_MESSAGE keeps this many characters (as Lambda's DLQ keeps the first 1 KB of its error; EventBridge's bound is unconfirmed). */
const MAX_ERROR_MESSAGE = 1024;
/** Characters SQS refuses in attribute values. */
const NOT_SQS_TEXT = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * Sends a delivery that failed for good to its target's DeadLetterConfig queue (a standard queue,
 * SEMANTICS C.7.4): the body is the payload the target was to receive (whether AWS sends the original
 * event or the transformed input is unconfirmed), with EventBridge's attributes — RULE_ARN, TARGET_ARN,
 * ERROR_CODE, ERROR_MESSAGE, EXHAUSTED_RETRY_CONDITION (only when a retry limit was reached; a failure
 * that is not retried reached none, unconfirmed) and RETRY_ATTEMPTS (retries made, as a Number).
 * Throws a DeliveryFailure when the queue does not exist or refuses the message.
 */
export async function sendToDeadLetter(
  queues: QueuesContext,
  queueArn: string,
  delivery: StoredDelivery,
  target: DeliveryTarget,
  failure: DeliveryFailure,
  retries: number,
  condition: ExhaustedCondition | undefined,
): Promise<void> {
  const text = (value: string): MessageAttributeValue => ({ DataType: 'String', StringValue: value.replace(NOT_SQS_TEXT, '?') || ' ' });
  const attributes: Record<string, MessageAttributeValue> = {
    RULE_ARN: text(target.ruleArn),
    TARGET_ARN: text(target.target.Arn),
    ERROR_CODE: text(failure.code),
    ERROR_MESSAGE: text(failure.message.slice(0, MAX_ERROR_MESSAGE)),
    ...(condition !== undefined && { EXHAUSTED_RETRY_CONDITION: text(condition) }),
    RETRY_ATTEMPTS: { DataType: 'Number', StringValue: String(retries) },
  };
  await sendQueueMessage(queues, queueArn, { body: delivery.payload, attributes });
}
