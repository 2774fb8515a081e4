import { DEFAULT_RETENTION_HOURS, type StreamsSettings } from './streams-context.js';

/** Stream settings as programs give them (EddyOptions.streams); the CLI flags map onto these. */
export interface StreamsOptions {
  /** Open shards of each new stream (partition-key hash → shard); default 1. */
  shardCount?: number;
  /** Close every open shard and open a child this often, to exercise clients' lineage handling; default off. */
  rotationSeconds?: number;
  /** How long records, and disabled or deleted streams, stay readable; default 24. */
  retentionHours?: number;
  /** GetRecords calls a second allowed on one shard before LimitExceededException, as AWS throttles; default 0: no limit. */
  readsPerSecond?: number;
}

/** The most shards a stream may be created with. */
export const MAX_SHARD_COUNT = 1000;

/** Checked settings; throws a RangeError naming the option for anything out of range. */
export function streamsSettingsOf(options: StreamsOptions = {}): StreamsSettings {
  const { shardCount = 1, rotationSeconds = 0, retentionHours = DEFAULT_RETENTION_HOURS, readsPerSecond = 0 } = options;
  if (!Number.isInteger(shardCount) || shardCount < 1 || shardCount > MAX_SHARD_COUNT) {
    throw new RangeError(`streams.shardCount must be an integer from 1 to ${MAX_SHARD_COUNT}, got ${shardCount}`);
  }
  if (!Number.isFinite(rotationSeconds) || rotationSeconds < 0) {
    throw new RangeError(`streams.rotationSeconds must be a number of seconds ≥ 0 (0: off), got ${rotationSeconds}`);
  }
  if (!Number.isFinite(retentionHours) || retentionHours <= 0) {
    throw new RangeError(`streams.retentionHours must be a number of hours > 0, got ${retentionHours}`);
  }
  if (!Number.isInteger(readsPerSecond) || readsPerSecond < 0) {
    throw new RangeError(`streams.readsPerSecond must be an integer ≥ 0 (0: no limit), got ${readsPerSecond}`);
  }
  return {
    shardCount,
    rotationMs: Math.round(rotationSeconds * 1000),
    retentionMs: Math.round(retentionHours * 3_600_000),
    readsPerSecond,
  };
}
