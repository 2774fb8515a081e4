import type { AppendedRecord, PendingStreamRecord } from '../engine.js';
import type { OpenShard, OpenStreams } from './sqlite-stream-catalog.js';
import type { SqliteStreamStatements } from './sqlite-stream-statements.js';
import { encodeBlock } from './sqlite-stream-blocks.js';
import { toSequence } from '../stream-sequences.js';

export type AppendListener = (streamId: number, shardId: string, lastSequence: bigint, count?: number) => void;

/** The records one transaction appends to one shard: sequence numbers `first`, `first + 1`, … */
interface PendingBlock {
  readonly first: number;
  readonly records: string[];
}

/**
 * The write path's half of streams: appends records inside the engine's write transaction.
 *
 * Counters live in memory (OpenShard.next), and a transaction's records of one shard are inserted as
 * one block row just before COMMIT (see migration 6), so a commit costs a stream one INSERT per shard
 * it touched and nothing else: the stored counter is the newest block's end (see COUNTER in
 * sqlite-stream-statements.ts), so the shard row is not rewritten on every commit. One connection
 * writes, and it assigns numbers in the order it applies writes, so commit order is sequence order.
 * The engine must call exactly one of committed() / rolledBack() after every transaction that may have
 * appended.
 */
export class SqliteStreamAppender {
  readonly #sql: SqliteStreamStatements;
  readonly #open: OpenStreams;
  readonly #clock: () => number;
  /**
   * The shards appended to in the open transaction, in first-append order, with their records. A new
   * Map per transaction, not clear(): a cleared Map's old table keeps its entries reachable until a full
   * GC, which made every record outlive two scavenges and be promoted to the old generation.
   */
  #blocks = new Map<OpenShard, PendingBlock>();
  readonly #listeners = new Set<AppendListener>();

  constructor(sql: SqliteStreamStatements, open: OpenStreams, clock: () => number) {
    this.#sql = sql;
    this.#open = open;
    this.#clock = clock;
  }

  /** Appends `record` to the table's open stream, answering its shard; dropped (undefined) when the table has none. */
  append(tableId: number, record: PendingStreamRecord): OpenShard | undefined {
    const stream = this.#open.get(tableId);
    if (!stream) return undefined;
    const shards = stream.shards;
    let shard = shards[0]!;
    for (let i = 1; i < shards.length && shards[i]!.hashFrom <= record.hash; i++) shard = shards[i]!;
    let block = this.#blocks.get(shard);
    if (block === undefined) {
      block = { first: shard.next, records: [] };
      this.#blocks.set(shard, block);
    }
    block.records.push(record.json);
    shard.next++;
    return shard;
  }

  /** Appends `records` in order (StorageEngine.appendStreamRecords), answering where each went. */
  appendAll(tableId: number, records: readonly PendingStreamRecord[]): (AppendedRecord | undefined)[] {
    return records.map((record) => {
      const shard = this.append(tableId, record);
      return shard && { shardId: shard.shardId, sequence: toSequence(shard.next - 1) };
    });
  }

  /**
   * Inserts the transaction's records, one block per shard, just before COMMIT (nothing reads them
   * inside the transaction that appends them). They all carry the same creation time: the commit's.
   */
  beforeCommit(): void {
    if (this.#blocks.size === 0) return;
    const now = this.#clock();
    for (const [shard, { first, records }] of this.#blocks) {
      this.#sql.insertBlock.run(shard.rowId, first, first + records.length - 1, now, encodeBlock(records));
    }
  }

  /** After COMMIT: tells listeners, once per touched shard, its newest sequence number. */
  committed(): void {
    if (this.#blocks.size === 0) return;
    const touched = this.#blocks;
    this.#blocks = new Map();
    if (this.#listeners.size === 0) return;
    for (const [shard, { records }] of touched) {
      const last = toSequence(shard.next - 1);
      for (const listener of this.#listeners) {
        try {
          listener(shard.streamId, shard.shardId, last, records.length);
        } catch {
          // A listener's failure is its own; the write has committed either way.
        }
      }
    }
  }

  /** After ROLLBACK: puts the counters back where the last commit left them. */
  rolledBack(): void {
    for (const [shard, block] of this.#blocks) shard.next = block.first;
    this.#blocks = new Map();
  }

  onAppend(listener: AppendListener): () => void {
    // A wrapper per subscription, so the same function subscribed twice is called twice and
    // unsubscribing one leaves the other.
    const entry: AppendListener = (...args) => listener(...args);
    this.#listeners.add(entry);
    return () => void this.#listeners.delete(entry);
  }
}
