import type { Database, Statement } from 'better-sqlite3';
import type { RecordTableRow, ShardTableRow, StreamTableRow } from './sqlite-stream-rows.js';

const STREAM = 'id, table_id, table_name, label, meta, created_at, closed_at';
/**
 * A shard's counter: the stored next_seq, or one past its newest record when that is higher. The writer
 * does not store its counter on every commit (that would rewrite the shard row's page each time); the
 * records carry it, and it is stored when shards close and before records are trimmed.
 */
const COUNTER = 'max(next_seq, coalesce((SELECT max(seq) + 1 FROM stream_records WHERE shard = shards.id), 0))';
const SHARD = `id, stream_id, shard_id, parent_shard_id, hash_from, hash_to, starting_seq, ${COUNTER} AS next_seq, ending_seq, trimmed_through, created_at, closed_at`;

/** Records written by one multi-row INSERT when a commit has that many (fewer statement runs per record). */
export const RECORDS_PER_INSERT = 16;

/** The stream statements, prepared once at open. Sequence columns hold offsets (see sqlite-stream-rows.ts). */
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

  readonly insertRecord: Statement<[shard: number, seq: number, createdAt: number, json: string]>;
  /** RECORDS_PER_INSERT records in one statement: (shard, seq, created_at, json) × RECORDS_PER_INSERT. */
  readonly insertRecords: Statement<unknown[]>;
  readonly readRecords: Statement<[shard: number, after: number, limit: number], RecordTableRow>;
  readonly firstRetainedAt: Statement<[shard: number, at: number], { seq: number }>;
  readonly lastRecordBefore: Statement<[shard: number, seq: number], { seq: number }>;
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
      'DELETE FROM shards WHERE closed_at < ? AND NOT EXISTS (SELECT 1 FROM stream_records WHERE shard = shards.id)',
    );

    this.insertRecord = db.prepare('INSERT INTO stream_records (shard, seq, created_at, json) VALUES (?, ?, ?, ?)');
    this.insertRecords = db.prepare(
      `INSERT INTO stream_records (shard, seq, created_at, json) VALUES ${Array(RECORDS_PER_INSERT).fill('(?, ?, ?, ?)').join(', ')}`,
    );
    this.readRecords = db.prepare('SELECT seq, created_at, json FROM stream_records WHERE shard = ? AND seq > ? ORDER BY seq LIMIT ?');
    this.firstRetainedAt = db.prepare(
      'SELECT seq FROM stream_records WHERE shard = ? AND created_at >= ? ORDER BY seq LIMIT 1',
    );
    this.lastRecordBefore = db.prepare('SELECT seq FROM stream_records WHERE shard = ? AND seq < ? ORDER BY seq DESC LIMIT 1');
    this.deleteRecordsBefore = db.prepare('DELETE FROM stream_records WHERE shard = ? AND seq < ?');
    this.deleteRecordsOf = db.prepare('DELETE FROM stream_records WHERE shard IN (SELECT id FROM shards WHERE stream_id = ?)');
  }
}
