import type { ShardRead, ShardRow, StoredStreamRecord, StreamRow } from '../engine.js';
import { DecodedBlocks } from './decoded-blocks.js';
import type { SqliteStreamStatements } from './sqlite-stream-statements.js';
import { toShardRow, toStreamRow } from './sqlite-stream-rows.js';
import { toOffset, toSequence } from '../stream-sequences.js';

/** Stream reads: plain SELECTs outside any transaction (each statement sees one committed state). */
export class SqliteStreamReader {
  readonly #sql: SqliteStreamStatements;
  readonly #decoded = new DecodedBlocks();

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
    const limit = Math.floor(read.limit);
    const maxBytes = read.maxBytes ?? Infinity;
    const records: StoredStreamRecord[] = [];
    let bytes = 0;
    // Each block holds at least one record, so `limit` blocks always hold enough.
    for (const block of this.#sql.readBlocks.iterate(shard.id, shard.id, after + 1, limit)) {
      const texts = this.#decoded.records(shard.id, block.first_seq, block.records);
      for (let i = Math.max(0, after + 1 - block.first_seq); i < texts.length; i++) {
        const json = texts[i]!;
        bytes += json.length;
        if (records.length === limit || (bytes > maxBytes && records.length > 0)) return records;
        records.push({ sequence: toSequence(block.first_seq + i), json, createdAt: block.created_at });
      }
    }
    return records;
  }
}
