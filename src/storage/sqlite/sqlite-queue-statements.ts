import type { Database, Statement } from 'better-sqlite3';
import type { ClaimedRow, QueueTableRow } from './sqlite-queue-rows.js';

const QUEUE = 'id, name, fifo, attributes, tags, created_at, modified_at, version';
type At = [queueId: number, seq: number];
export type MessageRow = [queueId: number, seq: number, visibleAt: number, sentAt: number, groupId: string | null, dedupKey: string | null, messageId: string, body: string, payload: string];
/** MessageRow's length. */
export const MESSAGE_COLUMNS = 9;
/** Rows of insertMessages. */
export const INSERT_MESSAGES = 10;

/** The queue statements, prepared once at open (see migration 3 for the layout they rely on). */
export class SqliteQueueStatements {
  readonly liveQueueIds: Statement<[], { id: number }>;
  readonly queueByName: Statement<[name: string], QueueTableRow>;
  readonly queueById: Statement<[id: number], QueueTableRow>;
  /** Queues named `from` or after, in byte order (the caller stops at the end of its prefix). */
  readonly queuesFrom: Statement<[from: string], QueueTableRow>;
  readonly insertQueue: Statement<[name: string, fifo: number, attributes: string, tags: string, createdAt: number, modifiedAt: number]>;
  readonly updateQueue: Statement<[attributes: string, tags: string, modifiedAt: number, id: number]>;
  readonly queueVersion: Statement<[id: number], { version: number }>;
  readonly deleteQueue: Statement<[id: number]>;
  readonly deleteDedupOf: Statement<[queueId: number]>;
  /** Takes `count` sequences from the queue's counter; the first is `next - count`. */
  readonly allocate: Statement<[count: number, id: number], { next: number }>;

  readonly findDedup: Statement<[queueId: number, key: string, now: number], { messageId: string; seq: number }>;
  readonly putDedup: Statement<[queueId: number, key: string, messageId: string, seq: number, until: number]>;
  readonly trimDedup: Statement<[queueId: number, now: number]>;

  readonly insertMessage: Statement<MessageRow>;
  /** INSERT_MESSAGES rows in one statement: a statement's run costs a call into the driver and a VDBE start on top of its rows. */
  readonly insertMessages: Statement<MessageRow[number][]>;
  /** Visible, retained messages after a sequence, oldest first (the receive's walk). */
  readonly candidates: Statement<
    [queueId: number, after: number, now: number, retainedSince: number, limit: number],
    { seq: number; groupId: string | null; receiveCount: number }
  >;
  /** Per group with invisible messages: whether one is in flight, and its first delayed sequence. */
  readonly groupBlockers: Statement<
    [queueId: number, now: number],
    { groupId: string | null; inFlight: number; firstDelayed: number | null }
  >;
  readonly claim: Statement<[visibleUntil: number, now: number, nonce: string, ...At], ClaimedRow>;
  /** Copies a message to (queue, seq) as never received; sentAt null keeps the original. */
  readonly copyMessage: Statement<
    [toQueue: number, toSeq: number, visibleAt: number, sentAt: number | null, source: number | null, ...At]
  >;
  readonly deleteMessage: Statement<At>;
  readonly deleteWithNonce: Statement<[...At, nonce: string]>;
  readonly receipt: Statement<At, { nonce: string | null; visibleAt: number }>;
  readonly setVisibility: Statement<[visibleAt: number, ...At]>;
  readonly deleteMessagesOf: Statement<[queueId: number]>;
  /** Sets purged_at when the last purge was at or before `notAfter` (or never). */
  readonly claimPurge: Statement<[now: number, id: number, notAfter: number]>;
  readonly trimMessages: Statement<[queueId: number, before: number]>;
  readonly countMessages: Statement<[queueId: number], { n: number }>;
  readonly lastSeq: Statement<[queueId: number], { seq: number }>;
  readonly movable: Statement<[queueId: number, after: number, through: number, limit: number], { seq: number; source: number | null }>;
  readonly browse: Statement<[queueId: number, after: number, limit: number], ClaimedRow & { seq: number; visibleAt: number }>;

  readonly countVisible: Statement<[queueId: number, now: number, retainedSince: number], { n: number }>;
  readonly countInvisible: Statement<[queueId: number, now: number, retainedSince: number], { inFlight: number; delayed: number }>;
  readonly nextVisibleAt: Statement<[queueId: number, now: number], { at: number | null }>;

