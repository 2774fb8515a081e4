import { backoffDelay } from '../shared/backoff.js';
import { onClockChange } from '../shared/clock.js';
import { pauseOnClock } from '../shared/pause.js';
import type { ShardRow, StoredStreamRecord } from '../storage/engine.js';
import { functionFailure, type BatchFailure } from './batch-failure.js';
import { processBatch, type BatchRecord, type InvokeOutcome } from './batch-processor.js';
import { KeyLanes } from './key-lanes.js';
import { lambdaEventRecord } from './lambda-event.js';
import type { Mapping } from './mappings-context.js';
import { readsFromLatest } from './mapping-settings.js';
import type { MappingStats, ShardStats } from './shard-stats.js';
import { TumblingWindow, windowStart } from './tumbling-window.js';
import { waitBudget } from '../shared/wait-budget.js';
import { leaseClockOf } from './lease-clock.js';
import { ShardReadAhead } from './shard-read-ahead.js';
import { ShardControl } from './shard-control.js';
import type { MappingStream, ShardWorkerDeps } from './shard-worker-deps.js';

/**
 * With a tumbling window open and no records coming, how often the worker looks at the clock to close
 * it (the clock is injected, and a test clock moves without timers; a real one ends the wait at the
 * window's end).
 */
const WINDOW_RECHECK_MS = 100;

/**
 * Under ParallelizationFactor, how many records may be read ahead of the checkpoint (at least N
 * batches): a slow batch on one lane holds the checkpoint back, and the other lanes go on meanwhile.
 */
const READ_AHEAD = 1_000;

/**
 * How many records one read of the stream fetches at least (see ShardReadAhead): batches of 10 are then
 * taken ten at a time from one read rather than each paying for its own.
 */
const READ_AHEAD_RECORDS = 100;

export type { MappingStream, ShardWorkerDeps } from './shard-worker-deps.js';

export type ShardWorkerEnd = 'finished' | 'stopped' | 'lost';

/**
 * Processes one shard for one mapping while holding its lease: reads records after the checkpoint as
 * soon as they are appended (the ShardWatcher wakes it; no poll interval), gathers a batch (up to
 * BatchSize, within MaximumBatchingWindowInSeconds), drops and checkpoints what the filters reject, and
 * hands the rest to processBatch — one batch at a time, or over KeyLanes with ParallelizationFactor > 1.
 * With TumblingWindowInSeconds, batches never span two windows and carry the window's state (kept in
 * the checkpoint); a window closes with a final invocation. Ends 'finished' once a closed shard is
 * drained (its children may start), 'stopped' when asked to, 'lost' when another consumer holds the lease.
 */
export class ShardWorker {
  readonly #deps: ShardWorkerDeps;
  readonly #mapping: Mapping;
  readonly #stream: MappingStream;
  #shard: ShardRow;
  readonly #mappingStats: MappingStats;
  readonly #stats: ShardStats;
  readonly #abort = new AbortController();
  #renewal: NodeJS.Timeout | undefined;
  #lost = false;
  /** The watcher's shardsVersion of the stream when this.#shard was last read (see ShardWait.shardsVersion). */
  #shardsVersion = 0;
  /** The open tumbling window, when the mapping has them. */
  #window: TumblingWindow | undefined;
  readonly #readAhead = new ShardReadAhead(READ_AHEAD_RECORDS);
  /** The last checkpoint written, not yet waited for (see #checkpoint). */
  #unsettled: Promise<boolean> | undefined;
  /** What users see of and ask of the shard: its blocking batch, retry, skip, rewind. */
  readonly #control: ShardControl;
  /** A rewind was applied as the worker stopped: it is to start again at once, from the new position. */
  rewound = false;

  constructor(deps: ShardWorkerDeps, mapping: Mapping, stream: MappingStream, shard: ShardRow, stats: MappingStats) {
    this.#deps = deps;
    this.#mapping = mapping;
    this.#stream = stream;
    this.#shard = shard;
    this.#mappingStats = stats;
    this.#stats = stats.shard(shard.shardId);
    const { owner, logger } = deps;
    const control = { positions: deps.positions ?? deps.engine.triggers, consumer: mapping.uuid, shardId: shard.shardId, owner, logger };
    this.#control = new ShardControl({ ...control, now: () => deps.now(), signal: this.#abort.signal, stop: () => this.stop() });
  }

