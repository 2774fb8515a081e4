import type { StorageEngine } from '../storage/engine.js';
import type { ShardCheckpoint } from '../storage/trigger-store.js';
import type { ShardPositions } from '../storage/pipe-store.js';
import { streamNameOf } from '../streams/stream-arn.js';
import { formatSequence } from '../streams/stream-record.js';
import type { Mapping } from './mappings-context.js';
import { readsFromLatest } from './mapping-settings.js';
import { errorText, type BatchFailure } from './batch-failure.js';
import { mappingFunctionName, type QualifiedSettings } from './mapping-function.js';
import type { LastProcessingResult, MappingStats, RecordedFailure } from './shard-stats.js';
import { blockingBatchStatus, type BlockingBatchStatus } from './blocked-batch.js';

export type { LastProcessingResult } from './shard-stats.js';

/** How one event source mapping is doing, for users (the admin API, `eddy mappings`). */
export interface MappingStatus {
  readonly uuid: string;
  /** 'stream': a DynamoDB stream, per shard in `shards`; 'queue': an SQS queue, in `queue`. */
  readonly kind: 'stream' | 'queue';
  /** The function, with the version or alias the mapping names (`orders:live`). */
  readonly functionName: string;
  readonly sourceArn: string;
  /** Disabling: disabled (a pipe stopped), its consumer still holding a shard's lease while it ends its batch. */
  readonly state: 'Enabled' | 'Disabling' | 'Disabled';
  /** Lambda's: a partial batch failure is not a PROBLEM (see the shards' and the queue's `state`). */
  readonly lastProcessingResult: LastProcessingResult;
  /** Every shard of the stream, parents first as the stream lists them; none for a queue. */
  readonly shards: ShardStatus[];
  /** A queue mapping's consumer, while it runs. */
  readonly queue?: QueueStatus;
  /** A pipe's target and enrichment, named as `bus app`, `queue jobs`, `function lookup`, `API destination crm`. */
  readonly target?: string;
  readonly enrichment?: string;
  /** A pipe's StateReason (one Eddy stopped, say). */
  readonly stateReason?: string;
}

/**
 * Whether a consumer is stuck: RETRYING from the first failed attempt of a batch until an attempt
 * succeeds (or the batch is given up), with that batch's attempts and the last failure — a partial
 * batch failure counts, though Lambda does not call it a function error. A success clears the failure
 * once nothing is retrying. Times are ISO 8601 from Eddy's clock; all of it since Eddy started.
 */
export interface ProcessingStatus {
  readonly state: 'OK' | 'RETRYING';
  /** The first failed attempt of the batch being retried (RETRYING only). */
  readonly retryingSince?: string;
  /** Invocations so far of the batch in progress (0 when none is). */
  readonly attempts: number;
  readonly lastFailure?: FailureStatus;
  readonly lastSuccessAt?: string;
}

/** A failed invocation: its kind and details, when, and its request id (in the function's logs). */
export type FailureStatus = BatchFailure & { readonly at: string; readonly requestId: string };

export interface ShardStatus extends ProcessingStatus {
  readonly shardId: string;
  /** The last sequence number handled (as records carry it), absent before the first checkpoint. */
  readonly checkpoint?: string;
  /** A closed shard whose every record is handled. */
  readonly finished: boolean;
  /** The consumer holding the shard's lease now, if any. */
  readonly leaseOwner?: string;
  /** Now − creation time of the newest record not yet handled; 0 when caught up. */
  readonly iteratorAgeMs: number;
  /**
   * Read from StartingPosition LATEST and its consumer has not stored its position yet (it takes the
   * shard's newest record when it first reads it): a record written now may fall before the position.
   */
  readonly awaitingPosition?: true;
  /** lastFailure when it is a function error or timeout, as "errorType: errorMessage". */
  readonly lastError?: string;
  /** Batches in flight (up to ParallelizationFactor). */
  readonly inFlight: number;
  /**
   * The batch the shard is stuck on, as the lease holder (on whichever node) stored it: attempts, the
   * last failure, when it is tried next, its records' sequence range and keys.
   */
  readonly blockingBatch?: BlockingBatchStatus;
  /** An action asked for (retry, skip, rewind) that the lease holder has not taken yet. */
  readonly pendingAction?: string;
}

/**
 * A queue mapping's consumer. Messages of a failed batch come back after their visibility timeout,
 * maybe in other batches, so RETRYING follows messages: from the first failure of a message still
 * failing, `attempts` its most receives, until each has succeeded, moved to the dead-letter queue or
 * expired.
 */
export interface QueueStatus extends ProcessingStatus {
  /** Batches being handled now (up to MaximumConcurrency). */
  readonly inFlight: number;
  readonly messagesInFlight: number;
  /** Ids of the messages failing now, in the order they first failed (at most the first 100). */
  readonly failingMessages: string[];
  readonly failingMessageCount: number;
}

/**
 * A mapping's status from its stored checkpoints and leases, the stream's shards, and — while it runs —
 * its consumer's live stats (`live`). `now`: the clock's time, for lease expiry and iterator age.
 * `positions`: where its checkpoints are kept (a pipe's are the pipe store's).
 */
