import { sqsAttributes, type SqsMessageAttribute } from './message-attributes.js';
import { messageFor } from './message-structure.js';
import { notificationEnvelope } from './notification-envelope.js';
import { deliveredAttributes, type PublishedMessage, type SigningContext, type SubscriptionFacts } from './published-message.js';

/** The most attributes a raw delivery to SQS carries; SQS takes no more (§E.4 Raw delivery [D]). */
export const MAX_RAW_SQS_ATTRIBUTES = 10;

/** The SendMessage an sqs subscription's copy becomes. */
export interface SqsDelivery {
  readonly body: string;
  readonly messageAttributes: Readonly<Record<string, SqsMessageAttribute>>;
  /** FIFO topics' group id; also a standard topic's, which standard queues receive (§E.3). */
  readonly messageGroupId?: string;
  /** Only to a FIFO queue: the explicit or content-based id (§E.3 [O]). */
  readonly messageDeduplicationId?: string;
}

/**
 * The SQS message for an sqs subscription (§E.4): the JSON envelope as body and no attributes, or with
 * RawMessageDelivery the raw body and the attributes as SQS message attributes. A raw copy with more than
 * 10 attributes is a client error (not retried, dead-lettered when there is a DLQ) [D]: `ok: false`.
 * A dead-lettered copy is this same message (§E.6).
 */
export function sqsDelivery(
  message: PublishedMessage,
  subscription: SubscriptionFacts & { readonly rawMessageDelivery: boolean; readonly fifoQueue: boolean },
  context: SigningContext,
): { readonly ok: true; readonly value: SqsDelivery } | { readonly ok: false; readonly reason: string } {
  const ids = {
    ...(message.groupId !== undefined ? { messageGroupId: message.groupId } : {}),
    ...(subscription.fifoQueue && message.dedupId !== undefined ? { messageDeduplicationId: message.dedupId } : {}),
  };
  if (!subscription.rawMessageDelivery) {
    return { ok: true, value: { body: JSON.stringify(notificationEnvelope(message, subscription, context)), messageAttributes: {}, ...ids } };
  }
  const attributes = deliveredAttributes(message);
  const count = Object.keys(attributes).length;
  if (count > MAX_RAW_SQS_ATTRIBUTES) {
    return { ok: false, reason: `raw delivery to SQS carries at most ${MAX_RAW_SQS_ATTRIBUTES} message attributes; this message has ${count}` };
  }
  return { ok: true, value: { body: messageFor(message, subscription.protocol), messageAttributes: sqsAttributes(attributes), ...ids } };
}
