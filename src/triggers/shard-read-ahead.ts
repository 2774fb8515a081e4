import type { StoredStreamRecord } from '../storage/engine.js';

/** The two ways of reading a shard the read-ahead uses. */
export interface ShardReads {
  /** Records after `after`, waiting for an append when there are none yet (ShardWatcher.read, with the caller's wait options). */
  waiting(after: bigint, limit: number): Promise<StoredStreamRecord[]>;
  /** Records after `after` as stored now, possibly none (StorageEngine.readShard). */
  now(after: bigint, limit: number): Promise<StoredStreamRecord[]>;
}

/**
 * One shard's records read ahead of the batches a worker gathers: a read fetches up to `ahead` records
 * (or the batch size, when larger) and the next batches are taken from them, so a consumer of batches
 * of 10 reads the stream once per `ahead` records instead of once per batch. What a worker sees is what
 * reading each batch from the stream would give: `take(after, limit)` answers the records after `after`,
 * up to `limit`; a short remainder is topped up from the stream without waiting; nothing is dropped
 * until the caller moves past it (a tumbling window's cut or a stop leaves the rest for the next take).
 * Stored records never change, so holding them is safe; a worker that starts again starts empty.
 */
export class ShardReadAhead {
  readonly #ahead: number;
  #records: StoredStreamRecord[] = [];

  constructor(ahead: number) {
    this.#ahead = ahead;
  }

  async take(after: bigint, limit: number, reads: ShardReads): Promise<StoredStreamRecord[]> {
    this.#dropThrough(after);
    if (this.#records.length < limit) {
      const from = this.#records.at(-1)?.sequence ?? after;
      const want = Math.max(limit - this.#records.length, this.#ahead);
      const more = this.#records.length === 0 ? await reads.waiting(from, Math.max(limit, this.#ahead)) : await reads.now(from, want);
      // A take that raced a newer one (never, with one worker per shard) could append twice: keep order and uniqueness.
      const last = this.#records.at(-1)?.sequence ?? after;
      for (const record of more) if (record.sequence > last) this.#records.push(record);
    }
    return this.#records.length <= limit ? this.#records.slice() : this.#records.slice(0, limit);
  }

  #dropThrough(after: bigint): void {
    const records = this.#records;
    let keep = 0;
    while (keep < records.length && records[keep]!.sequence <= after) keep++;
    if (keep === records.length) this.#records = [];
    else if (keep > 0) this.#records = records.slice(keep);
  }
}
