import type { FunctionRuntime } from '../functions/function-runtime.js';
import type { Logger } from '../shared/logger.js';
import type { ShardRow, StorageEngine, StoredStreamRecord } from '../storage/engine.js';
import type { ShardWatcher } from '../streams/shard-watcher.js';
import type { StreamViewType } from '../streams/stream-meta.js';
import { processBatch, type BatchRecord } from './batch-processor.js';
import type { DiscardedBatch } from './failure-record.js';
import { lambdaEventRecord } from './lambda-event.js';
import type { Mapping } from './mappings-context.js';

/** The stream a mapping reads, resolved from its ARN. */
export interface MappingStream {
  readonly id: number;
  readonly arn: string;
  readonly viewType: StreamViewType;
}

/** Timings of the trigger runtime; tests shorten them. */
export interface TriggerTimings {
  /** First retry delay after a failed batch; doubles per attempt up to retryMaxMs. */
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  /** How long a lease lasts without renewal; renewed every third of it. */
  readonly leaseMs: number;
}

export const DEFAULT_TIMINGS: TriggerTimings = { retryBaseMs: 500, retryMaxMs: 30_000, leaseMs: 30_000 };

export interface ShardWorkerDeps {
  readonly engine: StorageEngine;
  readonly watcher: ShardWatcher;
  readonly runtime: FunctionRuntime;
  readonly logger: Logger;
  readonly region: string;
  readonly functionArn: string;
  readonly owner: string;
  readonly timings: TriggerTimings;
  now(): number;
  /** Keeps a record (parsed Lambda event record) when the mapping's filters match it; undefined: no filters. */
  readonly filter: ((record: unknown) => boolean) | undefined;
  /** Sends a failure record to the mapping's on-failure destination. */
  discard(batch: DiscardedBatch): Promise<void>;
}

export type ShardWorkerEnd = 'finished' | 'stopped' | 'lost';

/**
 * Processes one shard for one mapping while holding its lease: reads records after the checkpoint as
 * soon as they are appended (the ShardWatcher wakes it; no poll interval), gathers a batch (up to
 * BatchSize, within MaximumBatchingWindowInSeconds), drops and checkpoints what the filters reject, and
 * hands the rest to processBatch. Ends 'finished' once a closed shard is drained (its children may
 * start), 'stopped' when asked to, 'lost' when another consumer holds the lease.
 */
export class ShardWorker {
  readonly #deps: ShardWorkerDeps;
  readonly #mapping: Mapping;
  readonly #stream: MappingStream;
  #shard: ShardRow;
  readonly #abort = new AbortController();
  #renewal: NodeJS.Timeout | undefined;
  #lost = false;

  constructor(deps: ShardWorkerDeps, mapping: Mapping, stream: MappingStream, shard: ShardRow) {
    this.#deps = deps;
    this.#mapping = mapping;
    this.#stream = stream;
    this.#shard = shard;
  }

  get shardId(): string {
    return this.#shard.shardId;
  }

  stop(): void {
    this.#abort.abort();
  }

