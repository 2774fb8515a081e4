import type { Database } from 'better-sqlite3';
import { lazy, type LazyStatement } from './lazy-statement.js';
import type { BlockTableRow, ShardTableRow, StreamTableRow } from './sqlite-stream-rows.js';
import { LIMIT } from './sql-limit.js';

const STREAM = 'id, table_id, table_name, label, meta, created_at, closed_at';
/**
 * A shard's counter: the stored next_seq, or one past its newest record when that is higher. The writer
 * does not store its counter on every commit (that would rewrite the shard row's page each time); the
 * records carry it, and it is stored when shards close and before records are trimmed.
 */
const COUNTER =
  'max(next_seq, coalesce((SELECT last_seq + 1 FROM stream_blocks WHERE shard = shards.id ORDER BY first_seq DESC LIMIT 1), 0))';
const SHARD = `id, stream_id, shard_id, parent_shard_id, hash_from, hash_to, starting_seq, ${COUNTER} AS next_seq, ending_seq, trimmed_through, created_at, closed_at`;

/** The stream statements, each prepared on its first use. Sequence columns hold offsets (see stream-sequences.ts). */
export class SqliteStreamStatements {
  readonly openStreams: LazyStatement<[], StreamTableRow>;
  readonly openStreamOf: LazyStatement<[tableId: number], StreamTableRow>;
  readonly listStreams: LazyStatement<[], StreamTableRow>;
  readonly streamByLabel: LazyStatement<[tableName: string, label: string], StreamTableRow>;
  readonly streamById: LazyStatement<[id: number], StreamTableRow>;
  readonly closedStreamsBefore: LazyStatement<[before: number], { id: number }>;
  readonly insertStream: LazyStatement<[tableId: number, tableName: string, label: string, meta: string, createdAt: number]>;
  readonly updateStreamMeta: LazyStatement<[meta: string, id: number]>;
  readonly closeStream: LazyStatement<[closedAt: number, id: number]>;
  readonly deleteStream: LazyStatement<[id: number]>;

  readonly openShards: LazyStatement<[], ShardTableRow>;
  readonly openShardsOf: LazyStatement<[streamId: number], ShardTableRow>;
  readonly shardsOf: LazyStatement<[streamId: number], ShardTableRow>;
  readonly allShards: LazyStatement<[], ShardTableRow>;
  readonly shardRowId: LazyStatement<[streamId: number, shardId: string], { id: number }>;
  readonly nextShardRowId: LazyStatement<[], { id: number }>;
  readonly insertShard: LazyStatement<
    [id: number, streamId: number, shardId: string, parent: string | null, hashFrom: number, hashTo: number, start: number, next: number, createdAt: number]
  >;
  /** Stores a shard's counter (see COUNTER), so trimming its records cannot lose it. */
  readonly settleCounter: LazyStatement<[id: number]>;
  readonly closeShards: LazyStatement<[closedAt: number, streamId: number]>;
  readonly setTrimmedThrough: LazyStatement<[seq: number, id: number]>;
  readonly deleteShardsOf: LazyStatement<[streamId: number]>;
  readonly deleteEmptyClosedShards: LazyStatement<[before: number]>;

  /** One commit's records of one shard (see migration 6): first..last, joined by newlines. */
  readonly insertBlock: LazyStatement<[shard: number, first: number, last: number, createdAt: number, records: string | Buffer]>;
  /** The blocks holding records from sequence `from` on, oldest first: the one holding `from`, then the rest. */
  readonly readBlocks: LazyStatement<[shard: number, sameShard: number, from: number, limit: number], BlockTableRow>;
  /** The first sequence of the oldest block created at or after `at`. */
  readonly firstRetainedAt: LazyStatement<[shard: number, at: number], { seq: number }>;
  /** The newest sequence of the blocks starting before `seq` (blocks are cut only at their start). */
  readonly lastRecordBefore: LazyStatement<[shard: number, seq: number], { seq: number }>;
  /** Deletes the blocks starting before `seq`. */
  readonly deleteRecordsBefore: LazyStatement<[shard: number, seq: number]>;
  readonly deleteRecordsOf: LazyStatement<[streamId: number]>;

