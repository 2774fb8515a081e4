import { randomUUID } from 'node:crypto';
import type { ReceiveOutcome, ReceiveRequest, StoredMessage } from '../queue-store.js';
import type { SqliteQueueStatements } from './sqlite-queue-statements.js';
import { toMessage } from './sqlite-queue-rows.js';

/** Rows read per step of a receive's walk: the first step reads `max`, later ones more. */
const MAX_PAGE = 1024;

/**
 * One receive, run inside the caller's transaction: walks the queue's visible, retained messages
 * from the oldest sequence, skips FIFO messages whose group is blocked, moves those received
 * `maxReceiveCount` times to the dead-letter queue (`deadLetterLive`: the caller checked it exists),
 * and claims the rest until `max` are claimed or the queue ends.
 *
 * FIFO group checks use the state before this receive: a group is blocked entirely while one of its
 * messages is in flight, and from its first delayed message on. Messages this receive claims do not
 * block their own group, so one receive returns several messages of a group, in order.
 */
export function receiveMessages(sql: SqliteQueueStatements, request: ReceiveRequest, deadLetterLive: boolean): ReceiveOutcome {
  const { queueId, max, now, visibleUntil, retainedSince } = request;
  const messages: StoredMessage[] = [];
  let redriven = 0;
  if (max <= 0) return { messages, redriven };
  const blockedFrom = request.fifo ? groupBlocks(sql, queueId, now) : undefined;
  const redrive = request.redrive && deadLetterLive && request.redrive.deadLetterQueueId !== queueId ? request.redrive : undefined;
  let after = 0;
  let page = max;
  for (;;) {
    const rows = sql.candidates.all(queueId, after, now, retainedSince, page);
    for (const row of rows) {
      after = row.seq;
      if (blockedFrom) {
        const from = blockedFrom.get(row.groupId);
        if (from !== undefined && row.seq >= from) continue;
      }
      if (redrive && row.receiveCount >= redrive.maxReceiveCount) {
        const [dlqSeq] = allocate(sql, redrive.deadLetterQueueId, 1);
        sql.copyMessage.run(redrive.deadLetterQueueId, dlqSeq!, now, null, queueId, queueId, row.seq);
        sql.deleteMessage.run(queueId, row.seq);
        redriven++;
        continue;
      }
      const nonce = randomUUID();
      const claimed = sql.claim.get(visibleUntil, now, nonce, queueId, row.seq)!;
      messages.push(toMessage(claimed, row.seq, nonce));
      if (messages.length === max) return { messages, redriven };
    }
    if (rows.length < page) return { messages, redriven };
    page = Math.min(page * 4, MAX_PAGE);
  }
}

/** Group → the first sequence it blocks (0: all of it, a message is in flight). */
function groupBlocks(sql: SqliteQueueStatements, queueId: number, now: number): Map<string | null, number> {
  const blocked = new Map<string | null, number>();
  for (const row of sql.groupBlockers.all(queueId, now)) {
    if (row.inFlight) blocked.set(row.groupId, 0);
    else if (row.firstDelayed !== null) blocked.set(row.groupId, row.firstDelayed);
  }
  return blocked;
}

/** Takes `count` consecutive sequences from the queue's counter. */
export function allocate(sql: SqliteQueueStatements, queueId: number, count: number): number[] {
  const { next } = sql.allocate.get(count, queueId)!;
  return Array.from({ length: count }, (_, i) => next - count + i);
}