  async run(): Promise<ShardWorkerEnd> {
    const { engine, owner, timings } = this.#deps;
    const triggers = engine.triggers;
    const uuid = this.#mapping.uuid;
    const shardId = this.#shard.shardId;
    if (!(await triggers.claimLease(uuid, shardId, owner, this.#deps.now() + timings.leaseMs, this.#deps.now()))) return 'lost';
    this.#renewal = setInterval(() => {
      triggers.renewLease(uuid, shardId, owner, this.#deps.now() + timings.leaseMs).then(
        (held) => {
          if (!held) this.#loseLease();
        },
        () => this.#loseLease(),
      );
    }, Math.max(10, Math.floor(timings.leaseMs / 3)));
    this.#renewal.unref();
    try {
      return await this.#loop();
    } catch (error) {
      if (this.#abort.signal.aborted) return this.#lost ? 'lost' : 'stopped';
      throw error;
    } finally {
      clearInterval(this.#renewal);
      if (!this.#lost) await triggers.releaseLease(uuid, shardId, owner).catch(() => undefined);
    }
  }

  #loseLease(): void {
    this.#lost = true;
    this.#abort.abort();
  }

  async #loop(): Promise<ShardWorkerEnd> {
    const { engine, watcher } = this.#deps;
    const settings = this.#mapping.config;
    const signal = this.#abort.signal;
    const checkpoint = await engine.triggers.getCheckpoint(this.#mapping.uuid, this.#shard.shardId);
    if (checkpoint?.finished) return 'finished';
    let after: bigint;
    if (checkpoint?.sequence !== undefined) after = BigInt(checkpoint.sequence);
    else {
      after = settings.startingPosition === 'LATEST' ? (this.#shard.lastSequence ?? this.#shard.startingSequence - 1n) : this.#shard.startingSequence - 1n;
      if (settings.startingPosition === 'LATEST' && !(await this.#checkpoint(after))) return this.#end();
    }
    for (;;) {
      if (signal.aborted) return this.#end();
      if (this.#shard.endingSequence !== undefined && after >= this.#shard.endingSequence) {
        return (await this.#checkpoint(after, true)) ? 'finished' : this.#end();
      }
      let records = await watcher.read({ streamId: this.#stream.id, shardId: this.#shard.shardId, after, limit: settings.batchSize, signal });
      if (records.length === 0) {
        if (signal.aborted) return this.#end();
        await this.#refreshShard();
        continue;
      }
      records = await this.#fillWindow(records, after);
      if (signal.aborted) return this.#end();
      const last = records.at(-1)!.sequence;
      const batch = this.#batchOf(records);
      if (batch.length > 0) {
        const result = await processBatch(batch, {
          settings,
          shardId: this.#shard.shardId,
          streamArn: this.#stream.arn,
          functionArn: this.#deps.functionArn,
          invoke: (payload) => this.#invoke(payload),
          discard: (discarded) => this.#deps.discard(discarded),
          checkpoint: (sequence) => this.#checkpoint(sequence),
          backoff: (attempt) => this.#backoff(attempt),
          now: () => this.#deps.now(),
        });
        if (result === 'stopped') return this.#end();
      }
      if (batch.at(-1)?.sequence !== last && !(await this.#checkpoint(last))) return this.#end();
      after = last;
    }
  }

  #end(): ShardWorkerEnd {
    return this.#lost ? 'lost' : 'stopped';
  }

  /** With a batching window: keeps reading until the batch is full or the window is over. */
  async #fillWindow(records: StoredStreamRecord[], after: bigint): Promise<StoredStreamRecord[]> {
    const settings = this.#mapping.config;
    if (settings.maximumBatchingWindowInSeconds === 0 || records.length >= settings.batchSize) return records;
    const deadline = Date.now() + settings.maximumBatchingWindowInSeconds * 1000;
    const gathered = [...records];
    while (gathered.length < settings.batchSize && Date.now() < deadline && !this.#abort.signal.aborted) {
      const more = await this.#deps.watcher.read({
        streamId: this.#stream.id,
        shardId: this.#shard.shardId,
        after: gathered.at(-1)?.sequence ?? after,
        limit: settings.batchSize - gathered.length,
        signal: this.#abort.signal,
        timeoutMs: Math.max(1, deadline - Date.now()),
      });
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

  async #invoke(payload: string) {
    const result = await this.#deps.runtime.invoke(this.#mapping.functionName, { payload, whenBusy: 'wait' });
    return {
      requestId: result.requestId,
      payload: result.payload,
      ...(result.functionError !== undefined && { functionError: result.functionError }),
    };
  }

  #checkpoint(sequence: bigint, finished = false): Promise<boolean> {
    return this.#deps.engine.triggers
      .checkpoint(this.#mapping.uuid, this.#shard.shardId, this.#deps.owner, { sequence: sequence.toString(), ...(finished && { finished }) })
      .then((held) => {
        if (!held) this.#loseLease();
        return held;
      });
  }

  #backoff(attempt: number): Promise<boolean> {
    const { retryBaseMs, retryMaxMs } = this.#deps.timings;
    const delay = Math.min(retryMaxMs, retryBaseMs * 2 ** Math.max(0, attempt - 1));
    const signal = this.#abort.signal;
    if (signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        resolve(false);
      };
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', done);
        resolve(true);
      }, delay);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  async #refreshShard(): Promise<void> {
    const found = await this.#deps.engine.getStream(...this.#streamKey());
    const shard = found?.shards.find((s) => s.shardId === this.#shard.shardId);
    if (shard) this.#shard = shard;
    else this.#shard = { ...this.#shard, endingSequence: this.#shard.endingSequence ?? this.#shard.startingSequence - 1n };
  }

  #streamKey(): [string, string] {
    const match = /table\/([^/]+)\/stream\/(.+)$/.exec(this.#stream.arn)!;
    return [match[1]!, match[2]!];
  }
}
