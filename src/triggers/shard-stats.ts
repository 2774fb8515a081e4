import type { InvokeOutcome } from './batch-processor.js';

/** A mapping's LastProcessingResult, as Lambda words it. */
export type LastProcessingResult = 'No records processed' | 'OK' | 'PROBLEM: Function call failed';

/**
 * What a running mapping knows of one shard beyond its stored checkpoint: the batches in flight (one
 * per lane), how often each was invoked so far, and the last function error. Kept by the
 * MappingConsumer, so it outlives a ShardWorker that stops and starts again.
 */
export class ShardStats {
  /** The last function error, "errorType: errorMessage". */
  lastError: string | undefined;
  /** Per lane with a batch in flight: the invocations of that batch that reached the function. */
  readonly #attempts = new Map<number, number>();

  get inFlight(): number {
    return this.#attempts.size;
  }

  /** The attempts of the batch in progress (the most of any lane). */
  get attempts(): number {
    return Math.max(0, ...this.#attempts.values());
  }

  begin(lane: number): void {
    this.#attempts.set(lane, 0);
  }

  end(lane: number): void {
    this.#attempts.delete(lane);
  }

  attempted(lane: number): void {
    this.#attempts.set(lane, (this.#attempts.get(lane) ?? 0) + 1);
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

  /** Notes an invocation that reached the function, on `lane` of a shard. */
  invoked(stats: ShardStats, lane: number, outcome: InvokeOutcome): void {
    stats.attempted(lane);
    if (outcome.functionError === undefined) {
      this.lastProcessingResult = 'OK';
      return;
    }
    this.lastProcessingResult = 'PROBLEM: Function call failed';
    stats.lastError = errorText(outcome.payload, outcome.functionError);
  }
}

/** "errorType: errorMessage" from a function error's payload. */
function errorText(payload: string, functionError: string): string {
  try {
    const { errorType, errorMessage } = JSON.parse(payload) as { errorType?: unknown; errorMessage?: unknown };
    if (typeof errorType === 'string') return typeof errorMessage === 'string' ? `${errorType}: ${errorMessage}` : errorType;
  } catch {
    // not JSON: fall through
  }
  return functionError;
}
