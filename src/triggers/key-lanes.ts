import type { BatchRecord, BatchResult } from './batch-processor.js';
import { ShardProgress } from './shard-progress.js';

export interface KeyLanesDeps {
  /** ParallelizationFactor: how many batches of the shard may be in flight at once. */
  readonly lanes: number;
  readonly batchSize: number;
  /** The record's partition key: records with the same key always share a lane. */
  keyOf(record: BatchRecord): string;
  /**
   * Delivers one batch on `lane` (processBatch: retries, bisect, discard). `finished(sequence)` is its
   * checkpoint: the batch's records up to `sequence` are handled; false when the lease is lost.
   */
  process(lane: number, batch: readonly BatchRecord[], finished: (sequence: bigint) => Promise<boolean>): Promise<BatchResult>;
  /** Stores the shard's position; false when the lease is lost. */
  checkpoint(sequence: bigint): Promise<boolean>;
}

/**
 * ParallelizationFactor for one shard (SEMANTICS.md §B.4): records go to one of N lanes by a hash of
 * their partition key; each lane delivers its records in order, one batch at a time, so records of one
 * key are never processed concurrently or out of order while different keys proceed side by side. A
 * failing batch blocks only its lane. The shard's checkpoint is the highest sequence number before
 * which every record is handled (ShardProgress), written in order, one write at a time.
 */
export class KeyLanes {
  readonly #deps: KeyLanesDeps;
  readonly #progress: ShardProgress;
  readonly #queues: BatchRecord[][];
  readonly #running: (Promise<void> | undefined)[];
  #written: bigint;
  #writing: Promise<boolean> = Promise.resolve(true);
  #stopped = false;
  #failure: { error: unknown } | undefined;
  #waiters: (() => boolean)[] = [];

  constructor(deps: KeyLanesDeps, position: bigint) {
    this.#deps = deps;
    this.#progress = new ShardProgress(position);
    this.#written = position;
    this.#queues = Array.from({ length: deps.lanes }, () => []);
    this.#running = Array.from({ length: deps.lanes }, () => undefined);
  }

  /** True once a lane stopped (the worker is stopping or lost its lease) or failed. */
  get stopped(): boolean {
    return this.#stopped;
  }

  /** An unexpected error a lane ended with, if any (the worker rethrows it). */
  get failure(): { error: unknown } | undefined {
    return this.#failure;
  }

  /** The worker is stopping: no new batch starts; waits end. Batches in flight finish (see idle). */
  stop(): void {
    this.#stopped = true;
    this.#notify();
  }

  /** Records just read (`read`: all of them, in order; `kept`: those the filters let through). */
  add(read: readonly bigint[], kept: readonly BatchRecord[]): Promise<boolean> {
    this.#progress.track(read);
    const keptSequences = new Set(kept.map((r) => r.sequence));
    for (const record of kept) this.#queues[laneOf(this.#deps.keyOf(record), this.#deps.lanes)]!.push(record);
    for (let lane = 0; lane < this.#deps.lanes; lane++) this.#pump(lane);
    return this.#finish(read.filter((s) => !keptSequences.has(s)));
  }

  /** Resolves once fewer than `limit` records are outstanding, or the lanes stopped. */
  room(limit: number): Promise<void> {
    return this.#when(() => this.#stopped || this.#progress.outstanding < limit);
  }

  /** Resolves once every record added is handled and its checkpoint written (or the lanes stopped and settled). */
  async idle(): Promise<void> {
    await this.#when(() => this.#running.every((r) => r === undefined) && (this.#stopped || this.#queues.every((q) => q.length === 0)));
    await this.#writing;
  }

  #pump(lane: number): void {
    const queue = this.#queues[lane]!;
    if (this.#running[lane] !== undefined || this.#stopped || queue.length === 0) return;
    const batch = queue.splice(0, this.#deps.batchSize);
    const finished = (sequence: bigint) => this.#finish(batch.filter((r) => r.sequence <= sequence).map((r) => r.sequence));
    this.#running[lane] = (async () => {
      try {
        if ((await this.#deps.process(lane, batch, finished)) === 'stopped') this.#stopped = true;
      } catch (error) {
        this.#failure ??= { error };
        this.#stopped = true;
      }
      this.#running[lane] = undefined;
      this.#pump(lane);
      this.#notify();
    })();
  }

  #finish(sequences: readonly bigint[]): Promise<boolean> {
    if (sequences.length > 0 && this.#progress.finish(sequences)) {
      this.#writing = this.#writing.then(async (held) => {
        const position = this.#progress.position;
        if (!held || position === this.#written) return held;
        if (!(await this.#deps.checkpoint(position))) {
          this.#stopped = true;
          return false;
        }
        this.#written = position;
        return true;
      });
      this.#notify();
    }
    return this.#writing;
  }

  #when(ready: () => boolean): Promise<void> {
    if (ready()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (!ready()) return false;
        resolve();
        return true;
      };
      this.#waiters.push(check);
    });
  }

  #notify(): void {
    this.#waiters = this.#waiters.filter((check) => !check());
  }
}

/** FNV-1a: a stable spread of keys over lanes. */
function laneOf(key: string, lanes: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % lanes;
}
