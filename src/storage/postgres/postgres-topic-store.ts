import type { Pool, PoolClient } from 'pg';
import type { StoredSubscription, StoredTopic, SubscriptionKey, SubscriptionState, SubscriptionWrite, TopicStore, TopicWrite } from '../topic-store.js';
import { inTransaction, query } from './pg-pool.js';
import { PostgresTopicDeliveries, type PostgresTopicQueueWrites } from './postgres-topic-deliveries.js';
import type { PostgresNotifications } from './postgres-notifications.js';

interface TopicRow {
  name: string;
  fifo: boolean;
  attributes: string;
  tags: string;
  version: string;
  created_at: string;
  subscriptions_deleted: string;
}

interface SubscriptionRow {
  seq: string;
  id: string;
  topic: string;
  protocol: string;
  /** bytea (the UTF-8 of the endpoint, which may hold U+0000: migrations/topics.ts). */
  endpoint: Buffer;
  owner: string;
  attributes: string;
  pending: boolean;
  token: string | null;
  token_expires_at: string | null;
  authenticated: boolean;
  created_at: string;
}

const TOPIC_COLUMNS = 'name, fifo, attributes, tags, version, created_at, subscriptions_deleted';
const SUBSCRIPTION_COLUMNS = 'seq, id, topic, protocol, endpoint, owner, attributes, pending, token, token_expires_at, authenticated, created_at';

const toTopic = (row: TopicRow): StoredTopic => ({
  name: row.name,
  fifo: row.fifo,
  attributes: JSON.parse(row.attributes) as Record<string, string>,
  tags: JSON.parse(row.tags) as Record<string, string>,
  version: Number(row.version),
  createdAt: Number(row.created_at),
  subscriptionsDeleted: Number(row.subscriptions_deleted),
});

const toSubscription = (row: SubscriptionRow): StoredSubscription => ({
  id: row.id,
  topic: row.topic,
  protocol: row.protocol,
  endpoint: row.endpoint.toString('utf8'),
  owner: row.owner,
  attributes: JSON.parse(row.attributes) as Record<string, string>,
  pending: row.pending,
  ...(row.token !== null && { token: row.token }),
  ...(row.token_expires_at !== null && { tokenExpiresAt: Number(row.token_expires_at) }),
  ...(row.authenticated && { authenticated: true }),
  createdAt: Number(row.created_at),
});

/**
 * The first key of the advisory locks topic writes take ('topi' in ASCII; any fixed int4 would do): the
 * second is the hash of the topic's name. A hash collision only makes two topics' writes wait on each other.
 */
const TOPIC_LOCK_CLASS = 0x746f7069;

/**
 * TopicStore on PostgreSQL (migration 4, topics.ts). Every write to a topic or to one of its subscriptions
 * first takes a transaction-level advisory lock on the topic's name, then reads and decides: writes about
 * one topic — from any node — run one after the other, each deciding against the committed result of the
 * one before, including two first writes of a topic or of a (topic, protocol, endpoint) that does not
 * exist yet (no row to lock). Writes to the topic row (the version bump) also wait for Publishes holding
 * it (PostgresTopicDeliveries.acceptPublish).
 */
export class PostgresTopicStore implements TopicStore {
  readonly deliveries: PostgresTopicDeliveries;
  readonly #pool: Pool;

  constructor(pool: Pool, queues: PostgresTopicQueueWrites, notifications?: PostgresNotifications) {
    this.#pool = pool;
    this.deliveries = new PostgresTopicDeliveries(pool, queues, notifications);
  }