  constructor(db: Database) {
    this.openStreams = lazy(db, `SELECT ${STREAM} FROM streams WHERE closed_at IS NULL`);
    this.openStreamOf = lazy(db, `SELECT ${STREAM} FROM streams WHERE table_id = ? AND closed_at IS NULL`);
    this.listStreams = lazy(db, `SELECT ${STREAM} FROM streams ORDER BY table_name, created_at, id`);
    // The label alone is not unique (a table re-created in the same millisecond): the newest wins.
    this.streamByLabel = lazy(db, `SELECT ${STREAM} FROM streams WHERE table_name = ? AND label = ? ORDER BY id DESC LIMIT 1`);
    this.streamById = lazy(db, `SELECT ${STREAM} FROM streams WHERE id = ?`);
    this.closedStreamsBefore = lazy(db, 'SELECT id FROM streams WHERE closed_at < ?');
    this.insertStream = lazy(
      db,
      'INSERT INTO streams (table_id, table_name, label, meta, created_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.updateStreamMeta = lazy(db, 'UPDATE streams SET meta = ? WHERE id = ?');
    this.closeStream = lazy(db, 'UPDATE streams SET closed_at = ? WHERE id = ?');
    this.deleteStream = lazy(db, 'DELETE FROM streams WHERE id = ?');

    this.openShards = lazy(db, `SELECT ${SHARD} FROM shards WHERE closed_at IS NULL ORDER BY id`);
    this.openShardsOf = lazy(db, `SELECT ${SHARD} FROM shards WHERE stream_id = ? AND closed_at IS NULL ORDER BY id`);
    this.shardsOf = lazy(db, `SELECT ${SHARD} FROM shards WHERE stream_id = ? ORDER BY id`);
    this.allShards = lazy(db, `SELECT ${SHARD} FROM shards ORDER BY id`);
    this.shardRowId = lazy(db, 'SELECT id FROM shards WHERE stream_id = ? AND shard_id = ?');
    this.nextShardRowId = lazy(
      db,
      "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'shards'), 0) + 1 AS id",
    );
    this.insertShard = lazy(
      db,
      `INSERT INTO shards (id, stream_id, shard_id, parent_shard_id, hash_from, hash_to, starting_seq, next_seq, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.settleCounter = lazy(db, `UPDATE shards SET next_seq = ${COUNTER} WHERE id = ?`);
    this.closeShards = lazy(
      db,
      `UPDATE shards SET next_seq = ${COUNTER}, ending_seq = ${COUNTER} - 1, closed_at = ? WHERE stream_id = ? AND closed_at IS NULL`,
    );
    this.setTrimmedThrough = lazy(db, 'UPDATE shards SET trimmed_through = ? WHERE id = ?');
    this.deleteShardsOf = lazy(db, 'DELETE FROM shards WHERE stream_id = ?');
    this.deleteEmptyClosedShards = lazy(
      db,
      'DELETE FROM shards WHERE closed_at < ? AND NOT EXISTS (SELECT 1 FROM stream_blocks WHERE shard = shards.id)',
    );

    this.insertBlock = lazy(db, 'INSERT INTO stream_blocks (shard, first_seq, last_seq, created_at, records) VALUES (?, ?, ?, ?, ?)');
    this.readBlocks = lazy(
      db,
      `SELECT first_seq, created_at, records FROM stream_blocks
       WHERE shard = ? AND first_seq >= coalesce(
         (SELECT first_seq FROM stream_blocks WHERE shard = ? AND first_seq <= ? ORDER BY first_seq DESC LIMIT 1), -1)
       ORDER BY first_seq ${LIMIT}`,
    );
    this.firstRetainedAt = lazy(
      db,
      'SELECT first_seq AS seq FROM stream_blocks WHERE shard = ? AND created_at >= ? ORDER BY first_seq LIMIT 1',
    );
    this.lastRecordBefore = lazy(
      db,
      'SELECT last_seq AS seq FROM stream_blocks WHERE shard = ? AND first_seq < ? ORDER BY first_seq DESC LIMIT 1',
    );
    this.deleteRecordsBefore = lazy(db, 'DELETE FROM stream_blocks WHERE shard = ? AND first_seq < ?');
    this.deleteRecordsOf = lazy(db, 'DELETE FROM stream_blocks WHERE shard IN (SELECT id FROM shards WHERE stream_id = ?)');
  }
}
