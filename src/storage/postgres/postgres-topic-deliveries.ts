import type { Pool, PoolClient } from 'pg';
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
import { BusWakeups } from '../sqlite/sqlite-bus-wakeups.js';
import { inTransaction, query, type PgQueryable } from './pg-pool.js';
import type { PostgresNotifications } from './postgres-notifications.js';

/**
 * What the topic deliveries use of the queue store: an sqs subscription's copy goes on its queue in the
 * accepting transaction (`client` is that transaction's connection). SQLite's counterpart is
 * SqliteTopicQueueWrites.
 */
export interface PostgresTopicQueueWrites {
  /** The queue's version (QueueRecord.version) as this transaction sees it, undefined when it does not exist. */
  versionOf(client: PoolClient, queueId: number): Promise<number | undefined>;
  storeWithin(client: PoolClient, queueId: number, messages: readonly NewMessage[], now: number): Promise<unknown>;
}

/**
 * An engine with no queues in its database (there is no PostgresQueueStore yet): no queue exists, so every
 * sqs copy is stored as its fallback delivery, as the contract says for a queue that no longer exists.
 */
export const NO_POSTGRES_QUEUES: PostgresTopicQueueWrites = {
  versionOf: async () => undefined,
  storeWithin: async () => {
    throw new Error('no queue store on this PostgreSQL engine');
  },
};

/** The channel a commit that made deliveries claimable notifies (other nodes' runners LISTEN: onDeliveries). */
export const TOPIC_DELIVERIES_CHANNEL = 'eddy_topic_deliveries';

interface DeliveryRow {
  seq: string;
  id: string;
  topic: string;
  subscription: string;
  protocol: string;
  document: string;
  attempts: number;
  due_at: string;
  /** bytea: an error's text may hold U+0000 (migrations/topics.ts). */
  last_error: Buffer | null;
  accepted_at: string;
}

const COLUMNS = 'seq, id, topic, subscription, protocol, document, attempts, due_at, last_error, accepted_at';

const toDelivery = (row: DeliveryRow): StoredTopicDelivery => ({
  id: row.id,
  topic: row.topic,
  subscription: row.subscription,
  protocol: row.protocol,
  document: row.document,
  dueAt: Number(row.due_at),
  acceptedAt: Number(row.accepted_at),
  attempts: row.attempts,
  ...(row.last_error !== null && { lastError: row.last_error.toString('utf8') }),
});

/** FIFO topics' sequence numbers: 20 digits, as SQS FIFO's (10^19 + a counter per topic). */
const formatSequence = (n: number): string => String(10n ** 19n + BigInt(n));

/**
 * TopicDeliveryStore on PostgreSQL (migration 4, topics.ts). Several nodes share the rows:
 * - acceptPublish locks the topic's row (FOR SHARE; FOR UPDATE on a FIFO topic, whose sequence numbers and
 *   deduplication window must be decided one Publish at a time) and checks its version under that lock: a
 *   subscription write, which bumps the version with an UPDATE of that row, waits for the Publish or the
 *   Publish for it, so a Publish never lands after a change of the subscriptions it was matched against.
 * - claims are one `UPDATE … FROM (SELECT … FOR UPDATE SKIP LOCKED)`: two nodes claiming at once take
 *   different rows, and a row whose lease expired (claimable_at ≤ now) is taken over by the next claim.
 *   Lease times are the caller's clock (`now`, `until`), as the contract passes them.
 * - settling checks the lease owner in the same statement, so a node that lost its lease changes nothing.
 */
export class PostgresTopicDeliveries implements TopicDeliveryStore {
  readonly #pool: Pool;
  readonly #queues: PostgresTopicQueueWrites;
  readonly #wakeups = new BusWakeups();
  readonly #notifications: PostgresNotifications | undefined;

  /** `notifications`: the engine's LISTEN connection, through which onDeliveries listeners hear other nodes' commits. */
  constructor(pool: Pool, queues: PostgresTopicQueueWrites, notifications?: PostgresNotifications) {
    this.#pool = pool;
    this.#queues = queues;
    this.#notifications = notifications;
  }

