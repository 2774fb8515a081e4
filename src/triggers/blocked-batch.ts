import { formatSequence } from '../streams/stream-record.js';
import type { BatchRecord } from './batch-processor.js';
import type { FailureStatus } from './mapping-status.js';
import type { RecordedFailure } from './shard-stats.js';

/** At most this many records' keys are kept with a blocking batch, and at most this much of their JSON. */
const MAX_KEYS = 25;
const MAX_KEYS_JSON = 8 * 1024;

/**
 * The batch a shard is stuck on, as its lease holder stores it (ShardControls.markBlocked) so that every
 * node shows it: how often it was tried, since when, the last failure, when it is tried next, and which
 * records it holds — what Lambda's OnFailure record names (sequence range, arrival times, count), with the
 * records' keys (the first MAX_KEYS, bounded in size). Times are epoch ms of Eddy's clock.
 */
export interface BlockedBatch {
  readonly attempts: number;
  readonly since: number;
  readonly lastFailure: RecordedFailure;
  /** When the next attempt is due, while the batch waits out its backoff. */
  readonly retryAt?: number;
  readonly records: BlockedRecords;
}

export interface BlockedRecords {
  /** Decimal sequence numbers, as records carry them. */
  readonly firstSequence: string;
  readonly lastSequence: string;
  readonly count: number;
  readonly firstArrival: number;
  readonly lastArrival: number;
  /** The records' `dynamodb.Keys`, in order (the first ones only when `keysTruncated`). */
  readonly keys: readonly unknown[];
  readonly keysTruncated?: boolean;
}

/** How a blocking batch shows in a shard's status: times in ISO 8601. */
export interface BlockingBatchStatus {
  readonly attempts: number;
  readonly since: string;
  readonly retryAt?: string;
  readonly lastFailure: FailureStatus;
  readonly records: Omit<BlockedRecords, 'firstArrival' | 'lastArrival'> & { readonly firstArrival: string; readonly lastArrival: string };
}

/** What a blocking batch's records are, from the records delivered (none: a tumbling window's final invocation). */
export function blockedRecords(records: readonly BatchRecord[]): BlockedRecords | undefined {
  const first = records[0];
  const last = records.at(-1);
  if (!first || !last) return undefined;
  const keys: unknown[] = [];
  let size = 2;
  for (const record of records.slice(0, MAX_KEYS)) {
    const key = (JSON.parse(record.json) as { dynamodb?: { Keys?: unknown } }).dynamodb?.Keys ?? null;
    size += JSON.stringify(key).length + 1;
    if (size > MAX_KEYS_JSON) break;
    keys.push(key);
  }
  return {
    firstSequence: formatSequence(first.sequence),
    lastSequence: formatSequence(last.sequence),
    count: records.length,
    firstArrival: first.createdAt,
    lastArrival: last.createdAt,
    keys,
    ...(keys.length < records.length && { keysTruncated: true }),
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The stored document as a status shows it; undefined when it cannot be read (never written by this version). */
export function blockingBatchStatus(stored: string | undefined): BlockingBatchStatus | undefined {
  if (stored === undefined) return undefined;
  let batch: BlockedBatch;
  try {
    batch = JSON.parse(stored) as BlockedBatch;
  } catch {
    return undefined;
  }
  if (typeof batch?.attempts !== 'number' || !batch.records || !batch.lastFailure) return undefined;
  return {
    attempts: batch.attempts,
    since: iso(batch.since),
    ...(batch.retryAt !== undefined && { retryAt: iso(batch.retryAt) }),
    lastFailure: { ...batch.lastFailure, at: iso(batch.lastFailure.at) },
    records: { ...batch.records, firstArrival: iso(batch.records.firstArrival), lastArrival: iso(batch.records.lastArrival) },
  };
}
