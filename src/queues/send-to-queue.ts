import { prepareMessage, type PreparedMessage } from './message-entry.js';
import { formatSequence } from './message-view.js';
import { queueGone } from './queue-lookup.js';
import { queueNameOfArn } from './queue-url.js';
import type { Queue, QueuesContext } from './queues-context.js';
import type { MessageAttributeValue } from './rules/message-attributes.js';
import { sqsErrors } from './rules/sqs-errors.js';

/** A queue of this deployment, by name or by ARN. */
export type QueueAddress = { readonly queueName: string } | { readonly queueArn: string };

/** A message to put on a queue. It must pass what SendMessage checks, in the same order, with the same errors. */
export interface QueueMessage {
  readonly body: string;
  /** Message attributes in SQS's shape: a DataType (String, Number, Binary, optionally `.label`) and its value. */
  readonly attributes?: Readonly<Record<string, MessageAttributeValue>>;
  /** Required by FIFO queues; on a standard queue it is kept and received with the message. */
  readonly groupId?: string;
  /** FIFO queues: the deduplication id; without it the queue must have ContentBasedDeduplication. */
  readonly deduplicationId?: string;
  /** Standard queues only: hides the message this long (0–900 s; default the queue's DelaySeconds). */
  readonly delaySeconds?: number;
}

export type QueueSend = QueueAddress & QueueMessage;

/** A message on its queue: its id, the MD5s SQS answers with, and its sequence number on a FIFO queue. */
export interface SentMessage {
  /** For a FIFO duplicate within the deduplication window, the id of the message sent first. */
  readonly messageId: string;
  readonly md5OfBody: string;
  readonly md5OfAttributes?: string;
  readonly md5OfSystemAttributes?: string;
  readonly sequenceNumber?: string;
}

/**
 * Sends one message to a queue: how other contexts (stream triggers' on-failure destinations, the
 * event bus's queue targets and dead-letter queues) reach a queue, never through SendMessage and a
 * rebuilt queue URL. Throws QueueDoesNotExistError when the address names no queue (an ARN of another
 * region or account included), and SendMessage's SqsError when the queue refuses the message (e.g. a
 * FIFO queue without `groupId`).
 */
export async function sendToQueue(ctx: QueuesContext, send: QueueSend): Promise<SentMessage> {
  const [outcome] = await sendManyToQueue(ctx, send, [send]);
  if ('error' in outcome!) throw outcome.error;
  return outcome!.sent;
}

/** What became of one message of sendManyToQueue: sent, or refused by the queue as SendMessage would refuse it. */
export type QueueSendOutcome = { readonly sent: SentMessage } | { readonly error: unknown };

/**
 * Sends several messages to one queue, in order: the queue is looked up once and every message it
 * takes is stored in one store call (one commit), as SendMessageBatch does. Each message is checked
 * on its own: one the queue refuses is answered with SendMessage's SqsError at its index, and the
 * others are sent. Throws QueueDoesNotExistError, sending nothing, when the address names no queue.
 */
export async function sendManyToQueue(ctx: QueuesContext, address: QueueAddress, messages: readonly QueueMessage[]): Promise<QueueSendOutcome[]> {
  const name = 'queueName' in address ? address.queueName : queueNameOfArn(address.queueArn, ctx.deployment);
  const queue = name === undefined ? undefined : await ctx.store.get<Queue['attributes']>(name);
  if (!queue) throw sqsErrors.queueDoesNotExist();
  const now = ctx.clock.now();
  const prepared: PreparedMessage[] = [];
  const outcomes: (QueueSendOutcome | number)[] = messages.map((send) => {
    try {
      return prepared.push(prepareQueueMessage(queue, send, now)) - 1;
    } catch (error) {
      return { error };
    }
  });
  const sent = prepared.length === 0 ? [] : await storeMessages(ctx, queue, prepared);
  return outcomes.map((outcome) => (typeof outcome === 'number' ? { sent: sent[outcome]! } : outcome));
}

/**
 * Checks a message as SendMessage would check its members (one checker, prepareMessage, holds every
 * message to SQS's rules) and makes what the queue store takes; throws SendMessage's SqsError.
 */
export function prepareQueueMessage(queue: Queue, send: QueueMessage, now: number): PreparedMessage {
  const entry: Record<string, unknown> = {
    MessageBody: send.body,
    ...(send.attributes !== undefined && { MessageAttributes: send.attributes }),
    ...(send.groupId !== undefined && { MessageGroupId: send.groupId }),
    ...(send.deduplicationId !== undefined && { MessageDeduplicationId: send.deduplicationId }),
    ...(send.delaySeconds !== undefined && { DelaySeconds: send.delaySeconds }),
  };
  return prepareMessage(queue, entry, now);
}

/**
 * Stores checked messages on a queue, in order and in one commit, and wakes its long polls. Every
 * message enters a queue here: SendMessage, SendMessageBatch and sendManyToQueue (sendToQueue too).
 */
export async function storeMessages(ctx: QueuesContext, queue: Queue, prepared: readonly PreparedMessage[]): Promise<SentMessage[]> {
  const outcomes = await ctx.store.send(queue.id, prepared.map((p) => p.message), ctx.clock.now()).catch(queueGone);
  ctx.waiters.notify(queue.id);
  return outcomes.map((outcome, i) => {
    const message = prepared[i]!;
    return {
      messageId: outcome.messageId,
      get md5OfBody() {
        return message.md5OfBody;
      },
      ...(message.md5OfAttributes !== undefined && { md5OfAttributes: message.md5OfAttributes }),
      ...(message.md5OfSystemAttributes !== undefined && { md5OfSystemAttributes: message.md5OfSystemAttributes }),
      ...(queue.fifo && { sequenceNumber: formatSequence(outcome.sequence) }),
    };
  });
}
