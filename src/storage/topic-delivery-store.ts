import type { NewMessage } from './queue-store.js';

/**
 * The delivery half of topics (SNS) in the storage contract (TopicStore.deliveries): what accepted
 * Publishes leave to do, the FIFO topics' deduplication window and sequence numbers, and Eddy's SNS
 * signing identity.
 *
 * Several Eddy nodes may share one database, so nothing here relies on one process:
 * - A Publish is accepted in one transaction (acceptPublish): its deduplication check, its sequence
 *   number, its delivery rows and the messages put straight on queues of this database. When it
 *   resolves, the Publish is durable.
 * - Deliveries are claimed with a lease (owner + expiry, kept in `claimable_at` as the bus does) and
 *   settled only by their lease holder, so a crashed node's deliveries are taken over once their leases
 *   expire, and a node that lost its lease changes nothing.
 * - The signing identity is created once: the first node to store one wins, every other reads it.
 *
 * Times are epoch milliseconds from the caller's clock; the store reads no clock of its own.
 */
export interface TopicDeliveryStore {
  /**
   * Accepts one Publish or PublishBatch in one transaction. Rejects with StaleTopicError (nothing
   * written) when the topic is not at `expected` (its subscriptions changed since the
   * caller matched them) or the topic is gone.
   */
  acceptPublish(publish: AcceptedPublish): Promise<PublishOutcome[]>;
  /** Stores deliveries made outside a Publish (confirmations), in one transaction. */
  addDeliveries(deliveries: readonly NewTopicDelivery[]): Promise<void>;
  /**
   * Leases up to `limit` deliveries due at `now` (unleased, or their lease expired) for `owner` until
   * `until`, oldest due first.
   */
  claimDeliveries(owner: string, now: number, until: number, limit: number): Promise<StoredTopicDelivery[]>;
  /**
   * By their lease holder: extends `owner`'s leases of these deliveries to `until` (attempts still running).
   * A lease `owner` no longer holds (settled, taken over, released) is left alone; returns how many were extended.
   */
  renewDeliveryLeases(owner: string, ids: readonly string[], until: number): Promise<number>;
  /** Applies outcomes of `owner`'s claimed deliveries in one transaction (others are skipped); returns how many applied. */
  settleDeliveries(owner: string, outcomes: readonly TopicDeliveryOutcome[]): Promise<number>;
  /** The earliest time claimDeliveries may return something (a due time, or a lease's expiry); undefined when none is pending. */
  nextDeliveryDue(): Promise<number | undefined>;
  /** Pending deliveries, in claim order, at most `limit` (status views and tests). */
  pendingDeliveries(limit: number): Promise<StoredTopicDelivery[]>;
  /** Calls `listener` after a commit that added deliveries or made some claimable again. Returns an unsubscribe function. */
  onDeliveries(listener: () => void): () => void;
  /** Ends every delivery lease (an engine of one process, at start: every lease is a previous run's). */
  releaseAllLeases(): Promise<number>;
  /** The stored signing identity, or — when none is stored yet — `candidate()` stored and returned (insert if absent). */
  signingIdentity(candidate: () => StoredSigningIdentityRow): Promise<StoredSigningIdentityRow>;
}

export interface StoredSigningIdentityRow {
  readonly privateKeyPem: string;
  readonly certificatePem: string;
}

/** acceptPublish found the topic gone or at another version: nothing was written; match again. */
export class StaleTopicError extends Error {
  constructor(readonly topic: string) {
    super(`topic ${topic} changed while a Publish was matched against its subscriptions`);
    this.name = 'StaleTopicError';
  }
}

export interface AcceptedPublish {
  readonly topic: string;
  /** The topic's version (and creation time, which tells a topic created again) the deliveries were matched at. */
  readonly expected: { readonly version: number; readonly createdAt: number };
  /** FIFO topics get a sequence number per message (not per duplicate). */
  readonly fifo: boolean;
  readonly now: number;
  readonly messages: readonly AcceptedMessage[];
}

export interface AcceptedMessage {
  readonly messageId: string;
  /** FIFO: the deduplication key as the domain scopes it (topic or group), and the end of its window. */
  readonly dedupKey?: string;
  readonly dedupUntil?: number;
  /**
   * Pure and synchronous, called inside the transaction unless the message is a duplicate: the work
   * the message leaves, given its sequence number (FIFO topics; 20 digits) — which goes into its documents.
   */
  build(sequenceNumber: string | undefined): MessageWork;
}

export interface MessageWork {
  readonly deliveries: readonly NewTopicDelivery[];
  /** Messages put on queues of this database in the accepting transaction. */
  readonly queued: readonly QueuedTopicDelivery[];
}

/**
 * A copy for an sqs subscription to a queue of this database, stored on the queue in the accepting
 * transaction. When the queue no longer exists or is at another version, `fallback` is stored as an
 * ordinary delivery instead (the runner then fails it, retries it or dead-letters it).
 */
export interface QueuedTopicDelivery {
  readonly queueId: number;
  readonly queueVersion: number;
  readonly message: NewMessage;
  readonly fallback: NewTopicDelivery;
}

export type PublishOutcome =
  | { readonly duplicate: false; readonly messageId: string; readonly sequenceNumber?: string; readonly queuedTo: readonly number[] }
  /** A FIFO duplicate inside the window: nothing delivered; the first message's id and sequence number. */
  | { readonly duplicate: true; readonly messageId: string; readonly sequenceNumber?: string; readonly queuedTo: readonly number[] };

export interface NewTopicDelivery {
  /** Unique, chosen by the caller. */
  readonly id: string;
  readonly topic: string;
  /** The subscription's id. */
  readonly subscription: string;
  readonly protocol: string;
  /** Everything the runner needs to make the attempt, domain-owned JSON. */
  readonly document: string;
  readonly dueAt: number;
  readonly acceptedAt: number;
}

export interface StoredTopicDelivery extends NewTopicDelivery {
  /** Attempts made so far. */
  readonly attempts: number;
  readonly lastError?: string;
}

/** `delivered`, `dead-lettered` and `dropped` remove the delivery; `retry` makes it due again. */
export type TopicDeliveryOutcome =
  | { readonly id: string; readonly kind: 'delivered' | 'dead-lettered' | 'dropped' }
  | { readonly id: string; readonly kind: 'retry'; readonly attempts: number; readonly dueAt: number; readonly error: string };
