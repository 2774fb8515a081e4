import type { ShardRead, ShardRow, StoredStreamRecord, StreamRow } from '../engine.js';
import type { SqliteStreamStatements } from './sqlite-stream-statements.js';
import { toOffset, toSequence, toShardRow, toStreamRow } from './sqlite-stream-rows.js';

/** Stream reads: plain SELECTs outside any transaction (each statement sees one committed state). */
export class SqliteStreamReader {
  readonly #sql: SqliteStreamStatements;

  constructor(sql: SqliteStreamStatements) {
    this.#sql = sql;
  }

  list<M>(): StreamRow<M>[] {
    return this.#sql.listStreams.all().map((row) => toStreamRow<M>(row));
  }

  get<M>(tableName: string, label: string): { stream: StreamRow<M>; shards: ShardRow[] } | undefined {
    const row = this.#sql.streamByLabel.get(tableName, label);
    if (!row) return undefined;
    return { stream: toStreamRow<M>(row), shards: this.#sql.shardsOf.all(row.id).map(toShardRow) };
  }

  read(read: ShardRead): StoredStreamRecord[] {
    if (!(read.limit > 0)) return [];
    const shard = this.#sql.shardRowId.get(read.streamId, read.shardId);
    if (!shard) return [];
    const after =
      read.after !== undefined ? toOffset(read.after) : read.from !== undefined ? toOffset(read.from) - 1 : -1;
    const maxBytes = read.maxBytes ?? Infinity;
    const records: StoredStreamRecord[] = [];
    let bytes = 0;
    for (const row of this.#sql.readRecords.iterate(shard.id, after, Math.floor(read.limit))) {
      bytes += row.json.length;
      if (bytes > maxBytes && records.length > 0) break;
      records.push({ sequence: toSequence(row.seq), json: row.json, createdAt: row.created_at });
    }
    return records;
  }
}
