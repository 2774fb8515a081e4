import type { PoolClient } from 'pg';
import type { PendingStreamRecord } from '../engine.js';
import { toSequence } from '../stream-sequences.js';
import { query } from './pg-pool.js';
import { sqlArray, sqlInt, sqlText } from './pg-literals.js';
import { statementShape, type ShapedStatement } from './pg-session-statements.js';
import type { PostgresNotifications } from './postgres-notifications.js';

/** The channel a commit that appended records notifies: `<stream id> <shard id> <newest offset>` per shard. */
export const APPENDS_CHANNEL = 'eddy_stream_appends';

/** One shard a committed transaction appended to, with the newest sequence number it assigned there. */
export interface StreamAppend {
  readonly streamId: number;
  readonly shardId: string;
  readonly lastSequence: bigint;
  /** How many records the write appended to the shard. */
  readonly count: number;
  /** Those records, in sequence order: the last has lastSequence. */
  readonly records: readonly PendingStreamRecord[];
}

/** An open shard as the appender last read it. */
interface OpenShard {
  readonly rowId: number;
  readonly streamId: number;
  readonly shardId: string;
  readonly hashFrom: number;
}

const OPEN_SHARDS = `
  SELECT sh.id, sh.stream_id, sh.shard_id, sh.hash_from
  FROM streams s JOIN stream_shards sh ON sh.stream_id = s.id
  WHERE s.table_id = $1 AND s.closed_at IS NULL AND sh.closed_at IS NULL
  ORDER BY sh.hash_from`;

/**
 * One statement per shard, sent with the COMMIT (postgres-item-writes.ts, postgres-record-appends.ts): takes
 * `n` sequence numbers from the shard's counter (only while it is open), inserts the records under them, and
 * NOTIFYs other nodes (delivered with the COMMIT). The UPDATE holds the shard row's lock until COMMIT, so
 * within a shard commit order is sequence order: no reader sees a sequence number before every lower one
 * has committed, and a close waits for this write and ends above it. A refused append cannot be seen before
 * the commit, so a closed shard fails the statement (eddy_shard_closed, SQLSTATE ED001, migration 18) and with
 * it the transaction, which the write runs again once it has forgotten the shards it knew.
 */
const APPEND_SHAPE = statementShape(
  'eddyw_append',
  ['bigint', 'bigint', 'bigint', 'text[]', 'text', 'text'],
  `WITH bumped AS (
  UPDATE stream_shards SET next_seq = next_seq + $2::bigint WHERE id = $1::bigint AND closed_at IS NULL RETURNING next_seq
), stored AS (
  INSERT INTO stream_records (shard, seq, created_at, json)
  SELECT $1::bigint, bumped.next_seq - $2::bigint + r.ord - 1, $3::bigint, r.json
  FROM bumped, unnest($4::text[]) WITH ORDINALITY AS r(json, ord)
)
SELECT next_seq, pg_notify($5::text, $6::text || (next_seq - 1)::text) AS notified
FROM (SELECT coalesce((SELECT next_seq FROM bumped), eddy_shard_closed($1::bigint)) AS next_seq) AS appended`,
);

function appendStatement(shard: OpenShard, records: readonly PendingStreamRecord[], createdAt: number, tag: string): ShapedStatement {
  return {
    shape: APPEND_SHAPE,
    args: [sqlInt(shard.rowId), sqlInt(records.length), sqlInt(createdAt), sqlArray(records.map((r) => sqlText(r.json)), 'text'), sqlText(APPENDS_CHANNEL), sqlText(tag)],
  };
}

/** The SQLSTATE of an append to a shard that was closed meanwhile (appendStatement). */
export const SHARD_CLOSED_SQLSTATE = 'ED001';

/** One append statement of a write batch, and what its answer (`next_seq`) is about. */
export interface PlannedAppend {
  readonly statement: ShapedStatement;
  /** The StreamAppend, once the statement has answered the shard's next sequence number. */
  readonly appended: (nextSeq: string) => StreamAppend;
}

/**
 * The write path's half of streams on PostgreSQL: the statements that append records in the caller's write
 * transaction.
 *
 * Each node remembers its tables' open shards, so an append costs one statement per shard touched (one
 * for a PutItem). That memory may be stale — another node may have disabled, replaced or rotated the
 * stream — and is checked by the append itself: a shard closed meanwhile fails it (appendStatement), and
 * the transaction runs again with the open shards read anew, by a statement that sees what was committed
 * before it. A table the memory knows no stream for is always read, so records are never dropped on stale
 * knowledge; they are dropped only when the table has no open stream.
 */
export class PostgresStreamAppender {
  readonly #notifications: PostgresNotifications;
  /** Table id → its open shards in hash order, as last read. */
  readonly #open = new Map<number, OpenShard[]>();

  constructor(notifications: PostgresNotifications) {
    this.#notifications = notifications;
  }

  /** Forgets what the appender knows of the table's shards (this node changed them). */
  forget(tableId: number): void {
    this.#open.delete(tableId);
  }

  /**
   * The statements that append `records` to the table's open shards, one a shard in row id order (a write
   * touching several shards locks them in the order closes do). Reads the open shards first, in the
   * caller's transaction, when this node knows none for the table.
   */
  async plan(client: PoolClient, tableId: number, records: readonly PendingStreamRecord[], createdAt: number): Promise<PlannedAppend[]> {
    if (records.length === 0) return [];
    const shards = this.#open.get(tableId) ?? (await this.#load(client, tableId));
    if (shards.length === 0) return [];
    const groups = [...groupByShard(records, shards)].sort(([a], [b]) => a.rowId - b.rowId);
    return groups.map(([shard, group]) => ({
      statement: appendStatement(shard, group, createdAt, this.#notifications.tag(`${shard.streamId} ${shard.shardId} `)),
      appended: (nextSeq) => ({ streamId: shard.streamId, shardId: shard.shardId, lastSequence: toSequence(Number(nextSeq) - 1), count: group.length, records: group }),
    }));
  }

  async #load(client: PoolClient, tableId: number): Promise<OpenShard[]> {
    const rows = await query<{ id: string; stream_id: string; shard_id: string; hash_from: string }>(client, OPEN_SHARDS, [tableId]);
    const shards = rows.map((row) => ({ rowId: Number(row.id), streamId: Number(row.stream_id), shardId: row.shard_id, hashFrom: Number(row.hash_from) }));
    if (shards.length > 0) this.#open.set(tableId, shards);
    else this.#open.delete(tableId);
    return shards;
  }
}

/** The shard (of `shards`, in hash order, partitioning the hash space) whose range holds `hash`. */
function shardFor(hash: number, shards: readonly OpenShard[]): OpenShard {
  let shard = shards[0]!;
  for (let i = 1; i < shards.length && shards[i]!.hashFrom <= hash; i++) shard = shards[i]!;
  return shard;
}

/** Each shard's records, in the order given. */
function groupByShard(records: readonly PendingStreamRecord[], shards: readonly OpenShard[]): Map<OpenShard, PendingStreamRecord[]> {
  if (shards.length === 1) return new Map([[shards[0]!, [...records]]]);
  const groups = new Map<OpenShard, PendingStreamRecord[]>();
  for (const record of records) {
    const shard = shardFor(record.hash, shards);
    const group = groups.get(shard);
    if (group) group.push(record);
    else groups.set(shard, [record]);
  }
  return groups;
}
