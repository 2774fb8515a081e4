import type { QueueRecord, StoredMessage } from '../queue-store.js';

export interface QueueTableRow {
  id: number;
  name: string;
  fifo: number;
  attributes: string;
  tags: string;
  created_at: number;
  modified_at: number;
  version: number;
}

/** A message as a claim returns it (receive_count already counts this receive). */
export interface ClaimedRow {
  messageId: string;
  body: string;
  payload: string;
  groupId: string | null;
  dedupKey: string | null;
  sentAt: number;
  receiveCount: number;
  firstReceivedAt: number;
  sourceQueueId: number | null;
}

export function toQueue<A>(row: QueueTableRow): QueueRecord<A> {
  return {
    id: row.id,
    name: row.name,
    fifo: row.fifo === 1,
    attributes: JSON.parse(row.attributes) as A,
    tags: JSON.parse(row.tags) as Record<string, string>,
    createdAt: row.created_at,
    modifiedAt: row.modified_at,
    version: row.version,
  };
}

/** The claimed message with its sequence and new nonce; optional fields only when set. */
export function toMessage(row: ClaimedRow, sequence: number, nonce: string): StoredMessage {
  return {
    messageId: row.messageId,
    sequence,
    body: row.body,
    payload: row.payload,
    ...(row.groupId !== null && { groupId: row.groupId }),
    ...(row.dedupKey !== null && { dedupKey: row.dedupKey }),
    sentAt: row.sentAt,
    receiveCount: row.receiveCount,
    firstReceivedAt: row.firstReceivedAt,
    nonce,
    ...(row.sourceQueueId !== null && { sourceQueueId: row.sourceQueueId }),
  };
}