  get shardId(): string {
    return this.#shard.shardId;
  }

  stop(): void {
    this.#abort.abort();
  }

  /** The store told of an action asked for one of the consumer's shards (maybe this one). */
  actionRequested(): void {
    this.#control.wake();
  }

  async run(): Promise<ShardWorkerEnd> {
    const { engine, owner, timings } = this.#deps;
    const triggers = this.#deps.positions ?? engine.triggers;
    const uuid = this.#mapping.uuid;
    const shardId = this.#shard.shardId;
    // Another holder's lease is judged on the time before a recent jump (LeaseClock): it had no chance to renew yet.
    const claimNow = this.#deps.clock ? leaseClockOf(this.#deps.clock).claimNow() : this.#deps.now();
    if (!(await triggers.claimLease(uuid, shardId, owner, this.#deps.now() + timings.leaseMs, claimNow))) return 'lost';
    const renew = () => {
      triggers.renewLease(uuid, shardId, owner, this.#deps.now() + timings.leaseMs).then(
        (held) => {
          if (!held) this.#loseLease();
        },
        () => this.#loseLease(),
      );
    };
    this.#renewal = setInterval(renew, Math.max(10, Math.floor(timings.leaseMs / 3)));
    this.#renewal.unref();
    // A jump moves the lease's expiry into the past: renewed at once, before other nodes stop granting it grace.
    const unsubscribe = this.#deps.clock ? onClockChange(this.#deps.clock, renew) : () => undefined;
    try {
      return await this.#loop();
    } catch (error) {
      if (this.#abort.signal.aborted) return this.#lost ? 'lost' : 'stopped';
      throw error;
    } finally {
      unsubscribe();
      await this.#unsettled?.catch(() => undefined); // the position is stored before another consumer may take the shard
      if (!this.#lost) this.rewound = await this.#control.applyRewind().catch(() => false);
      clearInterval(this.#renewal);
      if (!this.#lost) await triggers.releaseLease(uuid, shardId, owner).catch(() => undefined);
    }
  }

  #loseLease(): void {
    this.#lost = true;
    this.#abort.abort();
  }

  async #loop(): Promise<ShardWorkerEnd> {
    const { engine } = this.#deps;
    const settings = this.#mapping.config;
    await this.#control.begin();
    const checkpoint = await (this.#deps.positions ?? engine.triggers).getCheckpoint(this.#mapping.uuid, this.#shard.shardId);
    if (checkpoint?.finished) return 'finished';
    let after: bigint;
    if (checkpoint?.sequence !== undefined) after = BigInt(checkpoint.sequence);
    else {
      const latest = readsFromLatest(this.#mapping, this.#shard);
      after = latest ? (this.#shard.lastSequence ?? this.#shard.startingSequence - 1n) : this.#shard.startingSequence - 1n;
      if (latest && !(await this.#checkpoint(after))) return this.#end();
    }
    await this.#refreshShard();
    if (settings.tumblingWindowInSeconds > 0) {
      this.#window = TumblingWindow.restore(checkpoint?.state, settings.tumblingWindowInSeconds);
      return this.#sequentialLoop(after);
    }
    return settings.parallelizationFactor > 1 ? this.#parallelLoop(after) : this.#sequentialLoop(after);
  }

  /** One batch at a time (ParallelizationFactor 1, and always with tumbling windows: their state is per shard). */
  async #sequentialLoop(after: bigint): Promise<ShardWorkerEnd> {
    const settings = this.#mapping.config;
    const signal = this.#abort.signal;
    const windowSeconds = settings.tumblingWindowInSeconds;
    for (;;) {
      if (signal.aborted) return this.#end();
      if (this.#window?.oversized && !(await this.#closeWindow(after))) return this.#end();
      if (this.#shard.endingSequence !== undefined && after >= this.#shard.endingSequence) {
        // No resharding for windows (§B.9): a window open when its shard ends closes with it.
        if (this.#window && !(await this.#closeWindow(after))) return this.#end();
        return (await this.#checkpoint(after, true)) ? 'finished' : this.#end();
      }
      let records = await this.#read(after, settings.batchSize, this.#window && Math.max(1, Math.min(WINDOW_RECHECK_MS, this.#window.end - this.#deps.now())));
      if (records.length === 0) {
        if (signal.aborted) return this.#end();
        // Caught up: a window whose end has passed closes (a backlog of its records goes through it first).
        if (this.#window && this.#deps.now() >= this.#window.end && !(await this.#closeWindow(after))) return this.#end();
        await this.#refreshShard();
        continue;
      }
      records = await this.#fillWindow(records, after);
      if (signal.aborted) return this.#end();
      if (windowSeconds > 0) {
        const start = windowStart(records[0]!.createdAt, windowSeconds);
        if (this.#window && this.#window.start !== start && !(await this.#closeWindow(after))) return this.#end();
        const cut = records.findIndex((r) => windowStart(r.createdAt, windowSeconds) !== start);
        if (cut !== -1) records = records.slice(0, cut);
      }
      const last = records.at(-1)!.sequence;
      const batch = this.#batchOf(records);
      if (batch.length > 0) {
        if (windowSeconds > 0) this.#window ??= new TumblingWindow(windowStart(records[0]!.createdAt, windowSeconds), windowSeconds);
        if ((await this.#process(0, batch, (sequence) => this.#checkpoint(sequence))) === 'stopped') return this.#end();
      }
      if (batch.at(-1)?.sequence !== last && !(await this.#checkpoint(last))) return this.#end();
      after = last;
    }
  }

  /**
   * ParallelizationFactor N: records are read ahead (up to N batches outstanding) and delivered over N
   * lanes by partition key; the checkpoint follows the highest contiguous handled record.
   */
  async #parallelLoop(after: bigint): Promise<ShardWorkerEnd> {
    const settings = this.#mapping.config;
    const signal = this.#abort.signal;
    const lanes = new KeyLanes(
      {
        lanes: settings.parallelizationFactor,
        batchSize: settings.batchSize,
        keyOf: (record) => this.#keyOf(record),
        process: (lane, batch, finished) => this.#process(lane, batch, finished),
        checkpoint: (sequence) => this.#checkpoint(sequence),
      },
      after,
    );
    const stopLanes = () => lanes.stop();
    signal.addEventListener('abort', stopLanes, { once: true });
    try {
      for (;;) {
        if (signal.aborted || lanes.stopped) return this.#end();
        if (this.#shard.endingSequence !== undefined && after >= this.#shard.endingSequence) {
          await lanes.idle();
          if (signal.aborted || lanes.stopped) return this.#end();
          return (await this.#checkpoint(after, true)) ? 'finished' : this.#end();
        }
        await lanes.room(Math.max(settings.parallelizationFactor * settings.batchSize, READ_AHEAD));
        if (signal.aborted || lanes.stopped) return this.#end();
        let records = await this.#read(after, settings.batchSize);
        if (records.length === 0) {
          if (signal.aborted) return this.#end();
          await this.#refreshShard();
          continue;
        }
        records = await this.#fillWindow(records, after);
        if (signal.aborted) return this.#end();
        if (!(await lanes.add(records.map((r) => r.sequence), this.#batchOf(records)))) return this.#end();
        after = records.at(-1)!.sequence;
      }
    } finally {
      signal.removeEventListener('abort', stopLanes);
      lanes.stop();
      await lanes.idle();
      if (lanes.failure) throw lanes.failure.error;
    }
  }

  /** Delivers one batch on `lane` (processBatch), keeping the shard's stats. */
  async #process(lane: number, batch: readonly BatchRecord[], checkpoint: (sequence: bigint) => Promise<boolean>) {
    const window = this.#window;
    this.#stats.begin(lane);
    try {
      const result = await processBatch(batch, {
        settings: this.#mapping.config,
        shardId: this.#shard.shardId,
        streamArn: this.#stream.arn,
        functionArn: this.#deps.destination.arn,
        invoke: (payload, attempt, records) => this.#invoke(lane, payload, attempt, records),
        discard: (discarded) => this.#deps.discard(discarded),
        checkpoint,
        backoff: (attempt) => this.#backoff(attempt, lane),
        now: () => this.#deps.now(),
        attempted: (outcome, failure) => this.#attempted(lane, outcome, failure),
        gaveUp: () => this.#control.ended(lane),
        ...(window
          ? {
              event: (records: string) => window.event(records, false, JSON.stringify(this.#shard.shardId), JSON.stringify(this.#stream.arn)),
              accept: (payload: string) => window.accept(payload),
            }
          : this.#deps.destination.event && { event: (records: string) => this.#deps.destination.event!(records) }),
      });
      if (result === 'done') this.#control.ended(lane);
      return result;
    } finally {
      this.#stats.end(lane);
    }
  }

  /**
   * The window's final invocation (isFinalInvokeForWindow, no records), retried like a batch until it
   * succeeds or MaximumRetryAttempts runs out; then its state is dropped with the checkpoint at `after`.
   * False when the worker is stopping.
   */
  async #closeWindow(after: bigint): Promise<boolean> {
    const window = this.#window!;
    const payload = window.event('', true, JSON.stringify(this.#shard.shardId), JSON.stringify(this.#stream.arn));
    const retries = this.#mapping.config.maximumRetryAttempts;
    let attempts = 0;
    this.#stats.begin(0);
    try {
      for (;;) {
        if (this.#abort.signal.aborted) return false;
        try {
          const outcome = await this.#invoke(0, payload, attempts + 1, []);
          attempts++;
          this.#attempted(0, outcome, outcome.functionError === undefined ? undefined : functionFailure(outcome.payload, outcome.functionError));
          if (outcome.functionError === undefined) break;
          if (retries !== -1 && attempts > retries) {
            this.#deps.logger.warn(`[${this.#mapping.functionName}] final invocation of a tumbling window of ${this.#shard.shardId} failed ${attempts} time(s); window state dropped`);
            break;
          }
        } catch {
          // Never reached the function: retried without counting.
        }
        if (!(await this.#backoff(Math.max(1, attempts)))) return false;
      }
    } finally {
      this.#stats.end(0);
    }
    this.#window = undefined;
    return this.#checkpoint(after);
  }

  #end(): ShardWorkerEnd {
    return this.#lost ? 'lost' : 'stopped';
  }

  /**
   * With a batching window: keeps reading until the batch is full, the window is over, or the shard has
   * closed. A closed shard gets no more records, and the close only wakes waits under way when it
   * happens: one that began later (a consumer behind, or started after the close) would wait out the
   * whole window for nothing. So the wait is skipped once the shard's end is read, and carries the
   * shards version, which ends it at once when shards closed since the shard was last looked at.
   */
  async #fillWindow(records: StoredStreamRecord[], after: bigint): Promise<StoredStreamRecord[]> {
    const settings = this.#mapping.config;
    if (settings.maximumBatchingWindowInSeconds === 0 || records.length >= settings.batchSize) return records;
    const windowLeft = waitBudget({ now: () => this.#deps.now() }, settings.maximumBatchingWindowInSeconds * 1000);
    const gathered = [...records];
    while (gathered.length < settings.batchSize && windowLeft() > 0 && !this.#abort.signal.aborted) {
      const last = gathered.at(-1)?.sequence ?? after;
      if (this.#shard.endingSequence !== undefined && last >= this.#shard.endingSequence) break;
      const more = await this.#read(last, settings.batchSize - gathered.length, Math.max(1, windowLeft()));
      if (more.length === 0) break;
      gathered.push(...more);
    }
    return gathered;
  }

  /** The records as the function sees them, without those the filters reject. */
  #batchOf(records: readonly StoredStreamRecord[]): BatchRecord[] {
    const regionJson = JSON.stringify(this.#deps.region);
    const arnJson = JSON.stringify(this.#stream.arn);
    const batch: BatchRecord[] = [];
    for (const record of records) {
      const json = lambdaEventRecord(record.json, record.sequence, this.#shard.shardId, regionJson, this.#stream.viewType, arnJson);
      if (this.#deps.filter && !this.#deps.filter(JSON.parse(json))) continue;
      batch.push({ sequence: record.sequence, createdAt: record.createdAt, json });
    }
    return batch;
  }

  /**
   * Up to `limit` records after `after`, from the records read ahead or else from the stream, waiting for
   * an append (at most `timeoutMs`) when there are none.
   */
  #read(after: bigint, limit: number, timeoutMs?: number): Promise<StoredStreamRecord[]> {
    const { engine, watcher } = this.#deps;
    const streamId = this.#stream.id;
    const shardId = this.#shard.shardId;
    return this.#readAhead.take(after, limit, {
      waiting: (from, count) =>
        watcher.read({ shardsVersion: this.#shardsVersion, streamId, shardId, after: from, limit: count, signal: this.#abort.signal, ...(timeoutMs !== undefined && { timeoutMs }) }),
      now: (from, count) => engine.readShard({ streamId, shardId, after: from, limit: count }),
    });
  }

  /** A record's partition key value (its Keys without the sort key), as JSON text. */
  #keyOf(record: BatchRecord): string {
    const keys = (JSON.parse(record.json) as { dynamodb?: { Keys?: Record<string, unknown> } }).dynamodb?.Keys ?? {};
    const name = this.#stream.partitionKey;
    return name !== undefined && name in keys ? JSON.stringify(keys[name]) : JSON.stringify(keys);
  }

  async #invoke(lane: number, payload: string, attempt: number, records: readonly BatchRecord[]) {
    this.#control.delivering(lane, records);
    const outcome = await this.#deps.destination.deliver(payload, attempt, records);
    this.#mappingStats.invoked(this.#stats, lane, outcome);
    return outcome;
  }

  /** Keeps the shard's status: a success clears a failure, a failure (partial ones too) shows until then. */
  #attempted(lane: number, outcome: InvokeOutcome, failure: BatchFailure | undefined): void {
    const at = this.#deps.now();
    if (failure === undefined) {
      this.#stats.succeeded(lane, at);
      this.#control.succeeded(lane);
      return;
    }
    const recorded = { ...failure, at, requestId: outcome.requestId };
    this.#stats.failed(lane, recorded);
    this.#control.failed(lane, recorded);
  }

  /**
   * Stores the position (with the open window's state when the mapping has tumbling windows). When the
   * destination's deliveries are writes of the same engine (BatchDestination.sharesCommits: a pipe's bus
   * or queue target), without waiting for the write: the worker goes on to its next batch, whose write
   * then shares the checkpoint's commit — one commit a batch instead of two. The previous checkpoint is
   * waited for first, so a failed write or a lost lease shows one batch late at most (the records after
   * the stored position are delivered again by whoever goes on: at least once). A shard's final
   * checkpoint is waited for, and so is the last one before the lease is released.
   */
  async #checkpoint(sequence: bigint, finished = false): Promise<boolean> {
    const blocking = this.#control.writing;
    if (blocking) await blocking;
    const position = {
      sequence: sequence.toString(),
      ...(this.#window && { state: this.#window.serialize() }),
      ...(finished && { finished }),
    };
    const write = (this.#deps.positions ?? this.#deps.engine.triggers).checkpoint(this.#mapping.uuid, this.#shard.shardId, this.#deps.owner, position).then((held) => {
      if (!held) this.#loseLease();
      return held;
    });
    write.catch(() => undefined); // its failure is seen where it is waited for, below or by the next checkpoint
    const previous = this.#unsettled;
    this.#unsettled = write;
    if (previous !== undefined && !(await previous)) return false;
    return finished || !this.#deps.destination.sharesCommits ? write : !this.#lost;
  }

  /**
   * Waits before retry number `retry` on Eddy's time (a jump past it ends the wait); false when the worker
   * is stopping. A batch's on `lane` ends early when a user asks to retry it now, or 'skip' to give it up.
   */
  #backoff(retry: number, lane?: number): Promise<boolean | 'skip'> {
    const { retryBaseMs, retryMaxMs } = this.#deps.timings;
    const clock = this.#deps.clock ?? { now: () => this.#deps.now() };
    const ms = backoffDelay(retry, { baseMs: retryBaseMs, maxMs: retryMaxMs });
    if (lane === undefined) return pauseOnClock(clock, ms, this.#abort.signal);
    return this.#control.backoff(lane, ms, (signal) => pauseOnClock(clock, ms, signal));
  }

  /** Re-reads the shard's row; the watcher's version is taken first, so a close after it is never missed. */
  async #refreshShard(): Promise<void> {
    this.#shardsVersion = this.#deps.watcher.shardsVersion(this.#stream.id);
    const found = await this.#deps.engine.getStream(this.#stream.name.tableName, this.#stream.name.label);
    const shard = found?.shards.find((s) => s.shardId === this.#shard.shardId);
    if (shard) this.#shard = shard;
    else this.#shard = { ...this.#shard, endingSequence: this.#shard.endingSequence ?? this.#shard.startingSequence - 1n };
  }
}
