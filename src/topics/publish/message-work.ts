import { prepareQueueMessage } from '../../queues/send-to-queue.js';
import type { Queue } from '../../queues/queues-context.js';
import { randomUuid } from '../../shared/random-uuid.js';
import type { MessageWork, NewTopicDelivery, QueuedTopicDelivery } from '../../storage/topic-delivery-store.js';
import { sqsDelivery, type PublishedMessage, type SignatureVersion, type SigningContext } from '../messages/index.js';
import { encodeDocument, queueMessageOf } from '../delivery/delivery-document.js';
import type { FanOutSubscription } from './fan-out.js';

/** What one accepted message's build needs, resolved before the accepting transaction. */
export interface WorkFacts {
  readonly topic: string;
  readonly now: number;
  readonly signatureVersion?: SignatureVersion;
  /** Needed when a copy goes straight on a queue (its envelope is signed now). */
  readonly signing?: SigningContext;
  /** The queues of this deployment the sqs subscriptions name (absent: not one of ours, or gone). */
  readonly queues: ReadonlyMap<string, Queue>;
}

/**
 * The work one message leaves (AcceptedMessage.build): for every subscription it matched, a delivery row
 * for the runner, or — for an sqs subscription to a queue of this Eddy — its copy on the queue in the
 * same transaction, the way the bus delivers its queue targets, with a delivery row as the fallback when
 * the queue changed meanwhile. A copy the queue would refuse (a raw copy with more than 10 attributes, a
 * FIFO queue without a group id) is left to the runner, which makes it the client error it is (§E.6).
 * Pure: it runs inside the accepting transaction.
 */
export function messageWork(base: Omit<PublishedMessage, 'sequenceNumber'>, matched: readonly FanOutSubscription[], facts: WorkFacts) {
  return (sequenceNumber: string | undefined): MessageWork => {
    const message: PublishedMessage = { ...base, ...(sequenceNumber !== undefined && { sequenceNumber }) };
    const deliveries: NewTopicDelivery[] = [];
    const queued: QueuedTopicDelivery[] = [];
    for (const { subscription, snapshot } of matched) {
      const row: NewTopicDelivery = {
        id: randomUuid(),
        topic: facts.topic,
        subscription: subscription.id,
        protocol: snapshot.protocol,
        document: encodeDocument({ kind: 'notification', message, subscription: snapshot, ...(facts.signatureVersion !== undefined && { signatureVersion: facts.signatureVersion }) }),
        dueAt: facts.now,
        acceptedAt: facts.now,
      };
      const queue = snapshot.protocol === 'sqs' ? facts.queues.get(snapshot.endpoint) : undefined;
      const inline = queue && facts.signing ? inlineCopy(message, snapshot, queue, facts.signing, facts.now) : undefined;
      if (inline) queued.push({ queueId: queue!.id, queueVersion: queue!.version, message: inline, fallback: row });
      else deliveries.push(row);
    }
    return { deliveries, queued };
  };
}

function inlineCopy(message: PublishedMessage, snapshot: FanOutSubscription['snapshot'], queue: Queue, signing: SigningContext, now: number) {
  const copy = sqsDelivery(message, { ...snapshot, fifoQueue: queue.fifo }, signing);
  if (!copy.ok) return undefined;
  try {
    return prepareQueueMessage(queue, queueMessageOf(copy.value), now).message;
  } catch {
    return undefined; // the runner meets the same refusal and makes it the delivery failure it is
  }
}
