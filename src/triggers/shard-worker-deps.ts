import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { StorageEngine } from '../storage/engine.js';
import type { ShardPositions } from '../storage/pipe-store.js';
import type { ShardWatcher } from '../streams/shard-watcher.js';
import type { StreamName } from '../streams/stream-arn.js';
import type { StreamViewType } from '../streams/stream-meta.js';
import type { BatchDestination } from './batch-destination.js';
import type { DiscardedBatch } from './failure-record.js';
import type { TriggerTimings } from './trigger-timings.js';

/** The stream a mapping reads, resolved from its ARN. */
export interface MappingStream {
  readonly id: number;
  readonly arn: string;
  /** The table and label in `arn`, as the engine names the stream. */
  readonly name: StreamName;
  readonly viewType: StreamViewType;
  /** The table's partition key attribute: records with the same value keep their order under ParallelizationFactor. */
  readonly partitionKey: string | undefined;
}

export interface ShardWorkerDeps {
  readonly engine: StorageEngine;
  /** Where leases and checkpoints are kept, by the mapping's uuid; default the trigger store (a pipe's are the pipe store's). */
  readonly positions?: ShardPositions;
  readonly watcher: ShardWatcher;
  /** Where batches go: the mapping's function (or the version or alias it names), or a pipe's target. */
  readonly destination: BatchDestination;
  readonly logger: Logger;
  readonly region: string;
  readonly owner: string;
  readonly timings: TriggerTimings;
  now(): number;
  /**
   * Eddy's clock, when it can jump (time control): retry backoff ends at once when a jump carries the
   * clock past it, and leases are renewed at every jump. Without it the worker reads `now` only.
   */
  readonly clock?: Clock;
  /** Keeps a record (parsed Lambda event record) when the mapping's filters match it; undefined: no filters. */
  readonly filter: ((record: unknown) => boolean) | undefined;
  /** Sends a failure record to the mapping's on-failure destination. */
  discard(batch: DiscardedBatch): Promise<void>;
}
