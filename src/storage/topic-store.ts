import type { NewTopicDelivery, TopicDeliveryStore } from './topic-delivery-store.js';

/**
 * The topics (SNS) half of the storage contract (StorageEngine.topics): topics with their attributes and
 * tags, and their subscriptions with confirmation tokens.
 *
 * Several Eddy nodes may share one database, so every change is a read-decide-write in one transaction
 * (`decide` runs inside it and may throw: nothing is written), and no state lives in one process. A
 * topic's `version` grows with every write to it or to its subscriptions, so a node caching a topic's
 * fan-out (the delivery side) can tell its copy is stale. (topic, protocol, endpoint) is unique, so two
 * nodes subscribing the same endpoint at once get one subscription.
 *
 * Times are epoch milliseconds from the caller's clock; the store reads no clock of its own.
 */
export interface TopicStore {
  /** What accepted Publishes leave to do: deliveries, FIFO deduplication and sequence numbers, the signing identity. */
  readonly deliveries: TopicDeliveryStore;
  getTopic(name: string): Promise<StoredTopic | undefined>;
  /** Topics by name (byte-wise) after `after`, at most `limit`. */
  listTopics(after: string | undefined, limit: number): Promise<StoredTopic[]>;
  /** Creates, changes or deletes one topic as `decide` says; deleting it deletes its subscriptions. */
  writeTopic<R>(write: TopicWrite<R>): Promise<R>;
  getSubscription(id: string): Promise<StoredSubscription | undefined>;
  /** Subscriptions (of one topic, or all) in creation order after the `after` position, at most `limit`; each with its position. */
  listSubscriptions(query: { topic?: string; after?: number; limit: number }): Promise<{ subscription: StoredSubscription; position: number }[]>;
  /** Confirmed and pending subscriptions of a topic. */
  countSubscriptions(topic: string): Promise<{ confirmed: number; pending: number }>;
  /** Creates, changes or deletes one subscription as `decide` says (see SubscriptionWrite). */
  writeSubscription<R>(write: SubscriptionWrite<R>): Promise<R>;
}

export interface TopicState {
  readonly fifo: boolean;
  /** Stored attributes (the settable ones, as normalised by the domain). */
  readonly attributes: Readonly<Record<string, string>>;
  readonly tags: Readonly<Record<string, string>>;
}

export interface StoredTopic extends TopicState {
  readonly name: string;
  /** Grows with every write to the topic or its subscriptions. */
  readonly version: number;
  readonly createdAt: number;
  /** Subscriptions removed by Unsubscribe (GetTopicAttributes' SubscriptionsDeleted). */
  readonly subscriptionsDeleted: number;
}

export interface TopicWrite<R> {
  readonly name: string;
  readonly now: number;
  /** Pure and synchronous. `topic` undefined writes nothing; null deletes the topic and its subscriptions. */
  decide(current: StoredTopic | undefined): { topic?: TopicState | null; result: R };
}

export interface SubscriptionState {
  readonly id: string;
  readonly topic: string;
  readonly protocol: string;
  readonly endpoint: string;
  readonly owner: string;
  /** Stored attributes (the settable ones, normalised by the domain). */
  readonly attributes: Readonly<Record<string, string>>;
  readonly pending: boolean;
  /** The confirmation token of a pending subscription, and when it stops being accepted. */
  readonly token?: string;
  readonly tokenExpiresAt?: number;
  /** ConfirmSubscription's AuthenticateOnUnsubscribe=true. */
  readonly authenticated?: boolean;
}

export interface StoredSubscription extends SubscriptionState {
  readonly createdAt: number;
}

/** Which subscription a write is about: by id, by (topic, protocol, endpoint), or by its confirmation token. */
export type SubscriptionKey =
  | { readonly id: string }
  | { readonly topic: string; readonly protocol: string; readonly endpoint: string }
  | { readonly token: string };

export interface SubscriptionWrite<R> {
  readonly key: SubscriptionKey;
  readonly now: number;
  /**
   * Pure and synchronous; `topic` is the subscription's topic (for a key with a topic, that one),
   * undefined when it does not exist. `subscription` undefined writes nothing; null deletes it (counted
   * in the topic's subscriptionsDeleted); a state inserts or replaces it. `deliveries` are stored in the
   * same transaction (a new subscription's SubscriptionConfirmation: durable with the subscription).
   */
  decide(
    current: StoredSubscription | undefined,
    topic: StoredTopic | undefined,
  ): { subscription?: SubscriptionState | null; deliveries?: readonly NewTopicDelivery[]; result: R };
}
