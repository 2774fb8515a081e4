import type { Database } from 'better-sqlite3';
import { lazy, type LazyStatement } from './lazy-statement.js';
import type { StoredSubscription, StoredTopic, SubscriptionState, SubscriptionWrite, TopicStore, TopicWrite } from '../topic-store.js';
import type { SqliteQueueHost } from './sqlite-queue-store.js';
import { SqliteTopicDeliveries, type SqliteTopicQueueWrites } from './sqlite-topic-deliveries.js';
import { LIMIT } from './sql-limit.js';

interface TopicRow {
  name: string;
  fifo: number;
  attributes: string;
  tags: string;
  version: number;
  created_at: number;
  subscriptions_deleted: number;
}

interface SubscriptionRow {
  seq: number;
  id: string;
  topic: string;
  protocol: string;
  endpoint: string;
  owner: string;
  attributes: string;
  pending: number;
  token: string | null;
  token_expires_at: number | null;
  authenticated: number;
  created_at: number;
}

const TOPIC_COLUMNS = 'name, fifo, attributes, tags, version, created_at, subscriptions_deleted';
const SUBSCRIPTION_COLUMNS = 'seq, id, topic, protocol, endpoint, owner, attributes, pending, token, token_expires_at, authenticated, created_at';

const toTopic = (row: TopicRow): StoredTopic => ({
  name: row.name,
  fifo: row.fifo === 1,
  attributes: JSON.parse(row.attributes) as Record<string, string>,
  tags: JSON.parse(row.tags) as Record<string, string>,
  version: row.version,
  createdAt: row.created_at,
  subscriptionsDeleted: row.subscriptions_deleted,
});

const toSubscription = (row: SubscriptionRow): StoredSubscription => ({
  id: row.id,
  topic: row.topic,
  protocol: row.protocol,
  endpoint: row.endpoint,
  owner: row.owner,
  attributes: JSON.parse(row.attributes) as Record<string, string>,
  pending: row.pending === 1,
  ...(row.token !== null && { token: row.token }),
  ...(row.token_expires_at !== null && { tokenExpiresAt: row.token_expires_at }),
  ...(row.authenticated === 1 && { authenticated: true }),
  createdAt: row.created_at,
});

/**
 * TopicStore on the SQLite engine's connection: each write is a unit of the engine's group commit that
 * reads and decides before its first write, so it is atomic with respect to every other writer.
 */
export class SqliteTopicStore implements TopicStore {
  readonly deliveries: SqliteTopicDeliveries;
  readonly #host: SqliteQueueHost;
  readonly #getTopic: LazyStatement<[string], TopicRow>;
  readonly #listTopics: LazyStatement<[string, number], TopicRow>;
  readonly #insertTopic: LazyStatement<[string, number, string, string, number]>;
  readonly #updateTopic: LazyStatement<[number, string, string, string]>;
  readonly #bumpTopic: LazyStatement<[number, string]>;
  readonly #deleteTopic: LazyStatement<[string]>;
  readonly #deleteTopicSubscriptions: LazyStatement<[string]>;
  readonly #byId: LazyStatement<[string], SubscriptionRow>;
  readonly #byEndpoint: LazyStatement<[string, string, string], SubscriptionRow>;
  readonly #byToken: LazyStatement<[string], SubscriptionRow>;
  readonly #list: LazyStatement<[number, number], SubscriptionRow>;
  readonly #listOfTopic: LazyStatement<[string, number, number], SubscriptionRow>;
  readonly #count: LazyStatement<[string], { confirmed: number | null; pending: number | null }>;
  readonly #insert: LazyStatement<[string, string, string, string, string, string, number, string | null, number | null, number, number]>;
  readonly #update: LazyStatement<[string, string, number, string | null, number | null, number, string]>;
  readonly #delete: LazyStatement<[string]>;

  constructor(db: Database, host: SqliteQueueHost, queues: SqliteTopicQueueWrites) {
    this.#host = host;
    this.deliveries = new SqliteTopicDeliveries(db, host, queues);
    this.#getTopic = lazy(db, `SELECT ${TOPIC_COLUMNS} FROM topics WHERE name = ?`);
    this.#listTopics = lazy(db, `SELECT ${TOPIC_COLUMNS} FROM topics WHERE name > ? ORDER BY name ${LIMIT}`);
    this.#insertTopic = lazy(db, 'INSERT INTO topics (name, fifo, attributes, tags, version, created_at) VALUES (?, ?, ?, ?, 1, ?)');
    this.#updateTopic = lazy(db, 'UPDATE topics SET fifo = ?, attributes = ?, tags = ?, version = version + 1 WHERE name = ?');
    this.#bumpTopic = lazy(db, 'UPDATE topics SET version = version + 1, subscriptions_deleted = subscriptions_deleted + ? WHERE name = ?');
    this.#deleteTopic = lazy(db, 'DELETE FROM topics WHERE name = ?');
    this.#deleteTopicSubscriptions = lazy(db, 'DELETE FROM topic_subscriptions WHERE topic = ?');
    this.#byId = lazy(db, `SELECT ${SUBSCRIPTION_COLUMNS} FROM topic_subscriptions WHERE id = ?`);
    this.#byEndpoint = lazy(db, `SELECT ${SUBSCRIPTION_COLUMNS} FROM topic_subscriptions WHERE topic = ? AND protocol = ? AND endpoint = ?`);
    this.#byToken = lazy(db, `SELECT ${SUBSCRIPTION_COLUMNS} FROM topic_subscriptions WHERE token = ?`);
    this.#list = lazy(db, `SELECT ${SUBSCRIPTION_COLUMNS} FROM topic_subscriptions WHERE seq > ? ORDER BY seq ${LIMIT}`);
    this.#listOfTopic = lazy(db, `SELECT ${SUBSCRIPTION_COLUMNS} FROM topic_subscriptions WHERE topic = ? AND seq > ? ORDER BY seq ${LIMIT}`);
    this.#count = lazy(db, 'SELECT sum(pending = 0) AS confirmed, sum(pending = 1) AS pending FROM topic_subscriptions WHERE topic = ?');
    this.#insert = lazy(
      db,
      'INSERT INTO topic_subscriptions (id, topic, protocol, endpoint, owner, attributes, pending, token, token_expires_at, authenticated, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.#update = lazy(db, 'UPDATE topic_subscriptions SET owner = ?, attributes = ?, pending = ?, token = ?, token_expires_at = ?, authenticated = ? WHERE id = ?');
    this.#delete = lazy(db, 'DELETE FROM topic_subscriptions WHERE id = ?');
  }

