import { sendToQueue, type QueueMessage } from '../../queues/send-to-queue.js';
import type { QueuesContext } from '../../queues/queues-context.js';
import type { StoredDelivery } from '../../storage/bus-store.js';
import type { DeliveryTarget } from './delivery-target.js';
import { asDeliveryError, QueueSends } from './queue-sends.js';
import type { TargetKind } from './target-kind.js';

/**
 * SQS queue targets: the payload becomes the message body (SEMANTICS C.7.3). A FIFO queue takes the
 * target's SqsParameters.MessageGroupId and no deduplication id, so it must have content-based
 * deduplication, as EventBridge documents ("the queue must have content-based deduplication enabled");
 * without it — or without a group id — SQS refuses every message the same way: INVALID_PARAMETER, not
 * retried (what AWS records then is unconfirmed). A queue that does not exist is NO_RESOURCE. The
 * messages of deliveries attempted together go to their queue together (QueueSends).
 */
export function queueTarget(queues: QueuesContext): TargetKind {
  const sends = new QueueSends(queues);
  return {
    name: 'queue',
    accepts: isQueueArn,
    async deliver(delivery: StoredDelivery, target: DeliveryTarget): Promise<void> {
      await sends.send(target.target.Arn, queueMessageOf(delivery.payload, target));
    },
  };
}

export const isQueueArn = (arn: string): boolean => /^arn:aws[\w-]*:sqs:/.test(arn);

/** The message a queue target gets: the payload as its body, the target's MessageGroupId (FIFO) when it has one. */
export function queueMessageOf(payload: string, target: DeliveryTarget): QueueMessage {
  const groupId = target.target.SqsParameters?.MessageGroupId;
  return { body: payload, ...(groupId !== undefined && { groupId }) };
}

/** Sends to a queue by ARN, turning SQS's refusals into the delivery failures they are. */
export async function sendQueueMessage(queues: QueuesContext, queueArn: string, message: QueueMessage): Promise<void> {
  try {
    await sendToQueue(queues, { queueArn, ...message });
  } catch (error) {
    throw asDeliveryError(error, queueArn);
  }
}
