// Row shapes of migration 12's stream tables and their conversion to the engine's. bigint columns arrive
// as text (pg-pool.ts); sequence columns hold offsets from 10^20 (stream-sequences.ts), which fit in 2^53.
import type { ShardRow, StreamRow } from '../engine.js';
import { toSequence } from '../stream-sequences.js';

export interface StreamTableRow {
  id: string;
  table_name: string;
  label: string;
  meta: string;
  created_at: string;
  closed_at: string | null;
}

export interface ShardTableRow {
  shard_id: string;
  parent_shard_id: string | null;
  hash_from: string;
  hash_to: string;
  starting_seq: string;
  next_seq: string;
  ending_seq: string | null;
  trimmed_through: string | null;
  created_at: string;
  closed_at: string | null;
}

export const STREAM_COLUMNS = 'id, table_name, label, meta, created_at, closed_at';
export const SHARD_COLUMNS =
  'shard_id, parent_shard_id, hash_from, hash_to, starting_seq, next_seq, ending_seq, trimmed_through, created_at, closed_at';

export function toStreamRow<M>(row: StreamTableRow): StreamRow<M> {
  return {
    id: Number(row.id),
    tableName: row.table_name,
    label: row.label,
    meta: JSON.parse(row.meta) as M,
    createdAt: Number(row.created_at),
    ...(row.closed_at === null ? {} : { closedAt: Number(row.closed_at) }),
  };
}

export function toShardRow(row: ShardTableRow): ShardRow {
  const starting = Number(row.starting_seq);
  const next = Number(row.next_seq);
  return {
    shardId: row.shard_id,
    ...(row.parent_shard_id === null ? {} : { parentShardId: row.parent_shard_id }),
    hashFrom: Number(row.hash_from),
    hashTo: Number(row.hash_to),
    startingSequence: toSequence(starting),
    ...(row.ending_seq === null ? {} : { endingSequence: toSequence(Number(row.ending_seq)) }),
    ...(row.trimmed_through === null ? {} : { trimmedThrough: toSequence(Number(row.trimmed_through)) }),
    ...(next > starting ? { lastSequence: toSequence(next - 1) } : {}),
    createdAt: Number(row.created_at),
    ...(row.closed_at === null ? {} : { closedAt: Number(row.closed_at) }),
  };
}
