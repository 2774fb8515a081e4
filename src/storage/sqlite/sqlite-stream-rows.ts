import type { ShardRow, StreamRow } from '../engine.js';

/**
 * Sequence numbers and shard ids as the SQLite engine makes them.
 *
 * A sequence number is 10^20 + offset, so its decimal text has 21 digits (DynamoDB's are 21–40 digits).
 * Only the offset is stored. A shard created at epoch ms `t` starts at offset t·1000 (a child shard at
 * max(t·1000, its parent's next offset), so it always starts above its parent's end) and counts up by
 * one per record. Offsets stay below 2^53, so they are plain numbers inside the engine until year 2255.
 */
const SEQUENCE_ZERO = 10n ** 20n;
const MAX_OFFSET = Number.MAX_SAFE_INTEGER;

export const toSequence = (offset: number): bigint => SEQUENCE_ZERO + BigInt(offset);

/** The offset of `sequence`, clamped to [-1, MAX_SAFE_INTEGER] (sequences outside it match nothing or everything). */
export function toOffset(sequence: bigint): number {
  const offset = sequence - SEQUENCE_ZERO;
  if (offset < -1n) return -1;
  return offset > BigInt(MAX_OFFSET) ? MAX_OFFSET : Number(offset);
}

/** The first offset of a root shard created at `now` (epoch ms). */
export const baseOffset = (now: number): number => Math.max(0, Math.floor(now)) * 1000;

/** `shardId-<creation ms, 20 digits>-<shard row id, 8 hex>`: unique since row ids are never reused. */
export const shardIdOf = (createdAt: number, rowId: number): string =>
  `shardId-${String(Math.max(0, Math.floor(createdAt))).padStart(20, '0')}-${(rowId >>> 0).toString(16).padStart(8, '0')}`;

const HASH_SPACE = 2 ** 32;

/** `count` inclusive ranges that split the 32-bit hash space evenly, in order. */
export function splitHashSpace(count: number): { hashFrom: number; hashTo: number }[] {
  return Array.from({ length: count }, (_, i) => ({
    hashFrom: Math.floor((i * HASH_SPACE) / count),
    hashTo: Math.floor(((i + 1) * HASH_SPACE) / count) - 1,
  }));
}

export interface StreamTableRow {
  id: number;
  table_id: number;
  table_name: string;
  label: string;
  meta: string;
  created_at: number;
  closed_at: number | null;
}

export interface ShardTableRow {
  id: number;
  stream_id: number;
  shard_id: string;
  parent_shard_id: string | null;
  hash_from: number;
  hash_to: number;
  starting_seq: number;
  next_seq: number;
  ending_seq: number | null;
  trimmed_through: number | null;
  created_at: number;
  closed_at: number | null;
}

/** A block of stream_blocks (migration 6): records first_seq, first_seq + 1, … joined by newlines. */
export interface BlockTableRow {
  first_seq: number;
  created_at: number;
  /** Text, or compressed text (see sqlite-stream-blocks.ts). */
  records: string | Buffer;
}

export function toStreamRow<M>(row: StreamTableRow): StreamRow<M> {
  return {
    id: row.id,
    tableName: row.table_name,
    label: row.label,
    meta: JSON.parse(row.meta) as M,
    createdAt: row.created_at,
    ...(row.closed_at === null ? {} : { closedAt: row.closed_at }),
  };
}

export function toShardRow(row: ShardTableRow): ShardRow {
  return {
    shardId: row.shard_id,
    ...(row.parent_shard_id === null ? {} : { parentShardId: row.parent_shard_id }),
    hashFrom: row.hash_from,
    hashTo: row.hash_to,
    startingSequence: toSequence(row.starting_seq),
    ...(row.ending_seq === null ? {} : { endingSequence: toSequence(row.ending_seq) }),
    ...(row.trimmed_through === null ? {} : { trimmedThrough: toSequence(row.trimmed_through) }),
    ...(row.next_seq > row.starting_seq ? { lastSequence: toSequence(row.next_seq - 1) } : {}),
    createdAt: row.created_at,
    ...(row.closed_at === null ? {} : { closedAt: row.closed_at }),
  };
}
