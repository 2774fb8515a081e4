import type { Database } from 'better-sqlite3';
import { lazy, type LazyStatement } from './lazy-statement.js';
import { StaleTopicError } from '../topic-delivery-store.js';
import type {
  AcceptedPublish,
  NewTopicDelivery,
  PublishOutcome,
  StoredSigningIdentityRow,
  StoredTopicDelivery,
  TopicDeliveryOutcome,
  TopicDeliveryStore,
} from '../topic-delivery-store.js';
import type { NewMessage } from '../queue-store.js';
import { BusWakeups } from './sqlite-bus-wakeups.js';
import type { SqliteQueueHost } from './sqlite-queue-store.js';
import { LIMIT } from './sql-limit.js';

/** What the topic deliveries use of the queue store: an sqs subscription's copy goes on its queue in the accepting unit. */
export interface SqliteTopicQueueWrites {
  versionOf(queueId: number): number | undefined;
  storeWithin(queueId: number, messages: readonly NewMessage[], now: number): unknown;
}

interface DeliveryRow {
  seq: number;
  id: string;
  topic: string;
  subscription: string;
  protocol: string;
  document: string;
  attempts: number;
  due_at: number;
  last_error: string | null;
  accepted_at: number;
}

const COLUMNS = 'seq, id, topic, subscription, protocol, document, attempts, due_at, last_error, accepted_at';

const toDelivery = (row: DeliveryRow): StoredTopicDelivery => ({
  id: row.id,
  topic: row.topic,
  subscription: row.subscription,
  protocol: row.protocol,
  document: row.document,
  dueAt: row.due_at,
  acceptedAt: row.accepted_at,
  attempts: row.attempts,
  ...(row.last_error !== null && { lastError: row.last_error }),
});

/** FIFO topics' sequence numbers: 20 digits, as SQS FIFO's (10^19 + a counter per topic). */
const formatSequence = (n: number): string => String(10n ** 19n + BigInt(n));

/**
 * TopicDeliveryStore on the SQLite engine's connection (migration 21). Every write is a unit of the
 * engine's group commit that checks before its first write; conditions (the topic's version, a lease's
 * owner, a deduplication row's window) are evaluated under the write lock, so another connection on the
 * same file sees the rows as committed.
 */
export class SqliteTopicDeliveries implements TopicDeliveryStore {
  readonly #host: SqliteQueueHost;
  readonly #queues: SqliteTopicQueueWrites;
  readonly #wakeups = new BusWakeups();
  readonly #topicVersion: LazyStatement<[string], { version: number; created_at: number }>;
  readonly #insert: LazyStatement<[string, string, string, string, string, number, number, number]>;
  readonly #dedup: LazyStatement<[string, string], { until: number; message_id: string; sequence: string | null }>;
  readonly #putDedup: LazyStatement<[string, string, number, string, string | null]>;
  readonly #sequence: LazyStatement<[string], { next: number }>;
  readonly #setSequence: LazyStatement<[string, number]>;
  readonly #claim: LazyStatement<[string, number, number, number], DeliveryRow>;
  readonly #remove: LazyStatement<[string, string]>;
  readonly #retry: LazyStatement<[number, number, number, string, string, string]>;
  readonly #nextDue: LazyStatement<[], { at: number | null }>;
  readonly #pending: LazyStatement<[number], DeliveryRow>;
  readonly #releaseAll: LazyStatement<[]>;
  readonly #renew: LazyStatement<[number, string, string]>;
  readonly #identity: LazyStatement<[], { private_key_pem: string; certificate_pem: string }>;
  readonly #putIdentity: LazyStatement<[string, string]>;

