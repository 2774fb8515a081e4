import type { StorageEngine, StoredStreamRecord } from '../storage/engine.js';

/** A read that waits: records of one shard after a sequence number. */
export interface ShardWait {
  readonly streamId: number;
  readonly shardId: string;
  /** Records with a greater sequence number are returned. */
  readonly after: bigint;
  readonly limit: number;
  /** Summed JSON length bound, as in ShardRead. */
  readonly maxBytes?: number;
  /** Stop waiting (resolves with []). */
  readonly signal?: AbortSignal;
  /** Stop waiting after this long (resolves with []); default: wait until appended, aborted or woken. */
  readonly timeoutMs?: number;
  /**
   * The stream's shardsVersion when the reader last looked at its shards: if shards of the stream have
   * closed since, the read answers [] at once, so a reader busy when the close happened still sees it.
   */
  readonly shardsVersion?: number;
}

/**
 * The subscription side of streams, for in-process consumers (the trigger runtime): "records of shard S
 * after N", answered at once when there are some and otherwise as soon as the engine reports an append
 * to that shard — no poll interval. Waits end with [] when aborted, timed out, or woken because the
 * stream's shards closed (disable, DeleteTable, rotation — the engine says so) or by `wake`: the
 * consumer then re-reads the lineage.
 */
export class ShardWatcher {
  readonly #engine: StorageEngine;
  readonly #waiters = new Map<string, Set<Waiter>>();
  #unsubscribe: (() => void) | undefined;
  #unsubscribeClosed: (() => void) | undefined;
  readonly #unsubscribeVersions: () => void;
  /** Per stream, how many times its shards have closed (disable, DeleteTable, rotation) since start. */
  readonly #versions = new Map<number, number>();
  #closed = false;

  constructor(engine: StorageEngine) {
    this.#engine = engine;
    this.#unsubscribeVersions = engine.onShardsClosed((streamId) => this.#versions.set(streamId, this.shardsVersion(streamId) + 1));
  }

  /** Changes whenever shards of the stream close; see ShardWait.shardsVersion. */
  shardsVersion(streamId: number): number {
    return this.#versions.get(streamId) ?? 0;
  }

  async read(wait: ShardWait): Promise<StoredStreamRecord[]> {
    if (this.#closed || wait.signal?.aborted) return [];
    const key = shardKey(wait.streamId, wait.shardId);
    // Registered before the first read, so an append committed between that read and the wait is not missed.
    const waiter = new Waiter(wait.streamId, wait.after);
    this.#add(key, waiter);
    const stop = () => waiter.stop();
    wait.signal?.addEventListener('abort', stop, { once: true });
    const timer = wait.timeoutMs === undefined ? undefined : setTimeout(stop, wait.timeoutMs);
    try {
      if (wait.shardsVersion !== undefined && wait.shardsVersion !== this.shardsVersion(wait.streamId)) return [];
      for (;;) {
        const records = await this.#engine.readShard({
          streamId: wait.streamId,
          shardId: wait.shardId,
          after: wait.after,
          limit: wait.limit,
          ...(wait.maxBytes === undefined ? {} : { maxBytes: wait.maxBytes }),
        });
        if (records.length > 0) return records;
        if ((await waiter.next()) === 'stopped') return [];
      }
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      wait.signal?.removeEventListener('abort', stop);
      this.#remove(key, waiter);
    }
  }

  /** Ends the waits on one stream (or all) with []: their shards changed (closed, rotated, trimmed). */
  wake(streamId?: number): void {
    for (const waiters of this.#waiters.values()) {
      for (const waiter of waiters) if (streamId === undefined || waiter.streamId === streamId) waiter.stop();
    }
  }

  /** Ends every wait and stops listening to the engine. */
  close(): void {
    this.#closed = true;
    this.#unsubscribeVersions();
    this.wake();
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#unsubscribeClosed?.();
    this.#unsubscribeClosed = undefined;
  }

  #add(key: string, waiter: Waiter): void {
    let waiters = this.#waiters.get(key);
    if (!waiters) this.#waiters.set(key, (waiters = new Set()));
    waiters.add(waiter);
    // Listening only while someone waits keeps the write path free of work when nobody consumes.
    this.#unsubscribe ??= this.#engine.onAppend((streamId, shardId, lastSequence) => {
      const waiting = this.#waiters.get(shardKey(streamId, shardId));
      if (waiting) for (const w of waiting) w.appended(lastSequence);
    });
    // A disable, a DeleteTable or a rotation ends the waits on that stream: its readers re-read the lineage.
    this.#unsubscribeClosed ??= this.#engine.onShardsClosed((streamId) => this.wake(streamId));
  }

  #remove(key: string, waiter: Waiter): void {
    const waiters = this.#waiters.get(key);
    if (!waiters) return;
    waiters.delete(waiter);
    if (waiters.size > 0) return;
    this.#waiters.delete(key);
    if (this.#waiters.size === 0) {
      this.#unsubscribe?.();
      this.#unsubscribe = undefined;
      this.#unsubscribeClosed?.();
      this.#unsubscribeClosed = undefined;
    }
  }
}

const shardKey = (streamId: number, shardId: string): string => `${streamId}/${shardId}`;

/** One pending read: remembers an append that arrived while it was not yet waiting. */
class Waiter {
  #pending = false;
  #stopped = false;
  #resolve: ((outcome: 'appended' | 'stopped') => void) | undefined;

  constructor(
    readonly streamId: number,
    readonly after: bigint,
  ) {}

  appended(lastSequence: bigint): void {
    if (lastSequence <= this.after) return;
    if (this.#resolve) this.#settle('appended');
    else this.#pending = true;
  }

  stop(): void {
    this.#stopped = true;
    if (this.#resolve) this.#settle('stopped');
  }

  next(): Promise<'appended' | 'stopped'> {
    if (this.#stopped) return Promise.resolve('stopped');
    if (this.#pending) {
      this.#pending = false;
      return Promise.resolve('appended');
    }
    return new Promise((resolve) => (this.#resolve = resolve));
  }

  #settle(outcome: 'appended' | 'stopped'): void {
    const resolve = this.#resolve!;
    this.#resolve = undefined;
    resolve(outcome);
  }
}
