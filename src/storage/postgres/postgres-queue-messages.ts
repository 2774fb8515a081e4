import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import type { MoveRequest, NewMessage, ReceiveOutcome, ReceiveRequest, SendOutcome, StoredMessage } from '../queue-store.js';
import { query, type PgQueryable } from './pg-pool.js';

/**
 * The message work of PostgresQueueStore, each function run inside the caller's transaction (`client`):
 * storing sent messages, a receive's walk and claims, moving messages out of a dead-letter queue.
 * Same algorithm as SQLite's (sqlite-queue-store.ts storeWithin, sqlite-queue-receive.ts, sqlite-queue-move.ts).
 */

const CLAIMED = `message_id, body, payload, group_id, dedup_key, sent_at, receive_count, first_received_at, source_queue_id`;

interface ClaimedRow {
  message_id: string;
  body: string;
  payload: string;
  group_id: string | null;
  dedup_key: Buffer | null;
  sent_at: string;
  receive_count: number;
  first_received_at: string;
  source_queue_id: string | null;
}

/** Rows read per step of a receive's walk: the first step reads `max`, later ones more. */
const MAX_PAGE = 1024;

/** Takes `count` consecutive sequences from the queue's counter (locking the queue's row until commit). */
export async function allocate(client: PgQueryable, queueId: number, count: number): Promise<number[]> {
  const [row] = await query<{ next: string }>(client, 'UPDATE queues SET next_seq = next_seq + $1 WHERE id = $2 RETURNING next_seq AS next', [count, queueId]);
  const next = Number(row!.next);
  return Array.from({ length: count }, (_, i) => next - count + i);
}

/** Whether the queue exists, as this transaction sees it; FOR KEY SHARE keeps a concurrent delete waiting until commit. */
export async function queueExists(client: PgQueryable, queueId: number): Promise<boolean> {
  const rows = await query(client, 'SELECT 1 FROM queues WHERE id = $1 FOR KEY SHARE', [queueId]);
  return rows.length === 1;
}

/**
 * Stores messages on an existing queue (send's body; topic deliveries put an sqs copy in their own
 * transaction). The queue's row is locked FOR UPDATE first, so deduplication checks of one queue serialise.
 */