  async getTopic(name: string): Promise<StoredTopic | undefined> {
    const [row] = await query<TopicRow>(this.#pool, `SELECT ${TOPIC_COLUMNS} FROM topics WHERE name = $1`, [name]);
    return row && toTopic(row);
  }

  async listTopics(after: string | undefined, limit: number): Promise<StoredTopic[]> {
    const rows = await query<TopicRow>(this.#pool, `SELECT ${TOPIC_COLUMNS} FROM topics WHERE name > $1 ORDER BY name LIMIT $2`, [after ?? '', Math.max(0, limit)]);
    return rows.map(toTopic);
  }

  writeTopic<R>(write: TopicWrite<R>): Promise<R> {
    return inTransaction(this.#pool, async (client) => {
      await lockTopic(client, write.name);
      const [row] = await query<TopicRow>(client, `SELECT ${TOPIC_COLUMNS} FROM topics WHERE name = $1`, [write.name]);
      const decided = write.decide(row && toTopic(row));
      const topic = decided.topic;
      if (topic === null) {
        if (row) {
          await query(client, 'DELETE FROM topics WHERE name = $1', [write.name]);
          await query(client, 'DELETE FROM topic_subscriptions WHERE topic = $1', [write.name]);
        }
      } else if (topic !== undefined) {
        const [attributes, tags] = [JSON.stringify(topic.attributes), JSON.stringify(topic.tags)];
        if (row) {
          await query(client, 'UPDATE topics SET fifo = $1, attributes = $2, tags = $3, version = version + 1 WHERE name = $4', [topic.fifo, attributes, tags, write.name]);
        } else {
          await query(client, 'INSERT INTO topics (name, fifo, attributes, tags, version, created_at) VALUES ($1, $2, $3, $4, 1, $5)', [
            write.name,
            topic.fifo,
            attributes,
            tags,
            write.now,
          ]);
        }
      }
      return decided.result;
    });
  }

  async getSubscription(id: string): Promise<StoredSubscription | undefined> {
    const [row] = await query<SubscriptionRow>(this.#pool, `SELECT ${SUBSCRIPTION_COLUMNS} FROM topic_subscriptions WHERE id = $1`, [id]);
    return row && toSubscription(row);
  }

  /**
   * Positions are the rows' seq, taken from a sequence at insert: two subscriptions inserted by concurrent
   * transactions may commit in the other order, so a page read between the two commits can miss the one
   * with the smaller seq (ListSubscriptions is eventually consistent on AWS too).
   */
  async listSubscriptions(request: { topic?: string; after?: number; limit: number }): Promise<{ subscription: StoredSubscription; position: number }[]> {
    const rows =
      request.topic === undefined
        ? await query<SubscriptionRow>(this.#pool, `SELECT ${SUBSCRIPTION_COLUMNS} FROM topic_subscriptions WHERE seq > $1 ORDER BY seq LIMIT $2`, [
            request.after ?? 0,
            Math.max(0, request.limit),
          ])
        : await query<SubscriptionRow>(
            this.#pool,
            `SELECT ${SUBSCRIPTION_COLUMNS} FROM topic_subscriptions WHERE topic = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
            [request.topic, request.after ?? 0, Math.max(0, request.limit)],
          );
    return rows.map((row) => ({ subscription: toSubscription(row), position: Number(row.seq) }));
  }

  async countSubscriptions(topic: string): Promise<{ confirmed: number; pending: number }> {
    const [row] = await query<{ confirmed: string; pending: string }>(
      this.#pool,
      'SELECT count(*) FILTER (WHERE NOT pending) AS confirmed, count(*) FILTER (WHERE pending) AS pending FROM topic_subscriptions WHERE topic = $1',
      [topic],
    );
    return { confirmed: Number(row?.confirmed ?? 0), pending: Number(row?.pending ?? 0) };
  }

  async writeSubscription<R>(write: SubscriptionWrite<R>): Promise<R> {
    const [result, added] = await inTransaction(this.#pool, async (client) => {
      const locked = new Set<string>();
      for (;;) {
        const row = await lockAndRead(client, write.key, locked);
        const topicName = row?.topic ?? ('topic' in write.key ? write.key.topic : undefined);
        const [topicRow] = topicName === undefined ? [] : await query<TopicRow>(client, `SELECT ${TOPIC_COLUMNS} FROM topics WHERE name = $1`, [topicName]);
        const decided = write.decide(row && toSubscription(row), topicRow && toTopic(topicRow));
        const next = decided.subscription;
        if (next && !locked.has(next.topic)) {
          // A new subscription by id (no row yet) of a topic not locked: lock it and decide again under it.
          await lockTopic(client, next.topic, locked);
          continue;
        }
        if (next === null) {
          if (row) {
            await query(client, 'DELETE FROM topic_subscriptions WHERE id = $1', [row.id]);
            await bumpTopic(client, row.topic, 1);
          }
        } else if (next !== undefined) {
          await put(client, row, next, write.now);
          await bumpTopic(client, next.topic, 0);
        }
        const added = decided.deliveries?.length ? await this.deliveries.addWithin(client, decided.deliveries) : false;
        return [decided.result, added] as const;
      }
    });
    if (added) this.deliveries.committed();
    return result;
  }
}

/** Takes the topic's advisory lock for the rest of the transaction (once: `locked` says which are held). */
async function lockTopic(client: PoolClient, name: string, locked?: Set<string>): Promise<void> {
  if (locked?.has(name)) return;
  await query(client, 'SELECT pg_advisory_xact_lock($1, hashtext($2))', [TOPIC_LOCK_CLASS, name]);
  locked?.add(name);
}

/**
 * Locks the topic the key is about and reads the subscription. A key by id or token names no topic: the
 * row is read first to learn it, then read again under the topic's lock (it may have changed meanwhile; a
 * subscription never changes topic, but it may have been deleted and its token or id reused elsewhere).
 */
async function lockAndRead(client: PoolClient, key: SubscriptionKey, locked: Set<string>): Promise<SubscriptionRow | undefined> {
  if ('topic' in key) {
    await lockTopic(client, key.topic, locked);
    return (await read(client, key))[0];
  }
  for (;;) {
    const [row] = await read(client, key);
    if (row === undefined || locked.has(row.topic)) return row;
    await lockTopic(client, row.topic, locked);
  }
}

function read(client: PoolClient, key: SubscriptionKey): Promise<SubscriptionRow[]> {
  if ('id' in key) return query<SubscriptionRow>(client, `SELECT ${SUBSCRIPTION_COLUMNS} FROM topic_subscriptions WHERE id = $1`, [key.id]);
  if ('token' in key) return query<SubscriptionRow>(client, `SELECT ${SUBSCRIPTION_COLUMNS} FROM topic_subscriptions WHERE token = $1 ORDER BY seq LIMIT 1`, [key.token]);
  return query<SubscriptionRow>(client, `SELECT ${SUBSCRIPTION_COLUMNS} FROM topic_subscriptions WHERE topic = $1 AND protocol = $2 AND endpoint = $3`, [
    key.topic,
    key.protocol,
    Buffer.from(key.endpoint, 'utf8'),
  ]);
}

function bumpTopic(client: PoolClient, name: string, deleted: number): Promise<unknown> {
  return query(client, 'UPDATE topics SET version = version + 1, subscriptions_deleted = subscriptions_deleted + $1 WHERE name = $2', [deleted, name]);
}

function put(client: PoolClient, row: SubscriptionRow | undefined, s: SubscriptionState, now: number): Promise<unknown> {
  const attributes = JSON.stringify(s.attributes);
  const [token, expires, authenticated] = [s.token ?? null, s.tokenExpiresAt ?? null, s.authenticated === true];
  if (row && row.id === s.id) {
    return query(client, 'UPDATE topic_subscriptions SET owner = $1, attributes = $2, pending = $3, token = $4, token_expires_at = $5, authenticated = $6 WHERE id = $7', [
      s.owner,
      attributes,
      s.pending,
      token,
      expires,
      authenticated,
      s.id,
    ]);
  }
  return query(
    client,
    `INSERT INTO topic_subscriptions (id, topic, protocol, endpoint, owner, attributes, pending, token, token_expires_at, authenticated, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [s.id, s.topic, s.protocol, Buffer.from(s.endpoint, 'utf8'), s.owner, attributes, s.pending, token, expires, authenticated, now],
  );
}
