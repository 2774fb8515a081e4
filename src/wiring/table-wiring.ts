import type { Logger } from '../shared/logger.js';
import type { Deployment } from '../shared/arns.js';
import type { EddyOptions } from '../eddy-options.js';
import type { StorageEngine } from '../storage/engine.js';
import { ShardReadThrottle } from '../streams/shard-read-throttle.js';
import type { StreamsSettings } from '../streams/streams-context.js';
import type { StreamsContext } from '../streams/streams-context.js';
import { TableCatalog } from '../table/table-catalog.js';
import { setIndexBackfillOptions } from '../table/indexes/index-backfill.js';
import { TtlSweeper } from '../table/ttl/ttl-sweeper.js';
import { RecoveryTrimmer } from '../table/backups/recovery-trimmer.js';
import type { TableContext } from '../table/table-context.js';
import type { ControlledClock } from '../time/controlled-clock.js';

/** The tables' and streams' contexts, and the runners that keep tables (TTL, point-in-time recovery). */
export function tableWiring(engine: StorageEngine, clock: ControlledClock, deployment: Deployment, logger: Logger, leader: () => boolean, streamsSettings: StreamsSettings, options: EddyOptions) {
  const tables: TableContext = {
    engine,
    catalog: new TableCatalog(engine, { streamShards: streamsSettings.shardCount }),
    clock,
    deployment,
  };
  setIndexBackfillOptions(engine, options.indexBackfill);
  const recoveryTrimmer = new RecoveryTrimmer(engine.pointInTime, clock, logger, engine.backups, leader);
  const ttlSweeper = new TtlSweeper(tables, logger, {
    leader,
    ...(options.ttl?.sweepPeriodMs !== undefined && { periodMs: options.ttl.sweepPeriodMs }),
  });
  const streams: StreamsContext = {
    engine,
    clock,
    deployment,
    settings: streamsSettings,
    readThrottle: new ShardReadThrottle(streamsSettings.readsPerSecond, clock),
  };
  return { tables, streams, recoveryTrimmer, ttlSweeper };
}
