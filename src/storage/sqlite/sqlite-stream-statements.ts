import type { Database, Statement } from 'better-sqlite3';
import type { BlockTableRow, ShardTableRow, StreamTableRow } from './sqlite-stream-rows.js';

const STREAM = 'id, table_id, table_name, label, meta, created_at, closed_at';
/**
 * A shard's counter: the stored next_seq, or one past its newest record when that is higher. The writer
 * does not store its counter on every commit (that would rewrite the shard row's page each time); the
 * records carry it, and it is stored when shards close and before records are trimmed.
 */
const COUNTER =
  'max(next_seq, coalesce((SELECT last_seq + 1 FROM stream_blocks WHERE shard = shards.id ORDER BY first_seq DESC LIMIT 1), 0))';
const SHARD = `id, stream_id, shard_id, parent_shard_id, hash_from, hash_to, starting_seq, ${COUNTER} AS next_seq, ending_seq, trimmed_through, created_at, closed_at`;

/** The stream statements, prepared once at open. Sequence columns hold offsets (see stream-sequences.ts). */
export class SqliteStreamStatements {
  readonly openStreams: Statement<[], StreamTableRow>;
  readonly openStreamOf: Statement<[tableId: number], StreamTableRow>;
  readonly listStreams: Statement<[], StreamTableRow>;
  readonly streamByLabel: Statement<[tableName: string, label: string], StreamTableRow>;
  readonly streamById: Statement<[id: number], StreamTableRow>;
  readonly closedStreamsBefore: Statement<[before: number], { id: number }>;
  readonly insertStream: Statement<[tableId: number, tableName: string, label: string, meta: string, createdAt: number]>;
  readonly updateStreamMeta: Statement<[meta: string, id: number]>;
  readonly closeStream: Statement<[closedAt: number, id: number]>;
  readonly deleteStream: Statement<[id: number]>;

  readonly openShards: Statement<[], ShardTableRow>;
  readonly openShardsOf: Statement<[streamId: number], ShardTableRow>;
  readonly shardsOf: Statement<[streamId: number], ShardTableRow>;
  readonly allShards: Statement<[], ShardTableRow>;
  readonly shardRowId: Statement<[streamId: number, shardId: string], { id: number }>;
  readonly nextShardRowId: Statement<[], { id: number }>;
  readonly insertShard: Statement<
    [id: number, streamId: number, shardId: string, parent: string | null, hashFrom: number, hashTo: number, start: number, next: number, createdAt: number]
  >;
  /** Stores a shard's counter (see COUNTER), so trimming its records cannot lose it. */
  readonly settleCounter: Statement<[id: number]>;
  readonly closeShards: Statement<[closedAt: number, streamId: number]>;
  readonly setTrimmedThrough: Statement<[seq: number, id: number]>;
  readonly deleteShardsOf: Statement<[streamId: number]>;
  readonly deleteEmptyClosedShards: Statement<[before: number]>;

  /** One commit's records of one shard (see migration 6): first..last, joined by newlines. */
  readonly insertBlock: Statement<[shard: number, first: number, last: number, createdAt: number, records: string | Buffer]>;
  /** The blocks holding records from sequence `from` on, oldest first: the one holding `from`, then the rest. */
  readonly readBlocks: Statement<[shard: number, sameShard: number, from: number, limit: number], BlockTableRow>;
  /** The first sequence of the oldest block created at or after `at`. */
  readonly firstRetainedAt: Statement<[shard: number, at: number], { seq: number }>;
  /** The newest sequence of the blocks starting before `seq` (blocks are cut only at their start). */
  readonly lastRecordBefore: Statement<[shard: number, seq: number], { seq: number }>;
  /** Deletes the blocks starting before `seq`. */
  readonly deleteRecordsBefore: Statement<[shard: number, seq: number]>;
  readonly deleteRecordsOf: Statement<[streamId: number]>;