  constructor(db: Database) {
    this.liveQueueIds = db.prepare('SELECT id FROM queues');
    this.queueByName = db.prepare(`SELECT ${QUEUE} FROM queues WHERE name = ?`);
    this.queueById = db.prepare(`SELECT ${QUEUE} FROM queues WHERE id = ?`);
    this.queuesFrom = db.prepare(`SELECT ${QUEUE} FROM queues WHERE name >= ? ORDER BY name`);
    this.insertQueue = db.prepare(
      `INSERT INTO queues (name, fifo, attributes, tags, created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (name) DO NOTHING`,
    );
    this.updateQueue = db.prepare('UPDATE queues SET attributes = ?, tags = ?, modified_at = ?, version = version + 1 WHERE id = ?');
    this.queueVersion = db.prepare('SELECT version FROM queues WHERE id = ?');
    this.deleteQueue = db.prepare('DELETE FROM queues WHERE id = ?');
    this.deleteDedupOf = db.prepare('DELETE FROM queue_dedup WHERE queue_id = ?');
    this.allocate = db.prepare('UPDATE queues SET next_seq = next_seq + ? WHERE id = ? RETURNING next_seq AS next');

    this.findDedup = db.prepare(
      'SELECT message_id AS messageId, seq FROM queue_dedup WHERE queue_id = ? AND dedup_key = ? AND until > ?',
    );
    this.putDedup = db.prepare(
      `INSERT INTO queue_dedup (queue_id, dedup_key, message_id, seq, until) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (queue_id, dedup_key) DO UPDATE SET message_id = excluded.message_id, seq = excluded.seq, until = excluded.until`,
    );
    this.trimDedup = db.prepare('DELETE FROM queue_dedup WHERE queue_id = ? AND until <= ?');

    const insertMessage = 'INSERT INTO queue_messages (queue_id, seq, visible_at, sent_at, group_id, dedup_key, message_id, body, payload) VALUES ';
    this.insertMessage = db.prepare(`${insertMessage}(?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.insertMessages = db.prepare<MessageRow[number][]>(`${insertMessage}${Array(INSERT_MESSAGES).fill('(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`);
    // `+visible_at` keeps the planner on the primary key: walking in sequence order stops after the
    // first deliverable rows, where the visibility index would have to sort every visible message
    // (the whole backlog) to find the oldest. The walk's waste is bounded by the invisible messages
    // it passes, which SQS caps (in-flight limits); the backlog is not.
    this.candidates = db.prepare(
      `SELECT seq, group_id AS groupId, receive_count AS receiveCount FROM queue_messages
       WHERE queue_id = ? AND seq > ? AND +visible_at <= ? AND sent_at >= ? ORDER BY seq LIMIT ?`,
    );
    this.groupBlockers = db.prepare(
      `SELECT group_id AS groupId, max(receive_count > 0) AS inFlight,
              min(CASE WHEN receive_count = 0 THEN seq END) AS firstDelayed
       FROM queue_messages WHERE queue_id = ? AND visible_at > ? GROUP BY group_id`,
    );
    this.claim = db.prepare(
      `UPDATE queue_messages
       SET visible_at = ?, receive_count = receive_count + 1, first_received_at = coalesce(first_received_at, ?), nonce = ?
       WHERE queue_id = ? AND seq = ?
       RETURNING message_id AS messageId, body, payload, group_id AS groupId, dedup_key AS dedupKey, sent_at AS sentAt,
                 receive_count AS receiveCount, first_received_at AS firstReceivedAt, source_queue_id AS sourceQueueId`,
    );
    this.copyMessage = db.prepare(
      `INSERT INTO queue_messages (queue_id, seq, visible_at, sent_at, group_id, dedup_key, source_queue_id, message_id, body, payload)
       SELECT ?, ?, ?, coalesce(?, sent_at), group_id, dedup_key, ?, message_id, body, payload
       FROM queue_messages WHERE queue_id = ? AND seq = ?`,
    );
    this.deleteMessage = db.prepare('DELETE FROM queue_messages WHERE queue_id = ? AND seq = ?');
    this.deleteWithNonce = db.prepare('DELETE FROM queue_messages WHERE queue_id = ? AND seq = ? AND nonce = ?');
    this.receipt = db.prepare('SELECT nonce, visible_at AS visibleAt FROM queue_messages WHERE queue_id = ? AND seq = ?');
    this.setVisibility = db.prepare('UPDATE queue_messages SET visible_at = ? WHERE queue_id = ? AND seq = ?');
    this.deleteMessagesOf = db.prepare('DELETE FROM queue_messages WHERE queue_id = ?');
    this.claimPurge = db.prepare('UPDATE queues SET purged_at = ? WHERE id = ? AND (purged_at IS NULL OR purged_at <= ?)');
    // No index on sent_at: trimming runs now and then and walks the queue once; an index would cost
    // every send and receive.
    this.trimMessages = db.prepare('DELETE FROM queue_messages WHERE queue_id = ? AND sent_at < ?');
    this.countMessages = db.prepare('SELECT count(*) AS n FROM queue_messages WHERE queue_id = ?');
    this.lastSeq = db.prepare('SELECT coalesce(max(seq), 0) AS seq FROM queue_messages WHERE queue_id = ?');
    this.movable = db.prepare(
      `SELECT seq, source_queue_id AS source FROM queue_messages
       WHERE queue_id = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?`,
    );
    this.browse = db.prepare(
      `SELECT seq, message_id AS messageId, body, payload, group_id AS groupId, dedup_key AS dedupKey, sent_at AS sentAt,
              visible_at AS visibleAt, receive_count AS receiveCount, first_received_at AS firstReceivedAt, source_queue_id AS sourceQueueId
       FROM queue_messages WHERE queue_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
    );

    this.countVisible = db.prepare(
      'SELECT count(*) AS n FROM queue_messages WHERE queue_id = ? AND visible_at <= ? AND sent_at >= ?',
    );
    this.countInvisible = db.prepare(
      `SELECT coalesce(sum(receive_count > 0), 0) AS inFlight, coalesce(sum(receive_count = 0), 0) AS delayed
       FROM queue_messages WHERE queue_id = ? AND visible_at > ? AND sent_at >= ?`,
    );
    this.nextVisibleAt = db.prepare('SELECT min(visible_at) AS at FROM queue_messages WHERE queue_id = ? AND visible_at > ?');
  }
}