  acceptPublish(publish: AcceptedPublish): Promise<PublishOutcome[]> {
    return this.#write(async (client) => {
      const { topic, now } = publish;
      const lock = publish.fifo ? 'FOR UPDATE' : 'FOR SHARE';
      const [current] = await query<{ version: string; created_at: string }>(client, `SELECT version, created_at FROM topics WHERE name = $1 ${lock}`, [topic]);
      if (!current || Number(current.version) !== publish.expected.version || Number(current.created_at) !== publish.expected.createdAt) {
        throw new StaleTopicError(topic);
      }
      // Reads and builds first, writes after: what a build throws (a bug) leaves nothing written.
      let sequence = 0;
      if (publish.fifo) {
        const [row] = await query<{ next: string }>(client, 'SELECT next FROM topic_sequences WHERE topic = $1', [topic]);
        sequence = row ? Number(row.next) : 0;
      }
      const keys = [...new Set(publish.messages.flatMap((m) => (m.dedupKey === undefined ? [] : [m.dedupKey])))];
      const windows = new Map<string, { until: number; messageId: string; sequence: string | null }>();
      if (keys.length > 0) {
        // Keys are bytea: a group-scoped key holds U+0000 (migrations/topics.ts).
        const rows = await query<{ dedup_key: Buffer; until: string; message_id: string; sequence: string | null }>(
          client,
          'SELECT dedup_key, until, message_id, sequence FROM topic_dedup WHERE topic = $1 AND dedup_key = ANY($2::bytea[])',
          [topic, keys.map((key) => Buffer.from(key, 'utf8'))],
        );
        for (const row of rows) windows.set(row.dedup_key.toString('utf8'), { until: Number(row.until), messageId: row.message_id, sequence: row.sequence });
      }
      const firsts = new Map<string, PublishOutcome>(); // a dedup id seen earlier in this batch
      const planned = publish.messages.map((message) => {
        const key = message.dedupKey;
        if (key !== undefined) {
          const earlier = firsts.get(key);
          if (earlier) return { outcome: { ...earlier, duplicate: true as const, queuedTo: [] } };
          const seen = windows.get(key);
          if (seen && seen.until > now) {
            return { outcome: { duplicate: true as const, messageId: seen.messageId, ...(seen.sequence !== null && { sequenceNumber: seen.sequence }), queuedTo: [] } };
          }
        }
        const sequenceNumber = publish.fifo ? formatSequence(++sequence) : undefined;
        const work = message.build(sequenceNumber);
        const outcome = { duplicate: false as const, messageId: message.messageId, ...(sequenceNumber !== undefined && { sequenceNumber }), queuedTo: [] as number[] };
        if (key !== undefined) firsts.set(key, outcome);
        return { outcome, work, message, sequenceNumber };
      });
      const deliveries: NewTopicDelivery[] = [];
      for (const { outcome, work, message, sequenceNumber } of planned) {
        if (!work) continue;
        if (message.dedupKey !== undefined) {
          await query(
            client,
            `INSERT INTO topic_dedup (topic, dedup_key, until, message_id, sequence) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (topic, dedup_key) DO UPDATE SET until = excluded.until, message_id = excluded.message_id, sequence = excluded.sequence`,
            [topic, Buffer.from(message.dedupKey, 'utf8'), message.dedupUntil ?? now, message.messageId, sequenceNumber ?? null],
          );
        }
        deliveries.push(...work.deliveries);
        for (const { queueId, queueVersion, message: queueMessage, fallback } of work.queued) {
          if ((await this.#queues.versionOf(client, queueId)) !== queueVersion) {
            deliveries.push(fallback);
            continue;
          }
          await this.#queues.storeWithin(client, queueId, [queueMessage], now);
          outcome.queuedTo.push(queueId);
        }
      }
      await this.addWithin(client, deliveries);
      if (publish.fifo && sequence > 0) {
        await query(client, 'INSERT INTO topic_sequences (topic, next) VALUES ($1, $2) ON CONFLICT (topic) DO UPDATE SET next = excluded.next', [topic, sequence]);
      }
      return [planned.map(({ outcome }) => outcome), deliveries.length > 0];
    });
  }

  addDeliveries(deliveries: readonly NewTopicDelivery[]): Promise<void> {
    return this.#write(async (client) => [undefined, await this.addWithin(client, deliveries)]);
  }

  async claimDeliveries(owner: string, now: number, until: number, limit: number): Promise<StoredTopicDelivery[]> {
    if (limit <= 0) return [];
    // One statement: the subquery's row locks are held until it commits, and rows another claim holds
    // are skipped rather than waited for (it will have moved their claimable_at past now).
    const rows = await query<DeliveryRow>(
      this.#pool,
      `UPDATE topic_deliveries AS d SET lease_owner = $1, claimable_at = $2
       FROM (SELECT seq FROM topic_deliveries WHERE claimable_at <= $3 ORDER BY claimable_at, seq LIMIT $4 FOR UPDATE SKIP LOCKED) AS picked
       WHERE d.seq = picked.seq
       RETURNING ${COLUMNS.split(', ').map((c) => `d.${c}`).join(', ')}`,
      [owner, until, now, limit],
    );
    rows.sort((a, b) => Number(a.due_at) - Number(b.due_at) || Number(a.seq) - Number(b.seq)); // RETURNING has no order of its own
    return rows.map(toDelivery);
  }

  async renewDeliveryLeases(owner: string, ids: readonly string[], until: number): Promise<number> {
    if (ids.length === 0) return 0;
    return (await query(this.#pool, 'UPDATE topic_deliveries SET claimable_at = $3 WHERE lease_owner = $1 AND id = ANY($2::text[]) RETURNING seq', [owner, ids, until])).length;
  }

  settleDeliveries(owner: string, outcomes: readonly TopicDeliveryOutcome[]): Promise<number> {
    if (outcomes.length === 0) return Promise.resolve(0);
    return this.#write(async (client) => {
      let applied = 0;
      let retried = false;
      for (const outcome of outcomes) {
        if (outcome.kind !== 'retry') {
          applied += (await query(client, 'DELETE FROM topic_deliveries WHERE id = $1 AND lease_owner = $2 RETURNING seq', [outcome.id, owner])).length;
        } else {
          const changed = await query(
            client,
            `UPDATE topic_deliveries SET attempts = $1, due_at = $2, claimable_at = $2, last_error = $3, lease_owner = NULL
             WHERE id = $4 AND lease_owner = $5 RETURNING seq`,
            [outcome.attempts, outcome.dueAt, Buffer.from(outcome.error, 'utf8'), outcome.id, owner],
          );
          applied += changed.length;
          retried ||= changed.length > 0;
        }
      }
      return [applied, retried];
    });
  }

  async nextDeliveryDue(): Promise<number | undefined> {
    const [row] = await query<{ at: string | null }>(this.#pool, 'SELECT min(claimable_at) AS at FROM topic_deliveries');
    return row?.at == null ? undefined : Number(row.at);
  }

  async pendingDeliveries(limit: number): Promise<StoredTopicDelivery[]> {
    const rows = await query<DeliveryRow>(this.#pool, `SELECT ${COLUMNS} FROM topic_deliveries ORDER BY claimable_at, seq LIMIT $1`, [Math.max(0, limit)]);
    return rows.map(toDelivery);
  }

  /** Also for other nodes' commits, and whenever a LISTEN takes effect (a notification sent before is lost). */
  onDeliveries(listener: () => void): () => void {
    const local = this.#wakeups.add(listener);
    const entry = () => listener();
    const remote = this.#notifications?.subscribe(TOPIC_DELIVERIES_CHANNEL, entry, entry);
    return () => {
      local();
      remote?.();
    };
  }

  /** As the contract says: every lease. An engine shared by several nodes must not call it (capabilities.sharedAcrossProcesses). */
  releaseAllLeases(): Promise<number> {
    return this.#write(async (client) => {
      const released = (await query(client, 'UPDATE topic_deliveries SET lease_owner = NULL, claimable_at = due_at WHERE lease_owner IS NOT NULL RETURNING seq')).length;
      return [released, released > 0];
    });
  }

  async signingIdentity(candidate: () => StoredSigningIdentityRow): Promise<StoredSigningIdentityRow> {
    const read = async (): Promise<StoredSigningIdentityRow | undefined> => {
      const [row] = await query<{ private_key_pem: string; certificate_pem: string }>(this.#pool, 'SELECT private_key_pem, certificate_pem FROM sns_signing_identity WHERE id = 1');
      return row && { privateKeyPem: row.private_key_pem, certificatePem: row.certificate_pem };
    };
    const stored = await read();
    if (stored) return stored;
    const made = candidate(); // outside any transaction: making a key takes a while
    // Another node's, stored first, wins: the insert does nothing and the read answers theirs.
    await query(this.#pool, 'INSERT INTO sns_signing_identity (id, private_key_pem, certificate_pem) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING', [
      made.privateKeyPem,
      made.certificatePem,
    ]);
    return (await read())!;
  }

  /**
   * Inside another transaction (a subscription's write, a Publish): stores deliveries in order, and has its
   * commit notify other nodes. Answers whether it stored any; call committed() once that transaction has committed.
   */
  async addWithin(client: PgQueryable, deliveries: readonly NewTopicDelivery[]): Promise<boolean> {
    if (deliveries.length === 0) return false;
    const column = <K extends keyof NewTopicDelivery>(key: K) => deliveries.map((d) => d[key]);
    await query(
      client,
      `INSERT INTO topic_deliveries (id, topic, subscription, protocol, document, due_at, claimable_at, accepted_at)
       SELECT id, topic, subscription, protocol, document, due_at, due_at, accepted_at
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[])
         WITH ORDINALITY AS d (id, topic, subscription, protocol, document, due_at, accepted_at, n)
       ORDER BY n`,
      [column('id'), column('topic'), column('subscription'), column('protocol'), column('document'), column('dueAt'), column('acceptedAt')],
    );
    await this.#notify(client);
    return true;
  }

  /** After a transaction that called addWithin has committed: this node's runner hears of the deliveries. */
  committed(): void {
    this.#wakeups.afterCommit();
  }

  /** Delivered to other nodes when the transaction commits; tagged, as this node's listeners hear of it from committed(). */
  async #notify(client: PgQueryable): Promise<void> {
    await query(client, 'SELECT pg_notify($1, $2)', [TOPIC_DELIVERIES_CHANNEL, this.#notifications?.tag('') ?? '']);
  }

  /** A transaction that may make deliveries claimable: listeners hear of it once it has committed. */
  async #write<T>(work: (client: PoolClient) => Promise<[result: T, claimable: boolean]>): Promise<T> {
    const [result, claimable] = await inTransaction(this.#pool, async (client) => {
      const done = await work(client);
      if (done[1]) await this.#notify(client); // one notification per transaction: PostgreSQL folds repeats
      return done;
    });
    if (claimable) this.committed();
    return result;
  }
}