export async function mappingStatus(
  engine: StorageEngine,
  mapping: Mapping,
  live: MappingStats | undefined,
  now: number,
  positions: Pick<ShardPositions, 'listCheckpoints'> = engine.triggers,
): Promise<MappingStatus> {
  const checkpoints = new Map((await positions.listCheckpoints(mapping.uuid)).map((c) => [c.shardId, c]));
  const name = streamNameOf(mapping.sourceArn);
  const found = name ? await engine.getStream(name.tableName, name.label) : undefined;
  const shards: ShardStatus[] = [];
  for (const shard of found?.shards ?? []) {
    const checkpoint = checkpoints.get(shard.shardId);
    checkpoints.delete(shard.shardId);
    let iteratorAgeMs = 0;
    const handled = checkpoint?.sequence !== undefined ? BigInt(checkpoint.sequence) : readsFromLatest(mapping, shard) ? undefined : shard.startingSequence - 1n;
    if (!checkpoint?.finished && handled !== undefined && shard.lastSequence !== undefined && shard.lastSequence > handled) {
      const [newest] = await engine.readShard({ streamId: found!.stream.id, shardId: shard.shardId, from: shard.lastSequence, limit: 1 });
      if (newest) iteratorAgeMs = Math.max(0, now - newest.createdAt);
    }
    shards.push({ ...shardStatus(shard.shardId, checkpoint, live, now, iteratorAgeMs), ...(handled === undefined && !checkpoint?.finished && { awaitingPosition: true as const }) });
  }
  // Shards the stream no longer lists (trimmed away) but the mapping has a row for.
  for (const checkpoint of checkpoints.values()) shards.push(shardStatus(checkpoint.shardId, checkpoint, live, now, 0));
  const heading = mappingHeading(mapping, 'stream', live?.lastProcessingResult);
  const stopping = heading.state === 'Disabled' && shards.some((s) => s.leaseOwner !== undefined);
  return { ...heading, ...(stopping && { state: 'Disabling' as const }), shards };
}

function shardStatus(shardId: string, checkpoint: ShardCheckpoint | undefined, live: MappingStats | undefined, now: number, iteratorAgeMs: number): ShardStatus {
  const stats = live?.find(shardId);
  const leased = checkpoint?.owner !== undefined && (checkpoint.leaseUntil ?? 0) > now;
  const blocked = blockingBatchStatus(checkpoint?.blocked);
  // Worked on another node (or by a consumer since stopped): what its holder stored is all there is.
  const processing = stats || !blocked ? processingStatus(stats) : { state: 'RETRYING' as const, retryingSince: blocked.since, attempts: blocked.attempts, lastFailure: blocked.lastFailure };
  const lastError = processing.lastFailure && errorText(processing.lastFailure);
  const action = checkpoint?.action === undefined ? undefined : (JSON.parse(checkpoint.action) as { kind?: string }).kind;
  return {
    shardId,
    ...(checkpoint?.sequence !== undefined && { checkpoint: formatSequence(BigInt(checkpoint.sequence)) }),
    finished: checkpoint?.finished ?? false,
    ...(leased && { leaseOwner: checkpoint.owner! }),
    iteratorAgeMs,
    ...processing,
    ...(lastError !== undefined && { lastError }),
    inFlight: stats?.inFlight ?? 0,
    ...(blocked && { blockingBatch: blocked }),
    ...(action !== undefined && { pendingAction: action }),
  };
}

/** What a consumer's live stats tell about it (ShardStats, QueueStats); times are the clock's, in ms. */
export interface ProcessingStats {
  readonly retryingSince: number | undefined;
  readonly attempts: number;
  readonly lastFailure: RecordedFailure | undefined;
  readonly lastSuccessAt: number | undefined;
}

/** The ProcessingStatus members from a consumer's live stats (none: nothing processed since Eddy started). */
export function processingStatus(stats: ProcessingStats | undefined): ProcessingStatus {
  const since = stats?.retryingSince;
  const failure = stats?.lastFailure;
  return {
    state: since === undefined ? 'OK' : 'RETRYING',
    ...(since !== undefined && { retryingSince: iso(since) }),
    attempts: stats?.attempts ?? 0,
    ...(failure !== undefined && { lastFailure: { ...failure, at: iso(failure.at) } }),
    ...(stats?.lastSuccessAt !== undefined && { lastSuccessAt: iso(stats.lastSuccessAt) }),
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** What every mapping's status starts with; `live` is the running consumer's result, if it runs. */
export function mappingHeading(
  mapping: { uuid: string; functionName: string; sourceArn: string; config: QualifiedSettings & { enabled: boolean; lastProcessingResult: string } },
  kind: MappingStatus['kind'],
  live: LastProcessingResult | undefined,
): Omit<MappingStatus, 'shards' | 'queue'> {
  return {
    uuid: mapping.uuid,
    kind,
    functionName: mappingFunctionName(mapping),
    sourceArn: mapping.sourceArn,
    state: mapping.config.enabled ? 'Enabled' : 'Disabled',
    lastProcessingResult: live ?? storedResult(mapping.config.lastProcessingResult),
  };
}

function storedResult(value: string): LastProcessingResult {
  return value === 'OK' || value === 'PROBLEM: Function call failed' ? value : 'No records processed';
}
