import type { TableStreamSpec } from '../engine.js';
import { StorageError } from './sqlite-errors.js';
import type { ShardTableRow } from './sqlite-stream-rows.js';
import { baseOffset, shardIdOf, splitHashSpace } from '../stream-sequences.js';
import type { SqliteStreamStatements } from './sqlite-stream-statements.js';

/** An open shard as the writer sees it; `next` is its counter (the next offset to assign). */
export interface OpenShard {
  readonly rowId: number;
  readonly streamId: number;
  readonly shardId: string;
  readonly hashFrom: number;
  readonly hashTo: number;
  next: number;
}

export interface OpenStream {
  readonly id: number;
  readonly label: string;
  /** In hash order: they partition the hash space. */
  readonly shards: OpenShard[];
}

/** Table id → its open stream: what the write path consults, kept in step with every stream change. */
export type OpenStreams = Map<number, OpenStream>;

/**
 * Opens, closes, rotates and trims streams. Every method runs inside a transaction the engine holds,
 * and updates the open-stream cache as it goes; if that transaction rolls back, the engine calls
 * `load()` to rebuild the cache from what was committed.
 */
export class SqliteStreamCatalog {
  readonly #sql: SqliteStreamStatements;
  readonly #open: OpenStreams;

  constructor(sql: SqliteStreamStatements, open: OpenStreams) {
    this.#sql = sql;
    this.#open = open;
    this.load();
  }

  load(): void {
    this.#open.clear();
    const shards = this.#sql.openShards.all();
    for (const row of this.#sql.openStreams.all()) {
      const own = shards.filter((shard) => shard.stream_id === row.id).map(toOpenShard);
      this.#open.set(row.table_id, { id: row.id, label: row.label, shards: sortByHash(own) });
    }
  }

  /** Brings the table's stream in line with `spec` (see TableStreamSpec); no spec leaves it as it is. */
  reconcile(tableId: number, tableName: string, spec: TableStreamSpec | undefined, now: number): void {
    if (spec === undefined) return;
    const current = this.#open.get(tableId);
    if (!spec.enabled) {
      if (current) this.closeTable(tableId, now);
      return;
    }
    const meta = JSON.stringify(spec.meta ?? null);
    if (current && current.label === spec.label) {
      this.#sql.updateStreamMeta.run(meta, current.id);
      return;
    }
    if (current) this.closeTable(tableId, now);
    const count = spec.shardCount ?? 1;
    if (!Number.isInteger(count) || count < 1 || count > 2 ** 16) {
      throw new StorageError(`shardCount must be an integer from 1 to 65536, got ${count}`);
    }
    const id = Number(this.#sql.insertStream.run(tableId, tableName, spec.label, meta, now).lastInsertRowid);
    const start = baseOffset(now);
    const shards = splitHashSpace(count).map((range) => this.#insertShard(id, undefined, range, start, now));
    this.#open.set(tableId, { id, label: spec.label, shards });
  }

  /** The id of the table's open stream, if it has one. */
  openStreamOf(tableId: number): number | undefined {
    return this.#open.get(tableId)?.id;
  }

  /** Closes the table's open stream and its shards, if it has one. */
  closeTable(tableId: number, now: number): void {
    const current = this.#open.get(tableId);
    if (!current) return;
    this.#sql.closeShards.run(now, current.id);
    this.#sql.closeStream.run(now, current.id);
    this.#open.delete(tableId);
  }

  /** Closes each open shard of an open stream and opens a child with its hash range, starting above it. */
  rotate(streamId: number, now: number): void {
    const stream = this.#sql.streamById.get(streamId);
    if (!stream || stream.closed_at !== null) return;
    const parents = this.#sql.openShardsOf.all(streamId);
    this.#sql.closeShards.run(now, streamId);
    const children = parents.map((parent) =>
      this.#insertShard(
        streamId,
        parent.shard_id,
        { hashFrom: parent.hash_from, hashTo: parent.hash_to },
        Math.max(parent.next_seq, baseOffset(now)),
        now,
      ),
    );
    this.#open.set(stream.table_id, { id: streamId, label: stream.label, shards: sortByHash(children) });
  }

  /**
   * Deletes, per shard, the records before the first one created at or after `before` (so that
   * trimmed_through stays exact even if the clock stepped back), streams closed before `before` with
   * everything in them, and closed shards left empty that were closed before `before`.
   */
  trim(before: number): void {
    const sql = this.#sql;
    for (const { id } of sql.closedStreamsBefore.all(before)) {
      sql.deleteRecordsOf.run(id);
      sql.deleteShardsOf.run(id);
      sql.deleteStream.run(id);
    }
    for (const shard of sql.allShards.all()) {
      const cut = sql.firstRetainedAt.get(shard.id, before)?.seq ?? Number.MAX_SAFE_INTEGER;
      const last = sql.lastRecordBefore.get(shard.id, cut)?.seq;
      if (last === undefined) continue;
      sql.settleCounter.run(shard.id);
      sql.deleteRecordsBefore.run(shard.id, cut);
      sql.setTrimmedThrough.run(last, shard.id);
    }
    sql.deleteEmptyClosedShards.run(before);
  }

  #insertShard(
    streamId: number,
    parentShardId: string | undefined,
    range: { hashFrom: number; hashTo: number },
    start: number,
    now: number,
  ): OpenShard {
    const rowId = this.#sql.nextShardRowId.get()!.id;
    const shardId = shardIdOf(now, rowId);
    this.#sql.insertShard.run(rowId, streamId, shardId, parentShardId ?? null, range.hashFrom, range.hashTo, start, start, now);
    return { rowId, streamId, shardId, hashFrom: range.hashFrom, hashTo: range.hashTo, next: start };
  }
}

function toOpenShard(row: ShardTableRow): OpenShard {
  return { rowId: row.id, streamId: row.stream_id, shardId: row.shard_id, hashFrom: row.hash_from, hashTo: row.hash_to, next: row.next_seq };
}

const sortByHash = (shards: OpenShard[]): OpenShard[] => shards.sort((a, b) => a.hashFrom - b.hashFrom);
