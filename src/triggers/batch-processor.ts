import { formatSequence } from '../streams/stream-record.js';
import { functionFailure, type BatchFailure } from './batch-failure.js';
import { readPartialResponse } from './batch-outcome.js';
import type { DiscardedBatch } from './failure-record.js';
import type { MappingSettings } from './mapping-settings.js';

/** One record of a batch: its sequence number, creation time and the JSON the function sees. */
export interface BatchRecord {
  readonly sequence: bigint;
  readonly createdAt: number;
  readonly json: string;
}

/** An invocation's outcome as the processor needs it. */
export interface InvokeOutcome {
  readonly requestId: string;
  /** 'Unhandled' when the function failed. */
  readonly functionError?: string;
  readonly payload: string;
}

/** What a batch processor works with; the shard worker provides it. */
export interface BatchDeps {
  readonly settings: MappingSettings;
  readonly shardId: string;
  readonly streamArn: string;
  readonly functionArn: string;
  /**
   * Invokes the function (`attempt`: 1 for a batch's first invocation, counting its retries and bisected
   * halves); rejects only when the invocation never reached it (retried without counting).
   */
  invoke(payload: string, attempt: number, records: readonly BatchRecord[]): Promise<InvokeOutcome>;
  /** Sends a failure record to the on-failure destination (when the mapping has one). */
  discard(batch: DiscardedBatch): Promise<void>;
  /** Stores the position after `sequence`; false when the lease was lost (processing stops). */
  checkpoint(sequence: bigint): Promise<boolean>;
  /**
   * Waits before a retry; resolves false when the worker is stopping, 'skip' when a user gave the batch
   * up (it is then discarded as if its retries had run out).
   */
  backoff(attempt: number): Promise<boolean | 'skip'>;
  now(): number;
  /** The event for a batch, given its records' JSON joined by commas; default `{"Records":[…]}`. */
  event?(records: string): string;
  /**
   * Reads a response that is not a function error before anything else; false makes it a failed
   * invocation, as an invalid partial response is (tumbling windows: a response without state).
   */
  accept?(payload: string): boolean;
  /**
   * Told how each invocation that reached the function went: `failure` undefined for a success, else
   * why it counts as failed — a partial batch failure included. For status only; it decides nothing.
   */
  attempted?(outcome: InvokeOutcome, failure: BatchFailure | undefined): void;
  /** Told that the batch was given up (its failure record sent), before its position is stored. */
  gaveUp?(): void;
}

export type BatchResult = 'done' | 'stopped';

/**
 * Delivers one batch of one shard until it is handled, as Lambda does for stream sources (SEMANTICS.md
 * §B.6, §B.8): retries after function errors with backoff up to MaximumRetryAttempts, drops records
 * older than MaximumRecordAgeInSeconds, bisects on error when asked, resumes from the lowest reported
 * failure under ReportBatchItemFailures, and sends a failure record for what it discards. Invocations
 * that never reached the function (throttling, a busy runtime) are retried without counting.
 */
export async function processBatch(records: readonly BatchRecord[], deps: BatchDeps): Promise<BatchResult> {
  let batch = [...records];
  let attempts = 0;
  const { settings } = deps;
  const partial = settings.functionResponseTypes.includes('ReportBatchItemFailures');
  for (;;) {
    if (settings.maximumRecordAgeInSeconds !== -1) {
      const oldest = deps.now() - settings.maximumRecordAgeInSeconds * 1000;
      const expired = batch.filter((r) => r.createdAt < oldest);
      if (expired.length > 0) {
        await deps.discard(discarded(deps, expired, 'RecordAgeExceeded', attempts, 'Unhandled', ''));
        batch = batch.filter((r) => r.createdAt >= oldest);
        if (batch.length === 0) return (await deps.checkpoint(expired.at(-1)!.sequence)) ? 'done' : 'stopped';
      }
    }
    let outcome: InvokeOutcome;
    try {
      const records = batch.map((r) => r.json).join(',');
      outcome = await deps.invoke(deps.event ? deps.event(records) : `{"Records":[${records}]}`, attempts + 1, batch);
    } catch {
      const waited = await deps.backoff(attempts + 1);
      if (waited === 'skip') return giveUp(deps, batch, attempts, 'Unhandled', '');
      if (!waited) return 'stopped';
      continue;
    }
    attempts++;
    const succeeded = async () => {
      deps.attempted?.(outcome, undefined);
      return (await deps.checkpoint(batch.at(-1)!.sequence)) ? 'done' : 'stopped';
    };
    let failedError: string | null = 'Unhandled';
    if (outcome.functionError === undefined && deps.accept?.(outcome.payload) === false) {
      deps.attempted?.(outcome, { kind: 'invalid-response', reason: 'the response has no state object' });
      failedError = null;
    } else if (outcome.functionError === undefined) {
      if (!partial) return succeeded();
      const response = readPartialResponse(outcome.payload, new Set(batch.map((r) => formatSequence(r.sequence))));
      if (response.kind === 'success') return succeeded();
      if (response.kind === 'partial') {
        deps.attempted?.(outcome, { kind: 'partial-batch-failure', failedItems: response.failed, batchSize: batch.length });
        const done = batch.filter((r) => r.sequence < response.from);
        if (done.length > 0 && !(await deps.checkpoint(done.at(-1)!.sequence))) return 'stopped';
        batch = batch.filter((r) => r.sequence >= response.from);
      } else {
        deps.attempted?.(outcome, { kind: 'invalid-response', reason: response.reason });
      }
      failedError = null;
    } else {
      deps.attempted?.(outcome, functionFailure(outcome.payload, outcome.functionError));
      if (settings.bisectBatchOnFunctionError && batch.length > 1) {
        const half = Math.ceil(batch.length / 2);
        if ((await processBatch(batch.slice(0, half), deps)) === 'stopped') return 'stopped';
        return processBatch(batch.slice(half), deps);
      }
    }
    if (settings.maximumRetryAttempts !== -1 && attempts > settings.maximumRetryAttempts) return giveUp(deps, batch, attempts, failedError, outcome.requestId);
    const waited = await deps.backoff(attempts);
    if (waited === 'skip') return giveUp(deps, batch, attempts, failedError, outcome.requestId);
    if (!waited) return 'stopped';
  }
}

/** Sends the batch's failure record (RetryAttemptsExhausted) and moves the position past it. */
async function giveUp(deps: BatchDeps, batch: readonly BatchRecord[], attempts: number, functionError: string | null, requestId: string): Promise<BatchResult> {
  await deps.discard(discarded(deps, batch, 'RetryAttemptsExhausted', attempts, functionError, requestId));
  deps.gaveUp?.();
  return (await deps.checkpoint(batch.at(-1)!.sequence)) ? 'done' : 'stopped';
}

function discarded(
  deps: BatchDeps,
  records: readonly BatchRecord[],
  condition: DiscardedBatch['condition'],
  attempts: number,
  functionError: string | null,
  requestId: string,
): DiscardedBatch {
  const first = records[0]!;
  const last = records.at(-1)!;
  return {
    requestId,
    functionArn: deps.functionArn,
    condition,
    approximateInvokeCount: attempts,
    functionError,
    shardId: deps.shardId,
    streamArn: deps.streamArn,
    first: { sequence: formatSequence(first.sequence), createdAt: first.createdAt },
    last: { sequence: formatSequence(last.sequence), createdAt: last.createdAt },
    batchSize: records.length,
    now: deps.now(),
  };
}
