import type { ShardCheckpoint } from '../storage/trigger-store.js';

/**
 * Whether a stream consumer (a mapping's UUID, a pipe's consumer id) still holds a shard at `now`: a lease
 * with an owner that has not expired. A disabled mapping's or stopped pipe's consumer, on whichever node,
 * keeps its leases until it has finished its batch and stored its position; a node that died holds its
 * leases until they expire. One read of the consumer's positions.
 */
export async function holdsShards(positions: { listCheckpoints(consumer: string): Promise<ShardCheckpoint[]> }, consumer: string, now: number): Promise<boolean> {
  return (await positions.listCheckpoints(consumer)).some((c) => c.owner !== undefined && (c.leaseUntil ?? 0) > now);
}
