import type { Pool, PoolClient } from 'pg';
import type {
  BrowsedMessage,
  MoveRequest,
  NewMessage,
  NewQueue,
  QueueRecord,
  QueueStats,
  QueueStore,
  ReceiptOutcome,
  ReceiveOutcome,
  ReceiveRequest,
  SendOutcome,
  StoredMoveTask,
} from '../queue-store.js';
import { MissingQueueError } from '../queue-store.js';
import { inTransaction, query, type PgQueryable } from './pg-pool.js';
import type { PostgresNotifications } from './postgres-notifications.js';
import { moveMessages, queueExists, receiveMessages, storeMessages } from './postgres-queue-messages.js';
import type { PostgresTopicQueueWrites } from './postgres-topic-deliveries.js';

interface QueueRow {
  id: string;
  name: string;
  fifo: boolean;
  attributes: string;
  tags: string;
  created_at: string;
  modified_at: string;
  version: string;
}

const QUEUE = 'id, name, fifo, attributes, tags, created_at, modified_at, version';

function toQueue<A>(row: QueueRow): QueueRecord<A> {
  return {
    id: Number(row.id),
    name: row.name,
    fifo: row.fifo,
    attributes: JSON.parse(row.attributes) as A,
    tags: JSON.parse(row.tags) as Record<string, string>,
    createdAt: Number(row.created_at),
    modifiedAt: Number(row.modified_at),
    version: Number(row.version),
  };
}

/** The channel of commits that may have made messages receivable; the payload is the queue's id ('' for any). */
export const QUEUE_MESSAGES_CHANNEL = 'eddy_queue_messages';

/** The fields of a move task kept as JSON (the rest are columns), as on SQLite. */
type TaskDetails = Omit<StoredMoveTask, 'taskHandle' | 'sourceQueueId' | 'startedAt' | 'status' | 'moved'>;
/** How many tasks a source queue keeps, as ListMessageMoveTasks shows at most 10. */
const KEPT_PER_QUEUE = 10;

/**
 * QueueStore on PostgreSQL (migration 7, migrations/queues.ts). Every operation is one transaction
 * (inTransaction: conflicts retried); a message operation first checks its queue's row (MissingQueueError
 * when gone), and sends and moves take the queue's row FOR NO KEY UPDATE to allocate sequences, so sequences and
 * deduplication of one queue serialise across nodes. Receives: postgres-queue-messages.ts.
 * It is also the PostgresTopicQueueWrites of the topic deliveries (sqs copies in the publishing transaction).
 */
export class PostgresQueueStore implements QueueStore, PostgresTopicQueueWrites {
  readonly #pool: Pool;
  readonly #notifications: PostgresNotifications | undefined;

  /** `notifications`: the engine's LISTEN connection; without one, other nodes' writes wake nobody here (onMessages). */
  constructor(pool: Pool, notifications?: PostgresNotifications) {
    this.#pool = pool;
    this.#notifications = notifications;
  }

  /** QueueStore.onMessages: other nodes' commits, as they NOTIFY QUEUE_MESSAGES_CHANNEL with the queue's id. */
  onMessages(listener: (queueId: number | undefined) => void): () => void {
    if (!this.#notifications) return () => {};
    return this.#notifications.subscribe(
      QUEUE_MESSAGES_CHANNEL,
      (payload) => listener(/^\d+$/.test(payload) ? Number(payload) : undefined),
      () => listener(undefined),
    );
  }

  async create<A>(queue: NewQueue<A>): Promise<{ queue: QueueRecord<A>; created: boolean }> {
    const { name, fifo, attributes, tags, now } = queue;
    const [inserted] = await query<QueueRow>(
      this.#pool,
      `INSERT INTO queues (name, fifo, attributes, tags, created_at, modified_at) VALUES ($1, $2, $3, $4, $5, $5)
       ON CONFLICT (name) DO NOTHING RETURNING ${QUEUE}`,
      [name, fifo, JSON.stringify(attributes), JSON.stringify(tags), now],
    );
    if (inserted) return { queue: toQueue<A>(inserted), created: true };
    const existing = await this.get<A>(name);
    return { queue: existing!, created: false };
  }

