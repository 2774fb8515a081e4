import type { Clock } from '../../shared/clock.js';
import type { StoredTopicDelivery, TopicDeliveryOutcome } from '../../storage/topic-delivery-store.js';
import type { TopicStore } from '../../storage/topic-store.js';
import {
  httpHeaders, httpNotification, lambdaEvent, messageFor, notificationEnvelope, snsTimestamp, sqsDelivery, subscriptionConfirmation, subscribeUrl, unsubscribeConfirmation,
  type SigningContext,
} from '../messages/index.js';
import { decodeDocument, type ConfirmationDocument, type NotificationDocument } from './delivery-document.js';
import type { EmailCapture } from './email-capture.js';
import { httpRetryDelay, mailRetryDelay, managedRetryDelay, type HttpRetryPolicy } from './retry-schedule.js';
import type { SigningKeys } from './signing-keys.js';
import type { TopicActivity } from './topic-activity.js';
import { clientError, DELIVERED, invokeFunction, postTo, sendToSqs, type SendResult, type TopicEndpoints } from './topic-endpoints.js';

export interface TopicDeliveryDeps extends TopicEndpoints {
  readonly store: TopicStore;
  readonly signing: SigningKeys;
  readonly capture: EmailCapture;
  readonly activity: TopicActivity;
  readonly clock: Clock;
}

/**
 * One attempt at a stored topic delivery, never throwing: delivered; failed and due again per its
 * protocol's schedule (§E.6); or — retries exhausted or a client error — sent to the subscription's
 * RedrivePolicy dead-letter queue with exactly what the endpoint would have received, else dropped with a
 * log line. A notification whose subscription is gone (unsubscribed, topic deleted) is dropped.
 */
export async function attemptTopicDelivery(deps: TopicDeliveryDeps, delivery: StoredTopicDelivery): Promise<TopicDeliveryOutcome> {
  const document = decodeDocument(delivery.document);
  const attempt = delivery.attempts + 1;
  const report = (outcome: 'delivered' | 'retry' | 'dead-lettered' | 'dropped', error?: string) => {
    const { arn, endpoint, messageId } =
      document.kind === 'notification'
        ? { arn: document.subscription.arn, endpoint: document.subscription.endpoint, messageId: document.message.messageId }
        : { arn: document.subscriptionArn, endpoint: document.endpoint, messageId: document.messageId };
    deps.activity.emit({
      type: 'delivery', topicArn: document.kind === 'notification' ? document.message.topicArn : document.topicArn, subscriptionArn: arn,
      protocol: delivery.protocol, endpoint, messageId, kind: document.kind, outcome, attempt, ...(error !== undefined && { error }),
    });
  };
  const subscription = document.kind === 'UnsubscribeConfirmation' ? undefined : await deps.store.getSubscription(delivery.subscription);
  if (document.kind !== 'UnsubscribeConfirmation' && (!subscription || (document.kind === 'SubscriptionConfirmation' && !subscription.pending))) {
    report('dropped', 'the subscription is gone or already confirmed');
    return { id: delivery.id, kind: 'dropped' };
  }
  const signing = await deps.signing.context(document.signatureVersion);
  let result: SendResult;
  try {
    result = document.kind === 'notification' ? await notify(deps, document, signing) : await confirm(deps, document, signing);
  } catch (error) {
    result = { ok: false, retryable: true, error: String(error) };
  }
  if (result.ok) {
    report('delivered');
    return { id: delivery.id, kind: 'delivered' };
  }
  const delay = result.retryable ? retryDelay(document, attempt) : undefined;
  if (delay !== undefined) {
    report('retry', result.error);
    return { id: delivery.id, kind: 'retry', attempts: attempt, dueAt: deps.clock.now() + delay, error: result.error };
  }
  const what = `${document.kind} ${document.kind === 'notification' ? document.message.messageId : document.messageId} to ${delivery.protocol} ${document.kind === 'notification' ? document.subscription.endpoint : document.endpoint}`;
  const deadLetter = document.kind === 'notification' ? document.subscription.deadLetterArn : undefined;
  if (deadLetter !== undefined) {
    const sent = await toDeadLetterQueue(deps, document as NotificationDocument, deadLetter, signing);
    if (sent.ok) {
      deps.logger.warn(`topics: ${what} failed after ${attempt} attempt(s) (${result.error}); sent to the dead-letter queue ${deadLetter}`);
      report('dead-lettered', result.error);
      return { id: delivery.id, kind: 'dead-lettered' };
    }
    deps.logger.error(`topics: ${what} failed (${result.error}) and its dead-letter queue ${deadLetter} refused it too (${sent.error}); dropped`);
  } else {
    deps.logger.warn(`topics: ${what} failed after ${attempt} attempt(s) (${result.error}); dropped (no RedrivePolicy)`);
  }
  report('dropped', result.error);
  return { id: delivery.id, kind: 'dropped' };
}