  constructor(db: Database, host: SqliteQueueHost, queues: SqliteTopicQueueWrites) {
    this.#host = host;
    this.#queues = queues;
    this.#topicVersion = lazy(db, 'SELECT version, created_at FROM topics WHERE name = ?');
    this.#insert = lazy(
      db,
      'INSERT INTO topic_deliveries (id, topic, subscription, protocol, document, due_at, claimable_at, accepted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.#dedup = lazy(db, 'SELECT until, message_id, sequence FROM topic_dedup WHERE topic = ? AND dedup_key = ?');
    this.#putDedup = lazy(db, 'INSERT OR REPLACE INTO topic_dedup (topic, dedup_key, until, message_id, sequence) VALUES (?, ?, ?, ?, ?)');
    // `next` holds the last sequence number given out on the topic.
    this.#sequence = lazy(db, 'SELECT next FROM topic_sequences WHERE topic = ?');
    this.#setSequence = lazy(db, 'INSERT INTO topic_sequences (topic, next) VALUES (?, ?) ON CONFLICT (topic) DO UPDATE SET next = excluded.next');
    this.#claim = lazy(
      db,
      `UPDATE topic_deliveries SET lease_owner = ?, claimable_at = ?
       WHERE seq IN (SELECT seq FROM topic_deliveries WHERE claimable_at <= ? ORDER BY claimable_at ${LIMIT})
       RETURNING ${COLUMNS}`,
    );
    this.#remove = lazy(db, 'DELETE FROM topic_deliveries WHERE id = ? AND lease_owner = ?');
    this.#retry = lazy(
      db,
      'UPDATE topic_deliveries SET attempts = ?, due_at = ?, claimable_at = ?, last_error = ?, lease_owner = NULL WHERE id = ? AND lease_owner = ?',
    );
    this.#nextDue = lazy(db, 'SELECT min(claimable_at) AS at FROM topic_deliveries');
    this.#pending = lazy(db, `SELECT ${COLUMNS} FROM topic_deliveries ORDER BY claimable_at, seq ${LIMIT}`);
    this.#releaseAll = lazy(db, 'UPDATE topic_deliveries SET lease_owner = NULL, claimable_at = due_at WHERE lease_owner IS NOT NULL');
    this.#renew = lazy(db, 'UPDATE topic_deliveries SET claimable_at = ? WHERE lease_owner = ? AND id IN (SELECT value FROM json_each(?))');
    this.#identity = lazy(db, 'SELECT private_key_pem, certificate_pem FROM sns_signing_identity WHERE id = 1');
    this.#putIdentity = lazy(db, 'INSERT OR IGNORE INTO sns_signing_identity (id, private_key_pem, certificate_pem) VALUES (1, ?, ?)');
  }

  acceptPublish(publish: AcceptedPublish): Promise<PublishOutcome[]> {
    return this.#write(() => {
      const { topic, now } = publish;
      const current = this.#topicVersion.get(topic);
      if (!current || current.version !== publish.expected.version || current.created_at !== publish.expected.createdAt) throw new StaleTopicError(topic);
      // Reads and builds first, writes after: what a build throws (a bug) leaves nothing written.
      let sequence = publish.fifo ? (this.#sequence.get(topic)?.next ?? 0) : 0;
      const firsts = new Map<string, PublishOutcome>(); // a dedup id seen earlier in this batch
      const planned = publish.messages.map((message) => {
        const key = message.dedupKey;
        if (key !== undefined) {
          const earlier = firsts.get(key);
          if (earlier) return { outcome: { ...earlier, duplicate: true as const, queuedTo: [] } };
          const seen = this.#dedup.get(topic, key);
          if (seen && seen.until > now) {
            return { outcome: { duplicate: true as const, messageId: seen.message_id, ...(seen.sequence !== null && { sequenceNumber: seen.sequence }), queuedTo: [] } };
          }
        }
        const sequenceNumber = publish.fifo ? formatSequence(++sequence) : undefined;
        const work = message.build(sequenceNumber);
        const outcome = { duplicate: false as const, messageId: message.messageId, ...(sequenceNumber !== undefined && { sequenceNumber }), queuedTo: [] as number[] };
        if (key !== undefined) firsts.set(key, outcome);
        return { outcome, work, message, sequenceNumber };
      });
      let added = false;
      for (const { outcome, work, message, sequenceNumber } of planned) {
        if (!work) continue;
        if (message.dedupKey !== undefined) this.#putDedup.run(topic, message.dedupKey, message.dedupUntil ?? now, message.messageId, sequenceNumber ?? null);
        for (const delivery of work.deliveries) this.#add(delivery);
        added ||= work.deliveries.length > 0;
        for (const { queueId, queueVersion, message: queueMessage, fallback } of work.queued) {
          if (this.#queues.versionOf(queueId) !== queueVersion) {
            this.#add(fallback);
            added = true;
            continue;
          }
          this.#queues.storeWithin(queueId, [queueMessage], now);
          outcome.queuedTo.push(queueId);
        }
      }
      if (publish.fifo && sequence > 0) this.#setSequence.run(topic, sequence);
      return [planned.map(({ outcome }) => outcome), added];
    });
  }

  addDeliveries(deliveries: readonly NewTopicDelivery[]): Promise<void> {
    return this.#write(() => {
      for (const delivery of deliveries) this.#add(delivery);
      return [undefined, deliveries.length > 0];
    });
  }

  claimDeliveries(owner: string, now: number, until: number, limit: number): Promise<StoredTopicDelivery[]> {
    if (limit <= 0) return Promise.resolve([]);
    // A lease, answered once committed (see SqliteSchedulerStore.claimExecutions); so are renewals.
    return this.#host.enqueueCommitted(() => {
      const rows = this.#claim.all(owner, until, now, limit);
      rows.sort((a, b) => a.due_at - b.due_at || a.seq - b.seq); // RETURNING has no order of its own
      return rows.map(toDelivery);
    });
  }

  renewDeliveryLeases(owner: string, ids: readonly string[], until: number): Promise<number> {
    if (ids.length === 0) return Promise.resolve(0);
    return this.#host.enqueueCommitted(() => this.#renew.run(until, owner, JSON.stringify(ids)).changes);
  }

  settleDeliveries(owner: string, outcomes: readonly TopicDeliveryOutcome[]): Promise<number> {
    return this.#write(() => {
      let applied = 0;
      let retried = false;
      for (const outcome of outcomes) {
        if (outcome.kind !== 'retry') {
          applied += this.#remove.run(outcome.id, owner).changes;
        } else {
          const changes = this.#retry.run(outcome.attempts, outcome.dueAt, outcome.dueAt, outcome.error, outcome.id, owner).changes;
          applied += changes;
          retried ||= changes > 0;
        }
      }
      return [applied, retried];
    });
  }

  async nextDeliveryDue(): Promise<number | undefined> {
    return this.#host.read(() => this.#nextDue.get()!.at ?? undefined);
  }

  async pendingDeliveries(limit: number): Promise<StoredTopicDelivery[]> {
    return this.#host.read(() => this.#pending.all(limit).map(toDelivery));
  }

  onDeliveries(listener: () => void): () => void {
    return this.#wakeups.add(listener);
  }

  releaseAllLeases(): Promise<number> {
    // A release lost with the power is made again by the next start: answered once committed (the start waits for no flush).
    return this.#write(() => {
      const released = this.#releaseAll.run().changes;
      return [released, released > 0];
    }, 'commit');
  }

  async signingIdentity(candidate: () => StoredSigningIdentityRow): Promise<StoredSigningIdentityRow> {
    const stored = this.#host.read(() => this.#identity.get());
    if (stored) return { privateKeyPem: stored.private_key_pem, certificatePem: stored.certificate_pem };
    const made = candidate(); // outside the unit: making a key takes a while
    return this.#host.enqueue(() => {
      this.#putIdentity.run(made.privateKeyPem, made.certificatePem); // another node's, stored first, wins
      const row = this.#identity.get()!;
      return { privateKeyPem: row.private_key_pem, certificatePem: row.certificate_pem };
    });
  }

  /** Inside another unit of this engine (a subscription's write): stores deliveries; call committed() once it has committed. */
  addWithin(deliveries: readonly NewTopicDelivery[]): boolean {
    for (const delivery of deliveries) this.#add(delivery);
    return deliveries.length > 0;
  }

  /** After a unit that called addWithin has committed: the runner hears of the deliveries. */
  committed(): void {
    this.#wakeups.afterCommit();
  }

  #add(delivery: NewTopicDelivery): void {
    const { id, topic, subscription, protocol, document, dueAt, acceptedAt } = delivery;
    this.#insert.run(id, topic, subscription, protocol, document, dueAt, dueAt, acceptedAt);
  }

  /** A unit that may make deliveries claimable: listeners hear of it once its group has committed. */
  #write<T>(work: () => [result: T, claimable: boolean], answer: 'flush' | 'commit' = 'flush'): Promise<T> {
    const done = answer === 'commit' ? this.#host.enqueueCommitted(work) : this.#host.enqueue(work);
    done.then(([, claimable]) => claimable && this.#wakeups.afterCommit(), () => {});
    return done.then(([result]) => result);
  }
}