  async get<A>(name: string): Promise<QueueRecord<A> | undefined> {
    const [row] = await query<QueueRow>(this.#pool, `SELECT ${QUEUE} FROM queues WHERE name = $1`, [name]);
    return row && toQueue<A>(row);
  }

  async getById<A>(id: number): Promise<QueueRecord<A> | undefined> {
    if (!Number.isSafeInteger(id)) return undefined;
    const [row] = await query<QueueRow>(this.#pool, `SELECT ${QUEUE} FROM queues WHERE id = $1`, [id]);
    return row && toQueue<A>(row);
  }

  async list<A>(prefix = ''): Promise<QueueRecord<A>[]> {
    // Names are COLLATE "C": those with the prefix follow it contiguously in byte order.
    const rows = await query<QueueRow>(this.#pool, `SELECT ${QUEUE} FROM queues WHERE name >= $1 ORDER BY name`, [prefix]);
    const queues: QueueRecord<A>[] = [];
    for (const row of rows) {
      if (!row.name.startsWith(prefix)) break;
      queues.push(toQueue<A>(row));
    }
    return queues;
  }

  update<A>(
    name: string,
    now: number,
    decide: (current: QueueRecord<A>) => { attributes: A; tags: Readonly<Record<string, string>> },
  ): Promise<QueueRecord<A> | undefined> {
    return inTransaction(this.#pool, async (client) => {
      const [row] = await query<QueueRow>(client, `SELECT ${QUEUE} FROM queues WHERE name = $1 FOR UPDATE`, [name]);
      if (!row) return undefined;
      const current = toQueue<A>(row);
      const { attributes, tags } = decide(current);
      await query(client, 'UPDATE queues SET attributes = $1, tags = $2, modified_at = $3, version = version + 1 WHERE id = $4', [
        JSON.stringify(attributes),
        JSON.stringify(tags),
        now,
        row.id,
      ]);
      return { ...current, attributes, tags, modifiedAt: now, version: current.version + 1 };
    });
  }

  delete(name: string): Promise<boolean> {
    return inTransaction(this.#pool, async (client) => {
      const [row] = await query<{ id: string }>(client, 'SELECT id FROM queues WHERE name = $1 FOR UPDATE', [name]);
      if (!row) return false;
      for (const table of ['queue_messages', 'queue_dedup']) await query(client, `DELETE FROM ${table} WHERE queue_id = $1`, [row.id]);
      await query(client, 'DELETE FROM queue_move_tasks WHERE source_queue_id = $1', [row.id]);
      await query(client, 'DELETE FROM queues WHERE id = $1', [row.id]);
      return true;
    });
  }

  send(queueId: number, messages: readonly NewMessage[], now: number): Promise<SendOutcome[]> {
    return this.#onQueue(queueId, async (client) => {
      const outcomes = await storeMessages(client, queueId, messages, now);
      await this.#notify(client, queueId);
      return outcomes;
    });
  }

  /** PostgresTopicQueueWrites: the queue's version as the publishing transaction sees it. */
  async versionOf(client: PoolClient, queueId: number): Promise<number | undefined> {
    const [row] = await query<{ version: string }>(client, 'SELECT version FROM queues WHERE id = $1 FOR KEY SHARE', [queueId]);
    return row && Number(row.version);
  }

  /** PostgresTopicQueueWrites: stores messages in the publishing transaction (the caller checked versionOf). */
  async storeWithin(client: PoolClient, queueId: number, messages: readonly NewMessage[], now: number): Promise<SendOutcome[]> {
    const outcomes = await storeMessages(client, queueId, messages, now);
    await this.#notify(client, queueId);
    return outcomes;
  }

  receive(request: ReceiveRequest): Promise<ReceiveOutcome> {
    return inTransaction(this.#pool, async (client) => {
      const lock = request.fifo ? 'FOR NO KEY UPDATE' : 'FOR KEY SHARE';
      const rows = await query(client, `SELECT 1 FROM queues WHERE id = $1 ${lock}`, [request.queueId]);
      if (rows.length === 0) throw new MissingQueueError(request.queueId);
      const deadLetterLive = request.redrive !== undefined && (await queueExists(client, request.redrive.deadLetterQueueId));
      const outcome = await receiveMessages(client, request, deadLetterLive);
      if (outcome.redriven > 0) await this.#notify(client, request.redrive!.deadLetterQueueId);
      return outcome;
    });
  }

  deleteMessage(queueId: number, sequence: number, nonce: string): Promise<ReceiptOutcome> {
    return this.#onQueue(queueId, async (client) => {
      const deleted = await query<{ group_id: string | null }>(
        client,
        'DELETE FROM queue_messages WHERE queue_id = $1 AND seq = $2 AND nonce = $3 RETURNING group_id',
        [queueId, sequence, nonce],
      );
      if (deleted.length === 1) {
        if (deleted[0]!.group_id !== null) await this.#notify(client, queueId); // a FIFO group's next message is free
        return 'done';
      }
      const receipt = await query(client, 'SELECT 1 FROM queue_messages WHERE queue_id = $1 AND seq = $2', [queueId, sequence]);
      return receipt.length === 1 ? 'stale' : 'missing';
    });
  }

  changeVisibility(queueId: number, sequence: number, nonce: string, visibleUntil: number, now: number): Promise<ReceiptOutcome | 'not-in-flight'> {
    return this.#onQueue(queueId, async (client) => {
      const [receipt] = await query<{ nonce: string | null; visible_at: string }>(
        client,
        'SELECT nonce, visible_at FROM queue_messages WHERE queue_id = $1 AND seq = $2 FOR UPDATE',
        [queueId, sequence],
      );
      if (!receipt) return 'missing';
      if (receipt.nonce !== nonce) return 'stale';
      if (Number(receipt.visible_at) <= now) return 'not-in-flight';
      await query(client, 'UPDATE queue_messages SET visible_at = $1 WHERE queue_id = $2 AND seq = $3', [visibleUntil, queueId, sequence]);
      if (visibleUntil <= now) await this.#notify(client, queueId);
      return 'done';
    });
  }

  purge(queueId: number): Promise<number> {
    return this.#onQueue(queueId, async (client) => (await query(client, 'DELETE FROM queue_messages WHERE queue_id = $1 RETURNING 1', [queueId])).length);
  }

  claimPurge(queueId: number, now: number, intervalMs: number): Promise<boolean> {
    // The UPDATE waits for a concurrent claim's row lock and re-checks purged_at on the row it committed.
    return this.#onQueue(queueId, async (client) => {
      const claimed = await query(client, 'UPDATE queues SET purged_at = $1 WHERE id = $2 AND (purged_at IS NULL OR purged_at <= $3) RETURNING 1 AS claimed', [now, queueId, now - intervalMs]);
      return claimed.length === 1;
    });
  }

  stats(queueId: number, now: number, retainedSince: number): Promise<QueueStats> {
    return this.#onQueue(queueId, async (client) => {
      const [row] = await query<{ visible: string; in_flight: string; delayed: string }>(
        client,
        `SELECT count(*) FILTER (WHERE visible_at <= $2) AS visible,
                count(*) FILTER (WHERE visible_at > $2 AND receive_count > 0) AS in_flight,
                count(*) FILTER (WHERE visible_at > $2 AND receive_count = 0) AS delayed
         FROM queue_messages WHERE queue_id = $1 AND sent_at >= $3`,
        [queueId, now, retainedSince],
      );
      return { visible: Number(row!.visible), inFlight: Number(row!.in_flight), delayed: Number(row!.delayed) };
    });
  }

  /** One statement for every queue asked for: the queues that still exist, their retained messages counted. */
  async statsOf(queues: readonly { readonly queueId: number; readonly retainedSince: number }[], now: number): Promise<Map<number, QueueStats>> {
    const asked = queues.filter((q) => Number.isSafeInteger(q.queueId));
    if (asked.length === 0) return new Map();
    const rows = await query<{ id: string; visible: string; in_flight: string; delayed: string }>(
      this.#pool,
      `SELECT q.id,
              count(m.seq) FILTER (WHERE m.visible_at <= $3) AS visible,
              count(m.seq) FILTER (WHERE m.visible_at > $3 AND m.receive_count > 0) AS in_flight,
              count(m.seq) FILTER (WHERE m.visible_at > $3 AND m.receive_count = 0) AS delayed
       FROM unnest($1::bigint[], $2::bigint[]) AS r(queue_id, since)
       JOIN queues q ON q.id = r.queue_id
       LEFT JOIN queue_messages m ON m.queue_id = r.queue_id AND m.sent_at >= r.since
       GROUP BY q.id`,
      [asked.map((q) => q.queueId), asked.map((q) => q.retainedSince), now],
    );
    return new Map(rows.map((row) => [Number(row.id), { visible: Number(row.visible), inFlight: Number(row.in_flight), delayed: Number(row.delayed) }]));
  }

  nextVisibleAt(queueId: number, now: number): Promise<number | undefined> {
    return this.#onQueue(queueId, async (client) => {
      const [row] = await query<{ at: string | null }>(client, 'SELECT min(visible_at) AS at FROM queue_messages WHERE queue_id = $1 AND visible_at > $2', [queueId, now]);
      return row!.at === null ? undefined : Number(row!.at);
    });
  }

  trim(queueId: number, before: number, now: number): Promise<number> {
    return this.#onQueue(queueId, async (client) => {
      await query(client, 'DELETE FROM queue_dedup WHERE queue_id = $1 AND until <= $2', [queueId, now]);
      return (await query(client, 'DELETE FROM queue_messages WHERE queue_id = $1 AND sent_at < $2 RETURNING 1', [queueId, before])).length;
    });
  }

  moveMessages(request: MoveRequest): Promise<{ moved: number; left: number }> {
    return this.#onQueue(request.fromQueueId, async (client) => {
      if (request.toQueueId !== undefined && !(await queueExists(client, request.toQueueId))) throw new MissingQueueError(request.toQueueId);
      const outcome = await moveMessages(client, request);
      if (outcome.moved > 0) await this.#notify(client, request.toQueueId); // undefined: back to their sources, any queue
      if (request.taskHandle !== undefined && outcome.moved > 0) {
        await query(client, 'UPDATE queue_move_tasks SET moved = moved + $1 WHERE task_handle = $2', [outcome.moved, request.taskHandle]);
      }
      return outcome;
    });
  }

  saveMoveTask(task: StoredMoveTask): Promise<void> {
    return inTransaction(this.#pool, async (client) => {
      const { taskHandle, sourceQueueId, startedAt, status, moved, ...details } = task;
      // A replace takes a new ord, as SQLite's INSERT OR REPLACE takes a new rowid.
      await query(
        client,
        `INSERT INTO queue_move_tasks (task_handle, source_queue_id, started_at, status, moved, task) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (task_handle) DO UPDATE SET source_queue_id = excluded.source_queue_id, started_at = excluded.started_at,
           status = excluded.status, moved = excluded.moved, task = excluded.task, ord = nextval('queue_move_tasks_ord')`,
        [taskHandle, sourceQueueId, startedAt, status, moved, JSON.stringify(details satisfies TaskDetails)],
      );
      await query(
        client,
        `DELETE FROM queue_move_tasks WHERE source_queue_id = $1 AND task_handle NOT IN
           (SELECT task_handle FROM queue_move_tasks WHERE source_queue_id = $1 ORDER BY started_at DESC, ord DESC LIMIT $2)`,
        [sourceQueueId, KEPT_PER_QUEUE],
      );
    });
  }

  async moveTasks(): Promise<StoredMoveTask[]> {
    const rows = await query<{ task_handle: string; source_queue_id: string; started_at: string; status: string; moved: string; task: string }>(
      this.#pool,
      'SELECT task_handle, source_queue_id, started_at, status, moved, task FROM queue_move_tasks ORDER BY started_at DESC, ord DESC',
    );
    return rows.map((row) => ({
      ...(JSON.parse(row.task) as TaskDetails),
      taskHandle: row.task_handle,
      sourceQueueId: Number(row.source_queue_id),
      startedAt: Number(row.started_at),
      status: row.status,
      moved: Number(row.moved),
    }));
  }
  async browse(queueId: number, after: number, limit: number): Promise<BrowsedMessage[]> {
    const rows = await query<{ seq: string; message_id: string; body: string; payload: string; group_id: string | null; dedup_key: Buffer | null; sent_at: string; visible_at: string; receive_count: number }>(
      this.#pool,
      `SELECT seq, message_id, body, payload, group_id, dedup_key, sent_at, visible_at, receive_count
       FROM queue_messages WHERE queue_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [queueId, after, limit],
    );
    return rows.map((row) => ({
      sequence: Number(row.seq),
      messageId: row.message_id,
      body: row.body,
      payload: row.payload,
      ...(row.group_id !== null && { groupId: row.group_id }),
      ...(row.dedup_key !== null && { dedupKey: row.dedup_key.toString('utf8') }),
      sentAt: Number(row.sent_at),
      visibleAt: Number(row.visible_at),
      receiveCount: row.receive_count,
    }));
  }


  /**
   * In the transaction: other nodes hear of it on COMMIT (PostgreSQL folds repeats of one payload). Tagged:
   * this node's waiters are woken by the domain. `queueId` undefined: any queue.
   */
  async #notify(client: PgQueryable, queueId: number | undefined): Promise<void> {
    if (!this.#notifications) return;
    await this.#notifications.notify(client, QUEUE_MESSAGES_CHANNEL, queueId === undefined ? '' : String(queueId));
  }

  /** Runs `body` in a transaction after finding the queue's row (FOR KEY SHARE: a delete waits); MissingQueueError when it is gone. */
  #onQueue<T>(queueId: number, body: (client: PoolClient) => Promise<T>): Promise<T> {
    return inTransaction(this.#pool, async (client) => {
      if (!Number.isSafeInteger(queueId) || !(await queueExists(client as PgQueryable, queueId))) throw new MissingQueueError(queueId);
      return body(client);
    });
  }
}