  async getTopic(name: string): Promise<StoredTopic | undefined> {
    return this.#host.read(() => {
      const row = this.#getTopic.get(name);
      return row && toTopic(row);
    });
  }

  async listTopics(after: string | undefined, limit: number): Promise<StoredTopic[]> {
    return this.#host.read(() => this.#listTopics.all(after ?? '', limit).map(toTopic));
  }

  writeTopic<R>(write: TopicWrite<R>): Promise<R> {
    return this.#host.enqueue(() => {
      const row = this.#getTopic.get(write.name);
      const decided = write.decide(row && toTopic(row));
      const topic = decided.topic;
      if (topic === null) {
        if (row) {
          this.#deleteTopic.run(write.name);
          this.#deleteTopicSubscriptions.run(write.name);
        }
      } else if (topic !== undefined) {
        const [attributes, tags] = [JSON.stringify(topic.attributes), JSON.stringify(topic.tags)];
        if (row) this.#updateTopic.run(topic.fifo ? 1 : 0, attributes, tags, write.name);
        else this.#insertTopic.run(write.name, topic.fifo ? 1 : 0, attributes, tags, write.now);
      }
      return decided.result;
    });
  }

  async getSubscription(id: string): Promise<StoredSubscription | undefined> {
    return this.#host.read(() => {
      const row = this.#byId.get(id);
      return row && toSubscription(row);
    });
  }

  async listSubscriptions(query: { topic?: string; after?: number; limit: number }): Promise<{ subscription: StoredSubscription; position: number }[]> {
    return this.#host.read(() => {
      const rows = query.topic === undefined ? this.#list.all(query.after ?? 0, query.limit) : this.#listOfTopic.all(query.topic, query.after ?? 0, query.limit);
      return rows.map((row) => ({ subscription: toSubscription(row), position: row.seq }));
    });
  }

  async countSubscriptions(topic: string): Promise<{ confirmed: number; pending: number }> {
    return this.#host.read(() => {
      const row = this.#count.get(topic);
      return { confirmed: row?.confirmed ?? 0, pending: row?.pending ?? 0 };
    });
  }

  writeSubscription<R>(write: SubscriptionWrite<R>): Promise<R> {
    let added = false;
    const done = this.#host.enqueue(() => {
      const key = write.key;
      const row = 'id' in key ? this.#byId.get(key.id) : 'token' in key ? this.#byToken.get(key.token) : this.#byEndpoint.get(key.topic, key.protocol, key.endpoint);
      const topicName = row?.topic ?? ('topic' in key ? key.topic : undefined);
      const topicRow = topicName === undefined ? undefined : this.#getTopic.get(topicName);
      const decided = write.decide(row && toSubscription(row), topicRow && toTopic(topicRow));
      const next = decided.subscription;
      if (next === null) {
        if (row) {
          this.#delete.run(row.id);
          this.#bumpTopic.run(1, row.topic);
        }
      } else if (next !== undefined) {
        this.#put(row, next, write.now);
        this.#bumpTopic.run(0, next.topic);
      }
      if (decided.deliveries?.length) added = this.deliveries.addWithin(decided.deliveries);
      return decided.result;
    });
    return done.then((result) => {
      if (added) this.deliveries.committed();
      return result;
    });
  }

  #put(row: SubscriptionRow | undefined, s: SubscriptionState, now: number): void {
    const attributes = JSON.stringify(s.attributes);
    const [token, expires, authenticated] = [s.token ?? null, s.tokenExpiresAt ?? null, s.authenticated ? 1 : 0];
    if (row && row.id === s.id) this.#update.run(s.owner, attributes, s.pending ? 1 : 0, token, expires, authenticated, s.id);
    else this.#insert.run(s.id, s.topic, s.protocol, s.endpoint, s.owner, attributes, s.pending ? 1 : 0, token, expires, authenticated, now);
  }
}