export async function storeMessages(client: PoolClient, queueId: number, messages: readonly NewMessage[], now: number): Promise<SendOutcome[]> {
  await query(client, 'SELECT 1 FROM queues WHERE id = $1 FOR NO KEY UPDATE', [queueId]);
  // For each message: its own index when stored, an earlier one's index, or a kept entry when a duplicate.
  const accepted = new Map<string, number>();
  const firstOf: (number | { messageId: string; seq: number })[] = [];
  for (const [i, message] of messages.entries()) {
    const key = message.dedupKey;
    if (key === undefined) {
      firstOf.push(i);
      continue;
    }
    const earlier = accepted.get(key);
    if (earlier !== undefined) {
      firstOf.push(earlier);
      continue;
    }
    const [entry] = await query<{ message_id: string; seq: string }>(
      client,
      'SELECT message_id, seq FROM queue_dedup WHERE queue_id = $1 AND dedup_key = $2 AND until > $3',
      [queueId, Buffer.from(key, 'utf8'), now],
    );
    if (entry) {
      firstOf.push({ messageId: entry.message_id, seq: Number(entry.seq) });
      continue;
    }
    accepted.set(key, i);
    firstOf.push(i);
  }
  const stored = firstOf.filter((first, i) => first === i).length;
  const seqs = stored > 0 ? await allocate(client, queueId, stored) : [];
  const outcomes: SendOutcome[] = [];
  let next = 0;
  for (const [i, message] of messages.entries()) {
    const first = firstOf[i]!;
    if (typeof first !== 'number') {
      outcomes.push({ messageId: first.messageId, sequence: first.seq, duplicate: true });
    } else if (first !== i) {
      outcomes.push({ ...outcomes[first]!, duplicate: true });
    } else {
      const seq = seqs[next++]!;
      const { messageId, body, payload, visibleAt, groupId, dedupKey, dedupUntil } = message;
      const key = dedupKey === undefined ? null : Buffer.from(dedupKey, 'utf8');
      await query(
        client,
        `INSERT INTO queue_messages (queue_id, seq, visible_at, sent_at, group_id, dedup_key, message_id, body, payload)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [queueId, seq, visibleAt, now, groupId ?? null, key, messageId, body, payload],
      );
      if (key !== null) {
        await query(
          client,
          `INSERT INTO queue_dedup (queue_id, dedup_key, message_id, seq, until) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (queue_id, dedup_key) DO UPDATE SET message_id = excluded.message_id, seq = excluded.seq, until = excluded.until`,
          [queueId, key, messageId, seq, dedupUntil ?? now],
        );
      }
      outcomes.push({ messageId, sequence: seq, duplicate: false });
    }
  }
  return outcomes;
}

/**
 * One receive (QueueStore.receive). Candidates are read `FOR UPDATE SKIP LOCKED`: two receivers on one
 * database never claim the same message, and one does not wait for the other's rows. A FIFO receive first
 * locks its queue's row FOR NO KEY UPDATE, so FIFO receives of one queue run one at a time and the group checks
 * (made on the state before this receive, as on SQLite) see every earlier receive's claims.
 */
export async function receiveMessages(client: PoolClient, request: ReceiveRequest, deadLetterLive: boolean): Promise<ReceiveOutcome> {
  const { queueId, max, now, visibleUntil, retainedSince } = request;
  const messages: StoredMessage[] = [];
  let redriven = 0;
  if (max <= 0) return { messages, redriven };
  const blockedFrom = request.fifo ? await groupBlocks(client, queueId, now) : undefined;
  const redrive = request.redrive && deadLetterLive && request.redrive.deadLetterQueueId !== queueId ? request.redrive : undefined;
  let after = 0;
  let page = max;
  for (;;) {
    const rows = await query<{ seq: string; group_id: string | null; receive_count: number }>(
      client,
      `SELECT seq, group_id, receive_count FROM queue_messages
       WHERE queue_id = $1 AND seq > $2 AND visible_at <= $3 AND sent_at >= $4 ORDER BY seq LIMIT $5 FOR UPDATE SKIP LOCKED`,
      [queueId, after, now, retainedSince, page],
    );
    for (const row of rows) {
      const seq = Number(row.seq);
      after = seq;
      if (blockedFrom) {
        const from = blockedFrom.get(row.group_id);
        if (from !== undefined && seq >= from) continue;
      }
      if (redrive && row.receive_count >= redrive.maxReceiveCount) {
        const [dlqSeq] = await allocate(client, redrive.deadLetterQueueId, 1);
        await copyMessage(client, redrive.deadLetterQueueId, dlqSeq!, now, null, queueId, queueId, seq);
        await query(client, 'DELETE FROM queue_messages WHERE queue_id = $1 AND seq = $2', [queueId, seq]);
        redriven++;
        continue;
      }
      const nonce = randomUUID();
      const [claimed] = await query<ClaimedRow>(
        client,
        `UPDATE queue_messages
         SET visible_at = $1, receive_count = receive_count + 1, first_received_at = coalesce(first_received_at, $2), nonce = $3
         WHERE queue_id = $4 AND seq = $5 RETURNING ${CLAIMED}`,
        [visibleUntil, now, nonce, queueId, seq],
      );
      messages.push(toMessage(claimed!, seq, nonce));
      if (messages.length === max) return { messages, redriven };
    }
    if (rows.length < page) return { messages, redriven };
    page = Math.min(page * 4, MAX_PAGE);
  }
}

/** Group → the first sequence it blocks (0: all of it, a message is in flight). */
async function groupBlocks(client: PgQueryable, queueId: number, now: number): Promise<Map<string | null, number>> {
  const rows = await query<{ group_id: string | null; in_flight: boolean; first_delayed: string | null }>(
    client,
    `SELECT group_id, bool_or(receive_count > 0) AS in_flight, min(CASE WHEN receive_count = 0 THEN seq END) AS first_delayed
     FROM queue_messages WHERE queue_id = $1 AND visible_at > $2 GROUP BY group_id`,
    [queueId, now],
  );
  const blocked = new Map<string | null, number>();
  for (const row of rows) {
    if (row.in_flight) blocked.set(row.group_id, 0);
    else if (row.first_delayed !== null) blocked.set(row.group_id, Number(row.first_delayed));
  }
  return blocked;
}

/** Copies a message to (toQueue, toSeq) as never received; sentAt null keeps the original. */
async function copyMessage(client: PgQueryable, toQueue: number, toSeq: number, visibleAt: number, sentAt: number | null, source: number | null, fromQueue: number, fromSeq: number) {
  await query(
    client,
    `INSERT INTO queue_messages (queue_id, seq, visible_at, sent_at, group_id, dedup_key, source_queue_id, message_id, body, payload)
     SELECT $1, $2, $3, coalesce($4::bigint, sent_at), group_id, dedup_key, $5, message_id, body, payload
     FROM queue_messages WHERE queue_id = $6 AND seq = $7`,
    [toQueue, toSeq, visibleAt, sentAt, source, fromQueue, fromSeq],
  );
}

const PAGE = 256;

/** QueueStore.moveMessages inside the caller's transaction: only messages present when it starts are considered. */
export async function moveMessages(client: PoolClient, request: MoveRequest): Promise<{ moved: number; left: number }> {
  const { fromQueueId, toQueueId, limit, now } = request;
  const [last] = await query<{ seq: string }>(client, 'SELECT coalesce(max(seq), 0) AS seq FROM queue_messages WHERE queue_id = $1', [fromQueueId]);
  const through = Number(last!.seq);
  const live = new Map<number, boolean>();
  let moved = 0;
  let after = 0;
  while (moved < limit) {
    const rows = await query<{ seq: string; source: string | null }>(
      client,
      `SELECT seq, source_queue_id AS source FROM queue_messages WHERE queue_id = $1 AND seq > $2 AND seq <= $3
       ORDER BY seq LIMIT $4 FOR UPDATE`,
      [fromQueueId, after, through, PAGE],
    );
    for (const row of rows) {
      const seq = Number(row.seq);
      after = seq;
      const target = toQueueId ?? (row.source === null ? null : Number(row.source));
      if (target === null || target === fromQueueId) continue;
      if (!live.has(target)) live.set(target, await queueExists(client, target));
      if (!live.get(target)) continue;
      const [to] = await allocate(client, target, 1);
      await copyMessage(client, target, to!, now, now, null, fromQueueId, seq);
      await query(client, 'DELETE FROM queue_messages WHERE queue_id = $1 AND seq = $2', [fromQueueId, seq]);
      if (++moved === limit) break;
    }
    if (rows.length < PAGE) break;
  }
  const [count] = await query<{ n: string }>(client, 'SELECT count(*) AS n FROM queue_messages WHERE queue_id = $1', [fromQueueId]);
  return { moved, left: Number(count!.n) };
}

function toMessage(row: ClaimedRow, sequence: number, nonce: string): StoredMessage {
  return {
    messageId: row.message_id,
    sequence,
    body: row.body,
    payload: row.payload,
    ...(row.group_id !== null && { groupId: row.group_id }),
    ...(row.dedup_key !== null && { dedupKey: row.dedup_key.toString('utf8') }),
    sentAt: Number(row.sent_at),
    receiveCount: row.receive_count,
    firstReceivedAt: Number(row.first_received_at),
    nonce,
    ...(row.source_queue_id !== null && { sourceQueueId: Number(row.source_queue_id) }),
  };
}
