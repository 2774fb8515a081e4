import { hostname } from 'node:os';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { StorageEngine } from '../storage/engine.js';
import { ClusterMembership } from './cluster-membership.js';

export interface ClusterOptions {
  /** See DEFAULT_CLUSTER_LEASE_MS. */
  readonly leaseMs?: number;
}

/**
 * Joins this node to the nodes on `engine`'s database (main.ts calls it once the engine is open and the
 * clock attached): one heartbeat and one claim of the maintenance lease before it resolves, so the
 * runners gated on `isLeader()` know at once whether they run. Stop it before closing the engine.
 */
export async function startCluster(engine: Pick<StorageEngine, 'cluster'>, clock: Clock, logger: Logger, options: ClusterOptions = {}): Promise<ClusterMembership> {
  const membership = new ClusterMembership({
    store: engine.cluster,
    clock,
    logger,
    info: { host: hostname(), pid: process.pid },
    ...(options.leaseMs !== undefined && { leaseMs: options.leaseMs }),
  });
  await membership.start();
  return membership;
}
