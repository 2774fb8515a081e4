import { randomUuid } from '../../shared/random-uuid.js';
import { ServiceError } from '../../shared/service-error.js';
import { StaleTopicError, type AcceptedMessage, type PublishOutcome } from '../../storage/topic-delivery-store.js';
import {
  checkPublish, checkPublishBatch, DEFAULT_MAXIMUM_MESSAGE_SIZE, publishTarget,
  presignNotifications, type CheckedMessage, type Checked, type PublishBatchEntryInput, type PublishInput, type SignatureVersion, type TopicFacts,
} from '../messages/index.js';
import type { Queue } from '../../queues/queues-context.js';
import { topicArn, topicNameOf } from '../topic-arns.js';
import { topicsErrors } from '../topics-errors.js';
import { matchingSubscriptions, type TopicFanOut } from './fan-out.js';
import { messageWork } from './message-work.js';
import type { PublishContext } from './publish-context.js';

/** FIFO topics drop a duplicate within 5 minutes (§E.3 [M]). */
const DEDUP_WINDOW_MS = 5 * 60 * 1000;
/** How often a Publish is matched again when the topic's subscriptions change under it. */
const STALE_RETRIES = 5;

const inputError = <T>(checked: Checked<T>): T => {
  if (!checked.ok) throw new ServiceError(checked.error.code, checked.error.message, 400); // every SNS input error is a 400 (§E.1)
  return checked.value;
};

const factsOf = (fanOut: TopicFanOut): TopicFacts => {
  const attributes = fanOut.topic.attributes;
  const size = Number(attributes['MaximumMessageSize']);
  return {
    fifo: fanOut.topic.fifo,
    contentBasedDeduplication: attributes['ContentBasedDeduplication'] === 'true',
    maximumMessageSize: Number.isInteger(size) && size > 0 ? size : DEFAULT_MAXIMUM_MESSAGE_SIZE,
  };
};

/**
 * Publish (§E.2): to a topic by TopicArn or TargetArn, or a phone number (accepted and logged: Eddy sends
 * no SMS). Resolves once the message and the work it leaves are durable (TopicDeliveryStore.acceptPublish).
 */
export async function publish(ctx: PublishContext, input: PublishInput): Promise<{ MessageId: string; SequenceNumber?: string }> {
  const target = inputError(publishTarget(input));
  if (target.kind === 'phone') {
    if (input.Message === undefined || input.Message === '') throw topicsErrors.invalidParameter('Invalid parameter: Empty message');
    const MessageId = randomUuid();
    ctx.logger.info(`topics: SMS ${MessageId} to ${target.phoneNumber} (not sent): ${input.Message}`);
    return { MessageId };
  }
  const byTarget = input.TopicArn === undefined || input.TopicArn === '';
  const [outcome] = await accept(ctx, target.arn, byTarget, (facts) => [inputError(checkPublish(input, facts))]);
  return { MessageId: outcome!.messageId, ...(outcome!.sequenceNumber !== undefined && { SequenceNumber: outcome!.sequenceNumber }) };
}

export interface PublishBatchInput {
  TopicArn: string;
  PublishBatchRequestEntries?: PublishBatchEntryInput[];
}

/**
 * PublishBatch (§E.2): up to 10 entries checked together (the first bad entry fails the request with
 * Publish's text [O]) and accepted in one transaction. Every accepted entry is Successful.
 */
export async function publishBatch(ctx: PublishContext, input: PublishBatchInput): Promise<{ Successful: { Id: string; MessageId: string; SequenceNumber?: string }[]; Failed: never[] }> {
  let ids: string[] = [];
  const outcomes = await accept(ctx, input.TopicArn, false, (facts) => {
    const entries = inputError(checkPublishBatch(input.PublishBatchRequestEntries, facts));
    ids = entries.map((entry) => entry.id);
    return entries.map((entry) => entry.message);
  });
  return {
    Successful: outcomes.map((outcome, i) => ({ Id: ids[i]!, MessageId: outcome.messageId, ...(outcome.sequenceNumber !== undefined && { SequenceNumber: outcome.sequenceNumber }) })),
    Failed: [],
  };
}

