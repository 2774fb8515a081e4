import type { Deployment } from '../shared/arns.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { NewTopicDelivery } from '../storage/topic-delivery-store.js';
import type { TopicStore } from '../storage/topic-store.js';

/** A subscription waiting for its confirmation (http/s, email, email-json, cross-account sqs/lambda). */
export interface PendingSubscription {
  readonly topicArn: string;
  readonly subscriptionArn: string;
  readonly protocol: string;
  readonly endpoint: string;
  readonly token: string;
}

/**
 * Seams for what happens beside a control-plane change: the delivery side sends the
 * SubscriptionConfirmation (http/s) or captures it (email), and drops cached fan-outs. Each is called
 * after the change committed; none may throw.
 */
export interface TopicsHooks {
  /**
   * The delivery that sends (http/s) or captures (email) a new pending subscription's confirmation,
   * stored in the transaction that creates the subscription, so the two are durable together. Called
   * before that transaction; must not throw.
   */
  confirmation?(pending: PendingSubscription): NewTopicDelivery | undefined;
  subscriptionPending?(pending: PendingSubscription): void;
  unsubscribed?(subscription: { topicArn: string; subscriptionArn: string; protocol: string; endpoint: string }): void;
  /** Anything about a topic or its subscriptions changed (its stored version grew). */
  topicChanged?(topicName: string): void;
}

/**
 * What the topics operations need. Publish and PublishBatch join as operations over the same context
 * (their delivery side adds its outbox to the store).
 */
export interface TopicsContext {
  readonly store: TopicStore;
  readonly clock: Clock;
  readonly deployment: Deployment;
  readonly logger: Logger;
  readonly hooks?: TopicsHooks;
}
