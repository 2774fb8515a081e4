import { hostname } from 'node:os';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { StorageEngine } from '../storage/engine.js';
import type { ClusterStore } from '../storage/cluster-store.js';
import { ClusterMembership, MAINTENANCE_LEASE } from './cluster-membership.js';

export interface ClusterOptions {
  /** See DEFAULT_CLUSTER_LEASE_MS. */
  readonly leaseMs?: number;
}

/**
 * Joins this node to the nodes on `engine`'s database (main.ts calls it once the engine is open and the
 * clock attached): one heartbeat and one claim of the maintenance lease before it resolves, so the
 * runners gated on `isLeader()` know at once whether they run. Stop it before closing the engine.
 */
export async function startCluster(
  engine: Pick<StorageEngine, 'cluster' | 'capabilities'>,
  clock: Clock,
  logger: Logger,
  options: ClusterOptions = {},
): Promise<ClusterMembership> {
  // With storage only this process uses, a node or lease still there is a previous run's (kill -9, a
  // crash): forgotten rather than waited for, or maintenance would wait out its lease after a restart.
  if (!engine.capabilities.sharedAcrossProcesses) await forgetPreviousRun(engine.cluster, clock.now());
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

async function forgetPreviousRun(store: ClusterStore, now: number): Promise<void> {
  for (const node of await store.liveNodes(now)) await store.leave(node.nodeId);
  const holder = await store.leaseHolder(MAINTENANCE_LEASE, now);
  if (holder) await store.releaseLease(MAINTENANCE_LEASE, holder.owner);
}