  constructor(db: Database) {
    this.openStreams = db.prepare(`SELECT ${STREAM} FROM streams WHERE closed_at IS NULL`);
    this.openStreamOf = db.prepare(`SELECT ${STREAM} FROM streams WHERE table_id = ? AND closed_at IS NULL`);
    this.listStreams = db.prepare(`SELECT ${STREAM} FROM streams ORDER BY table_name, created_at, id`);
    // The label alone is not unique (a table re-created in the same millisecond): the newest wins.
    this.streamByLabel = db.prepare(`SELECT ${STREAM} FROM streams WHERE table_name = ? AND label = ? ORDER BY id DESC LIMIT 1`);
    this.streamById = db.prepare(`SELECT ${STREAM} FROM streams WHERE id = ?`);
    this.closedStreamsBefore = db.prepare('SELECT id FROM streams WHERE closed_at < ?');
    this.insertStream = db.prepare(
      'INSERT INTO streams (table_id, table_name, label, meta, created_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.updateStreamMeta = db.prepare('UPDATE streams SET meta = ? WHERE id = ?');
    this.closeStream = db.prepare('UPDATE streams SET closed_at = ? WHERE id = ?');
    this.deleteStream = db.prepare('DELETE FROM streams WHERE id = ?');

    this.openShards = db.prepare(`SELECT ${SHARD} FROM shards WHERE closed_at IS NULL ORDER BY id`);
    this.openShardsOf = db.prepare(`SELECT ${SHARD} FROM shards WHERE stream_id = ? AND closed_at IS NULL ORDER BY id`);
    this.shardsOf = db.prepare(`SELECT ${SHARD} FROM shards WHERE stream_id = ? ORDER BY id`);
    this.allShards = db.prepare(`SELECT ${SHARD} FROM shards ORDER BY id`);
    this.shardRowId = db.prepare('SELECT id FROM shards WHERE stream_id = ? AND shard_id = ?');
    this.nextShardRowId = db.prepare(
      "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'shards'), 0) + 1 AS id",
    );
    this.insertShard = db.prepare(
      `INSERT INTO shards (id, stream_id, shard_id, parent_shard_id, hash_from, hash_to, starting_seq, next_seq, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.settleCounter = db.prepare(`UPDATE shards SET next_seq = ${COUNTER} WHERE id = ?`);
    this.closeShards = db.prepare(
      `UPDATE shards SET next_seq = ${COUNTER}, ending_seq = ${COUNTER} - 1, closed_at = ? WHERE stream_id = ? AND closed_at IS NULL`,
    );
    this.setTrimmedThrough = db.prepare('UPDATE shards SET trimmed_through = ? WHERE id = ?');
    this.deleteShardsOf = db.prepare('DELETE FROM shards WHERE stream_id = ?');
    this.deleteEmptyClosedShards = db.prepare(
      'DELETE FROM shards WHERE closed_at < ? AND NOT EXISTS (SELECT 1 FROM stream_blocks WHERE shard = shards.id)',
    );

    this.insertBlock = db.prepare('INSERT INTO stream_blocks (shard, first_seq, last_seq, created_at, records) VALUES (?, ?, ?, ?, ?)');
    this.readBlocks = db.prepare(
      `SELECT first_seq, created_at, records FROM stream_blocks
       WHERE shard = ? AND first_seq >= coalesce(
         (SELECT first_seq FROM stream_blocks WHERE shard = ? AND first_seq <= ? ORDER BY first_seq DESC LIMIT 1), -1)
       ORDER BY first_seq LIMIT ?`,
    );
    this.firstRetainedAt = db.prepare(
      'SELECT first_seq AS seq FROM stream_blocks WHERE shard = ? AND created_at >= ? ORDER BY first_seq LIMIT 1',
    );
    this.lastRecordBefore = db.prepare(
      'SELECT last_seq AS seq FROM stream_blocks WHERE shard = ? AND first_seq < ? ORDER BY first_seq DESC LIMIT 1',
    );
    this.deleteRecordsBefore = db.prepare('DELETE FROM stream_blocks WHERE shard = ? AND first_seq < ?');
    this.deleteRecordsOf = db.prepare('DELETE FROM stream_blocks WHERE shard IN (SELECT id FROM shards WHERE stream_id = ?)');
  }
}
