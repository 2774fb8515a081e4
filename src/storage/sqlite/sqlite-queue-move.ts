import type { MoveRequest } from '../queue-store.js';
import type { SqliteQueueStatements } from './sqlite-queue-statements.js';
import { allocate } from './sqlite-queue-receive.js';

const PAGE = 256;

/**
 * Moves messages out of a dead-letter queue inside the caller's transaction (see
 * QueueStore.moveMessages). Only messages present when the move starts are considered, so a message
 * moved back into the same queue is not met again.
 */
export function moveMessages(
  sql: SqliteQueueStatements,
  request: MoveRequest,
  isLive: (queueId: number) => boolean,
): { moved: number; left: number } {
  const { fromQueueId, toQueueId, limit, now } = request;
  const through = sql.lastSeq.get(fromQueueId)!.seq;
  let moved = 0;
  let after = 0;
  while (moved < limit) {
    const rows = sql.movable.all(fromQueueId, after, through, PAGE);
    for (const row of rows) {
      after = row.seq;
      const target = toQueueId ?? row.source;
      if (target === null || target === fromQueueId || !isLive(target)) continue;
      const [seq] = allocate(sql, target, 1);
      sql.copyMessage.run(target, seq!, now, now, null, fromQueueId, row.seq);
      sql.deleteMessage.run(fromQueueId, row.seq);
      if (++moved === limit) break;
    }
    if (rows.length < PAGE) break;
  }
  return { moved, left: sql.countMessages.get(fromQueueId)!.n };
}
