import type { Database } from 'better-sqlite3';
import { lazy, type LazyStatement } from './lazy-statement.js';
import type { ClaimedRow, QueueTableRow } from './sqlite-queue-rows.js';
import { LIMIT } from './sql-limit.js';

const QUEUE = 'id, name, fifo, attributes, tags, created_at, modified_at, version';
type At = [queueId: number, seq: number];
export type MessageRow = [queueId: number, seq: number, visibleAt: number, sentAt: number, groupId: string | null, dedupKey: string | null, messageId: string, body: string, payload: string];
/** MessageRow's length. */
export const MESSAGE_COLUMNS = 9;
/** Rows of insertMessages. */
export const INSERT_MESSAGES = 10;

/** The queue statements, each prepared on its first use (see migration 3 for the layout they rely on). */
export class SqliteQueueStatements {
  readonly liveQueueIds: LazyStatement<[], { id: number }>;
  readonly queueByName: LazyStatement<[name: string], QueueTableRow>;
  readonly queueById: LazyStatement<[id: number], QueueTableRow>;
  /** Queues named `from` or after, in byte order (the caller stops at the end of its prefix). */
  readonly queuesFrom: LazyStatement<[from: string], QueueTableRow>;
  readonly insertQueue: LazyStatement<[name: string, fifo: number, attributes: string, tags: string, createdAt: number, modifiedAt: number]>;
  readonly updateQueue: LazyStatement<[attributes: string, tags: string, modifiedAt: number, id: number]>;
  readonly queueVersion: LazyStatement<[id: number], { version: number }>;
  readonly deleteQueue: LazyStatement<[id: number]>;
  readonly deleteDedupOf: LazyStatement<[queueId: number]>;
  /** Takes `count` sequences from the queue's counter; the first is `next - count`. */
  readonly allocate: LazyStatement<[count: number, id: number], { next: number }>;

  readonly findDedup: LazyStatement<[queueId: number, key: string, now: number], { messageId: string; seq: number }>;
  readonly putDedup: LazyStatement<[queueId: number, key: string, messageId: string, seq: number, until: number]>;
  readonly trimDedup: LazyStatement<[queueId: number, now: number]>;

  readonly insertMessage: LazyStatement<MessageRow>;
  /** INSERT_MESSAGES rows in one statement: a statement's run costs a call into the driver and a VDBE start on top of its rows. */
  readonly insertMessages: LazyStatement<MessageRow[number][]>;
  /** Visible, retained messages after a sequence, oldest first (the receive's walk). */
  readonly candidates: LazyStatement<
    [queueId: number, after: number, now: number, retainedSince: number, limit: number],
    { seq: number; groupId: string | null; receiveCount: number }
  >;
  /** Per group with invisible messages: whether one is in flight, and its first delayed sequence. */
  readonly groupBlockers: LazyStatement<
    [queueId: number, now: number],
    { groupId: string | null; inFlight: number; firstDelayed: number | null }
  >;
  readonly claim: LazyStatement<[visibleUntil: number, now: number, nonce: string, ...At], ClaimedRow>;
  /** Copies a message to (queue, seq) as never received; sentAt null keeps the original. */
  readonly copyMessage: LazyStatement<
    [toQueue: number, toSeq: number, visibleAt: number, sentAt: number | null, source: number | null, ...At]
  >;
  readonly deleteMessage: LazyStatement<At>;
  readonly deleteWithNonce: LazyStatement<[...At, nonce: string]>;
  readonly receipt: LazyStatement<At, { nonce: string | null; visibleAt: number }>;
  readonly setVisibility: LazyStatement<[visibleAt: number, ...At]>;
  readonly deleteMessagesOf: LazyStatement<[queueId: number]>;
  /** Sets purged_at when the last purge was at or before `notAfter` (or never). */
  readonly claimPurge: LazyStatement<[now: number, id: number, notAfter: number]>;
  readonly trimMessages: LazyStatement<[queueId: number, before: number]>;
  readonly countMessages: LazyStatement<[queueId: number], { n: number }>;
  readonly lastSeq: LazyStatement<[queueId: number], { seq: number }>;
  readonly movable: LazyStatement<[queueId: number, after: number, through: number, limit: number], { seq: number; source: number | null }>;
  readonly browse: LazyStatement<[queueId: number, after: number, limit: number], ClaimedRow & { seq: number; visibleAt: number }>;

  readonly countVisible: LazyStatement<[queueId: number, now: number, retainedSince: number], { n: number }>;
  readonly countInvisible: LazyStatement<[queueId: number, now: number, retainedSince: number], { inFlight: number; delayed: number }>;
  readonly nextVisibleAt: LazyStatement<[queueId: number, now: number], { at: number | null }>;

