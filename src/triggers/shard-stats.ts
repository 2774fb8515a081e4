import type { BatchFailure } from './batch-failure.js';
import type { InvokeOutcome } from './batch-processor.js';

/** A mapping's LastProcessingResult, as Lambda words it. */
export type LastProcessingResult = 'No records processed' | 'OK' | 'PROBLEM: Function call failed';

/** A failure as a status keeps it: when (the clock's time) and which invocation, to find its logs. */
export type RecordedFailure = BatchFailure & { readonly at: number; readonly requestId: string };

/** A lane's batch in progress: its invocations so far, and since when it has been failing. */
interface LaneBatch {
  attempts: number;
  /** The first failed attempt since the lane's last success; undefined while it is not failing. */
  failingSince: number | undefined;
}

/**
 * What a running mapping knows of one shard beyond its stored checkpoint: the batches in flight (one
 * per lane), how often each was invoked so far, since when one has been failing, the last failure and
 * the last success. A success clears the last failure once no lane is failing, so a shard that
 * recovered shows no stale error. Kept by the MappingConsumer, so it outlives a ShardWorker that stops
 * and starts again.
 */
export class ShardStats {
  readonly #lanes = new Map<number, LaneBatch>();
  #lastFailure: RecordedFailure | undefined;
  #lastSuccessAt: number | undefined;

  get inFlight(): number {
    return this.#lanes.size;
  }

  /** The attempts of the batch in progress (the most of any lane). */
  get attempts(): number {
    return Math.max(0, ...[...this.#lanes.values()].map((l) => l.attempts));
  }

  /** The first failed attempt of the batch failing longest; undefined when none is. */
  get retryingSince(): number | undefined {
    const since = [...this.#lanes.values()].flatMap((l) => (l.failingSince === undefined ? [] : [l.failingSince]));
    return since.length === 0 ? undefined : Math.min(...since);
  }

  /** The last failed invocation, until a success with no batch failing. */
  get lastFailure(): RecordedFailure | undefined {
    return this.#lastFailure;
  }

  get lastSuccessAt(): number | undefined {
    return this.#lastSuccessAt;
  }

  begin(lane: number): void {
    this.#lanes.set(lane, { attempts: 0, failingSince: undefined });
  }

  /**
   * The lane's batch is handled (or the worker stops). A batch that ended failing — discarded after
   * MaximumRetryAttempts, aged out — is no longer retried, but its failure stays until a success.
   */
  end(lane: number): void {
    this.#lanes.delete(lane);
  }

  attempted(lane: number): void {
    const batch = this.#lanes.get(lane);
    if (batch) batch.attempts++;
  }

  failed(lane: number, failure: RecordedFailure): void {
    const batch = this.#lanes.get(lane);
    if (batch) batch.failingSince ??= failure.at;
    this.#lastFailure = failure;
  }

  succeeded(lane: number, at: number): void {
    const batch = this.#lanes.get(lane);
    if (batch) batch.failingSince = undefined;
    this.#lastSuccessAt = at;
    if (this.retryingSince === undefined) this.#lastFailure = undefined;
  }
}

/** The live side of a mapping's status: its last processing result and per-shard stats. */
export class MappingStats {
  lastProcessingResult: LastProcessingResult | undefined;
  readonly #shards = new Map<string, ShardStats>();

  shard(shardId: string): ShardStats {
    let stats = this.#shards.get(shardId);
    if (!stats) this.#shards.set(shardId, (stats = new ShardStats()));
    return stats;
  }

  find(shardId: string): ShardStats | undefined {
    return this.#shards.get(shardId);
  }

  /**
   * Notes an invocation that reached the function, on `lane` of a shard. LastProcessingResult is
   * Lambda's: only a function error is a PROBLEM (a partial batch failure is not one).
   */
  invoked(stats: ShardStats, lane: number, outcome: InvokeOutcome): void {
    stats.attempted(lane);
    this.lastProcessingResult = outcome.functionError === undefined ? 'OK' : 'PROBLEM: Function call failed';
  }
}