async function accept(ctx: PublishContext, arn: string, byTarget: boolean, check: (facts: TopicFacts) => CheckedMessage[]): Promise<PublishOutcome[]> {
  const name = byTarget ? targetTopic(ctx, arn) : topicNameOf(ctx.deployment, arn);
  for (let attempt = 0; ; attempt++) {
    const fanOut = await ctx.fanOut.of(name);
    if (!fanOut) throw byTarget ? noEndpoint() : topicsErrors.topicNotFound();
    const messages = check(factsOf(fanOut));
    const now = ctx.clock.now();
    const accepted = await prepare(ctx, fanOut, messages, now);
    try {
      const outcomes = await ctx.store.deliveries.acceptPublish({
        topic: name, expected: { version: fanOut.topic.version, createdAt: fanOut.topic.createdAt }, fifo: fanOut.topic.fifo, now, messages: accepted.messages,
      });
      ctx.queueLookup.committed(accepted.queueIds, new Set(outcomes.flatMap((outcome) => outcome.queuedTo)));
      return outcomes;
    } catch (error) {
      if (!(error instanceof StaleTopicError) || attempt >= STALE_RETRIES) throw error;
      ctx.fanOut.forget(name);
    }
  }
}

const noEndpoint = () => topicsErrors.invalidParameter('Invalid parameter: TargetArn Reason: No endpoint found for the target arn specified');

/** A TargetArn must name a topic of this deployment; anything else has no endpoint [O]. */
function targetTopic(ctx: PublishContext, arn: string): string {
  try {
    return topicNameOf(ctx.deployment, arn, 'TargetArn');
  } catch {
    throw noEndpoint();
  }
}

async function prepare(ctx: PublishContext, fanOut: TopicFanOut, messages: readonly CheckedMessage[], now: number) {
  const topic = fanOut.topic;
  const signatureVersion = topic.attributes['SignatureVersion'] as SignatureVersion | undefined;
  const queues = new Map<string, Queue>();
  const queueIds = new Set<number>();
  const matchedOf = messages.map((message) => matchingSubscriptions(fanOut, { attributes: message.attributes, body: message.message }));
  for (const { snapshot } of matchedOf.flat()) {
    if (snapshot.protocol !== 'sqs' || queues.has(snapshot.endpoint)) continue;
    const queue = await ctx.queueLookup.get(snapshot.endpoint);
    if (queue) {
      queues.set(snapshot.endpoint, queue);
      queueIds.add(queue.id);
    }
  }
  const bases = messages.map((message) => ({
    messageId: randomUuid(), topicArn: topicArn(ctx.deployment, topic.name), timestamp: now, message: message.message, attributes: message.attributes,
    ...(message.subject !== undefined && { subject: message.subject }),
    ...(message.structure !== undefined && { structure: message.structure }),
    ...(message.groupId !== undefined && { groupId: message.groupId }),
    ...(message.dedupId !== undefined && { dedupId: message.dedupId }),
  }));
  // The envelopes put on queues inside the accepting transaction are signed there; their signatures are
  // made here instead, once per message (every copy signs the same text), on the thread pool (§E.4).
  const signing = queues.size > 0 ? { ...(await ctx.signing.context(signatureVersion)), signatures: new Map<string, string>() } : undefined;
  if (signing) {
    await Promise.all(bases.map((base, i) => {
      const enveloped = matchedOf[i]!.filter(({ snapshot }) => snapshot.protocol === 'sqs' && !snapshot.rawMessageDelivery && queues.has(snapshot.endpoint));
      return enveloped.length === 0 ? undefined : presignNotifications(base, new Set(enveloped.map(({ snapshot }) => snapshot.protocol)), signing, topic.fifo);
    }));
  }
  const facts = { topic: topic.name, now, queues, ...(signatureVersion !== undefined && { signatureVersion }), ...(signing !== undefined && { signing }) };
  const scope = topic.attributes['FifoThroughputScope'] === 'MessageGroup';
  const accepted = messages.map((message, i): AcceptedMessage => {
    const base = bases[i]!;
    const dedupKey = topic.fifo && message.dedupId !== undefined ? (scope ? `${message.groupId}\u0000${message.dedupId}` : message.dedupId) : undefined;
    return { messageId: base.messageId, ...(dedupKey !== undefined && { dedupKey, dedupUntil: now + DEDUP_WINDOW_MS }), build: messageWork(base, matchedOf[i]!, facts) };
  });
  return { messages: accepted, queueIds };
}