  constructor(db: Database) {
    this.liveQueueIds = lazy(db, 'SELECT id FROM queues');
    this.queueByName = lazy(db, `SELECT ${QUEUE} FROM queues WHERE name = ?`);
    this.queueById = lazy(db, `SELECT ${QUEUE} FROM queues WHERE id = ?`);
    this.queuesFrom = lazy(db, `SELECT ${QUEUE} FROM queues WHERE name >= ? ORDER BY name`);
    this.insertQueue = lazy(
      db,
      `INSERT INTO queues (name, fifo, attributes, tags, created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (name) DO NOTHING`,
    );
    this.updateQueue = lazy(db, 'UPDATE queues SET attributes = ?, tags = ?, modified_at = ?, version = version + 1 WHERE id = ?');
    this.queueVersion = lazy(db, 'SELECT version FROM queues WHERE id = ?');
    this.deleteQueue = lazy(db, 'DELETE FROM queues WHERE id = ?');
    this.deleteDedupOf = lazy(db, 'DELETE FROM queue_dedup WHERE queue_id = ?');
    this.allocate = lazy(db, 'UPDATE queues SET next_seq = next_seq + ? WHERE id = ? RETURNING next_seq AS next');

    this.findDedup = lazy(
      db,
      'SELECT message_id AS messageId, seq FROM queue_dedup WHERE queue_id = ? AND dedup_key = ? AND until > ?',
    );
    this.putDedup = lazy(
      db,
      `INSERT INTO queue_dedup (queue_id, dedup_key, message_id, seq, until) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (queue_id, dedup_key) DO UPDATE SET message_id = excluded.message_id, seq = excluded.seq, until = excluded.until`,
    );
    this.trimDedup = lazy(db, 'DELETE FROM queue_dedup WHERE queue_id = ? AND until <= ?');

    const insertMessage = 'INSERT INTO queue_messages (queue_id, seq, visible_at, sent_at, group_id, dedup_key, message_id, body, payload) VALUES ';
    this.insertMessage = lazy(db, `${insertMessage}(?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.insertMessages = lazy<MessageRow[number][]>(db, `${insertMessage}${Array(INSERT_MESSAGES).fill('(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`);
    // `+visible_at` keeps the planner on the primary key: walking in sequence order stops after the
    // first deliverable rows, where the visibility index would have to sort every visible message
    // (the whole backlog) to find the oldest. The walk's waste is bounded by the invisible messages
    // it passes, which SQS caps (in-flight limits); the backlog is not.
    this.candidates = lazy(
      db,
      `SELECT seq, group_id AS groupId, receive_count AS receiveCount FROM queue_messages
       WHERE queue_id = ? AND seq > ? AND +visible_at <= ? AND sent_at >= ? ORDER BY seq ${LIMIT}`,
    );
    this.groupBlockers = lazy(
      db,
      `SELECT group_id AS groupId, max(receive_count > 0) AS inFlight,
              min(CASE WHEN receive_count = 0 THEN seq END) AS firstDelayed
       FROM queue_messages WHERE queue_id = ? AND visible_at > ? GROUP BY group_id`,
    );
    this.claim = lazy(
      db,
      `UPDATE queue_messages
       SET visible_at = ?, receive_count = receive_count + 1, first_received_at = coalesce(first_received_at, ?), nonce = ?
       WHERE queue_id = ? AND seq = ?
       RETURNING message_id AS messageId, body, payload, group_id AS groupId, dedup_key AS dedupKey, sent_at AS sentAt,
                 receive_count AS receiveCount, first_received_at AS firstReceivedAt, source_queue_id AS sourceQueueId`,
    );
    this.copyMessage = lazy(
      db,
      `INSERT INTO queue_messages (queue_id, seq, visible_at, sent_at, group_id, dedup_key, source_queue_id, message_id, body, payload)
       SELECT ?, ?, ?, coalesce(?, sent_at), group_id, dedup_key, ?, message_id, body, payload
       FROM queue_messages WHERE queue_id = ? AND seq = ?`,
    );
    this.deleteMessage = lazy(db, 'DELETE FROM queue_messages WHERE queue_id = ? AND seq = ?');
    this.deleteWithNonce = lazy(db, 'DELETE FROM queue_messages WHERE queue_id = ? AND seq = ? AND nonce = ?');
    this.receipt = lazy(db, 'SELECT nonce, visible_at AS visibleAt FROM queue_messages WHERE queue_id = ? AND seq = ?');
    this.setVisibility = lazy(db, 'UPDATE queue_messages SET visible_at = ? WHERE queue_id = ? AND seq = ?');
    this.deleteMessagesOf = lazy(db, 'DELETE FROM queue_messages WHERE queue_id = ?');
    this.claimPurge = lazy(db, 'UPDATE queues SET purged_at = ? WHERE id = ? AND (purged_at IS NULL OR purged_at <= ?)');
    // No index on sent_at: trimming runs now and then and walks the queue once; an index would cost
    // every send and receive.
    this.trimMessages = lazy(db, 'DELETE FROM queue_messages WHERE queue_id = ? AND sent_at < ?');
    this.countMessages = lazy(db, 'SELECT count(*) AS n FROM queue_messages WHERE queue_id = ?');
    this.lastSeq = lazy(db, 'SELECT coalesce(max(seq), 0) AS seq FROM queue_messages WHERE queue_id = ?');
    this.movable = lazy(
      db,
      `SELECT seq, source_queue_id AS source FROM queue_messages
       WHERE queue_id = ? AND seq > ? AND seq <= ? ORDER BY seq ${LIMIT}`,
    );
    this.browse = lazy(
      db,
      `SELECT seq, message_id AS messageId, body, payload, group_id AS groupId, dedup_key AS dedupKey, sent_at AS sentAt,
              visible_at AS visibleAt, receive_count AS receiveCount, first_received_at AS firstReceivedAt, source_queue_id AS sourceQueueId
       FROM queue_messages WHERE queue_id = ? AND seq > ? ORDER BY seq ${LIMIT}`,
    );

    this.countVisible = lazy(
      db,
      'SELECT count(*) AS n FROM queue_messages WHERE queue_id = ? AND visible_at <= ? AND sent_at >= ?',
    );
    this.countInvisible = lazy(
      db,
      `SELECT coalesce(sum(receive_count > 0), 0) AS inFlight, coalesce(sum(receive_count = 0), 0) AS delayed
       FROM queue_messages WHERE queue_id = ? AND visible_at > ? AND sent_at >= ?`,
    );
    this.nextVisibleAt = lazy(db, 'SELECT min(visible_at) AS at FROM queue_messages WHERE queue_id = ? AND visible_at > ?');
  }
}
