import type { Deployment } from '../shared/arns.js';
import type { Clock } from '../shared/clock.js';
import type { StorageEngine } from '../storage/engine.js';
import type { ShardReadThrottle } from './shard-read-throttle.js';

/** Server-wide stream settings (EddyOptions.streams, CLI --stream-shards / --shard-rotation / --stream-retention). */
export interface StreamsSettings {
  /** Open shards of each new stream; partition hashes are split evenly among them. */
  readonly shardCount: number;
  /** Records (and closed streams) older than this are trimmed. */
  readonly retentionMs: number;
  /** Every open shard is closed and gets a child this often; 0 turns rotation off. */
  readonly rotationMs: number;
  /** GetRecords calls a second per shard before LimitExceededException; 0: no limit. */
  readonly readsPerSecond: number;
}

export const DEFAULT_RETENTION_HOURS = 24;

export const defaultStreamsSettings: StreamsSettings = {
  shardCount: 1,
  retentionMs: DEFAULT_RETENTION_HOURS * 3_600_000,
  rotationMs: 0,
  readsPerSecond: 0,
};

/** What every Streams operation receives. */
export interface StreamsContext {
  readonly engine: StorageEngine;
  readonly clock: Clock;
  readonly deployment: Deployment;
  readonly settings: StreamsSettings;
  /** GetRecords' per-shard rate limit (admits everything when settings.readsPerSecond is 0). */
  readonly readThrottle: ShardReadThrottle;
}

/** A Streams API operation: the parsed (unvalidated) request body in, the response body out. */
export type StreamsOperation = (ctx: StreamsContext, input: unknown) => Promise<unknown>;