function retryDelay(document: NotificationDocument | ConfirmationDocument, attempt: number): number | undefined {
  const protocol = document.kind === 'notification' ? document.subscription.protocol : document.protocol;
  if (protocol === 'http' || protocol === 'https') {
    const policy = document.kind === 'notification' && document.subscription.deliveryPolicy !== undefined ? (JSON.parse(document.subscription.deliveryPolicy) as HttpRetryPolicy) : undefined;
    return httpRetryDelay(policy, attempt);
  }
  if (protocol === 'sqs' || protocol === 'lambda') return managedRetryDelay(attempt);
  return mailRetryDelay(attempt);
}

async function notify(deps: TopicDeliveryDeps, document: NotificationDocument, signing: SigningContext): Promise<SendResult> {
  const { message, subscription } = document;
  switch (subscription.protocol) {
    case 'sqs': {
      const copy = sqsDelivery(message, { ...subscription, fifoQueue: subscription.endpoint.endsWith('.fifo') }, signing);
      return copy.ok ? sendToSqs(deps, subscription.endpoint, copy.value) : clientError(copy.reason);
    }
    case 'lambda':
      return invokeFunction(deps, subscription.endpoint, JSON.stringify(lambdaEvent(message, subscription, signing)));
    case 'http':
    case 'https': {
      const { headers, body } = httpNotification(message, subscription, signing);
      return postTo(deps, subscription.endpoint, headers, body);
    }
    case 'email':
    case 'email-json':
    case 'sms': {
      const body = subscription.protocol === 'email-json' ? JSON.stringify(notificationEnvelope(message, subscription, signing)) : messageFor(message, subscription.protocol);
      await deps.capture.capture({
        protocol: subscription.protocol, topicArn: message.topicArn, subscriptionArn: subscription.arn, to: subscription.endpoint,
        ...(message.subject !== undefined && subscription.protocol !== 'sms' && { subject: message.subject }),
        body, messageId: message.messageId, timestamp: snsTimestamp(message.timestamp),
      });
      if (subscription.protocol === 'sms') deps.logger.info(`topics: SMS to ${subscription.endpoint} (not sent): ${body}`);
      return DELIVERED;
    }
    default:
      return clientError(`Eddy does not deliver to ${subscription.protocol} endpoints`);
  }
}

async function confirm(deps: TopicDeliveryDeps, document: ConfirmationDocument, signing: SigningContext): Promise<SendResult> {
  const facts = { messageId: document.messageId, topicArn: document.topicArn, token: document.token, timestamp: document.timestamp, subscriptionArn: document.subscriptionArn };
  const json = document.kind === 'SubscriptionConfirmation' ? subscriptionConfirmation(facts, signing) : unsubscribeConfirmation(facts, signing);
  if (document.protocol === 'http' || document.protocol === 'https') {
    const headers = httpHeaders({ messageType: document.kind, messageId: document.messageId, topicArn: document.topicArn, subscriptionArn: document.subscriptionArn });
    return postTo(deps, document.endpoint, headers, JSON.stringify(json));
  }
  // email / email-json: the confirmation is captured like any message, with its SubscribeURL to visit.
  const url = subscribeUrl(signing.baseUrl, document.topicArn, document.token);
  const body = document.protocol === 'email-json' ? JSON.stringify(json) : `${String(json['Message'])}\n\n${url}\n`;
  await deps.capture.capture({
    protocol: document.protocol === 'email-json' ? 'email-json' : 'email', topicArn: document.topicArn, subscriptionArn: document.subscriptionArn, to: document.endpoint,
    subject: 'AWS Notification - Subscription Confirmation', body, messageId: document.messageId, timestamp: snsTimestamp(document.timestamp),
  });
  return DELIVERED;
}

/**
 * The dead-lettered copy is what the endpoint would have received, nothing added (§E.6 [O]): the envelope,
 * or the raw body with the attributes as SQS attributes; FIFO copies keep their group and dedup ids. A
 * lambda subscription's copy is the envelope.
 */
async function toDeadLetterQueue(deps: TopicDeliveryDeps, document: NotificationDocument, queueArn: string, signing: SigningContext): Promise<SendResult> {
  const { subscription } = document;
  const raw = subscription.rawMessageDelivery && subscription.protocol !== 'lambda';
  const copy = sqsDelivery(document.message, { ...subscription, rawMessageDelivery: raw, fifoQueue: queueArn.endsWith('.fifo') }, signing);
  return copy.ok ? sendToSqs(deps, queueArn, copy.value) : clientError(copy.reason);
}
