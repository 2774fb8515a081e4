import type { ShardRow, StreamRow } from '../engine.js';
import { toSequence } from '../stream-sequences.js';

// Row shapes of the SQLite stream tables and their conversion to the engine's; sequence columns hold
// offsets (stream-sequences.ts).

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
