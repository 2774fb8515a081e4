import type { PendingStreamRecord } from '../engine.js';
import type { OpenShard, OpenStreams } from './sqlite-stream-catalog.js';
import { RECORDS_PER_INSERT, type SqliteStreamStatements } from './sqlite-stream-statements.js';
import { toSequence } from './sqlite-stream-rows.js';

export type AppendListener = (streamId: number, shardId: string, lastSequence: bigint) => void;

/**
 * The write path's half of streams: appends records inside the engine's write transaction.
 *
 * Counters live in memory (OpenShard.next), so an append is one INSERT and nothing else: the stored
 * counter is the newest record's sequence (see COUNTER in sqlite-stream-statements.ts), so the shard row
 * is not rewritten on every commit. One connection writes, and it assigns
 * numbers in the order it applies writes, so commit order is sequence order. The engine must call
 * exactly one of committed() / rolledBack() after every transaction that may have appended.
 */
export class SqliteStreamAppender {
  readonly #sql: SqliteStreamStatements;
  readonly #open: OpenStreams;
  readonly #clock: () => number;
  /** Shards appended to in the current transaction → their counter before it. */
  readonly #touched = new Map<OpenShard, number>();
  readonly #listeners = new Set<AppendListener>();
  /** Records appended in the open transaction and not yet inserted: shard, seq, created_at, json, … */
  #rows: unknown[] = [];
  #now: number | undefined;

  constructor(sql: SqliteStreamStatements, open: OpenStreams, clock: () => number) {
    this.#sql = sql;
    this.#open = open;
    this.#clock = clock;
  }

  /** Appends `record` to the table's open stream; dropped when the table has none. */
  append(tableId: number, record: PendingStreamRecord): void {
    const stream = this.#open.get(tableId);
    if (!stream) return;
    const shards = stream.shards;
    let shard = shards[0]!;
    for (let i = 1; i < shards.length && shards[i]!.hashFrom <= record.hash; i++) shard = shards[i]!;
    if (!this.#touched.has(shard)) this.#touched.set(shard, shard.next);
    this.#now ??= this.#clock();
    this.#rows.push(shard.rowId, shard.next, this.#now, record.json);
    shard.next++;
  }

  /**
   * Inserts the transaction's records, just before COMMIT: RECORDS_PER_INSERT at a time, the rest one
   * by one. Nothing reads them inside the transaction that appends them.
   */
  beforeCommit(): void {
    const rows = this.#rows;
    if (rows.length === 0) return;
    this.#rows = [];
    const width = 4 * RECORDS_PER_INSERT;
    let i = 0;
    for (; i + width <= rows.length; i += width) this.#sql.insertRecords.run(...rows.slice(i, i + width));
    for (; i < rows.length; i += 4) {
      this.#sql.insertRecord.run(rows[i] as number, rows[i + 1] as number, rows[i + 2] as number, rows[i + 3] as string);
    }
  }

  /** After COMMIT: tells listeners, once per touched shard, its newest sequence number. */
  committed(): void {
    this.#now = undefined;
    if (this.#touched.size === 0) return;
    const touched = [...this.#touched.keys()];
    this.#touched.clear();
    if (this.#listeners.size === 0) return;
    for (const shard of touched) {
      const last = toSequence(shard.next - 1);
      for (const listener of this.#listeners) {
        try {
          listener(shard.streamId, shard.shardId, last);
        } catch {
          // A listener's failure is its own; the write has committed either way.
        }
      }
    }
  }

  /** After ROLLBACK: puts the counters back where the last commit left them. */
  rolledBack(): void {
    this.#now = undefined;
    this.#rows = [];
    for (const [shard, next] of this.#touched) shard.next = next;
    this.#touched.clear();
  }

  onAppend(listener: AppendListener): () => void {
    // A wrapper per subscription, so the same function subscribed twice is called twice and
    // unsubscribing one leaves the other.
    const entry: AppendListener = (...args) => listener(...args);
    this.#listeners.add(entry);
    return () => void this.#listeners.delete(entry);
  }
}
