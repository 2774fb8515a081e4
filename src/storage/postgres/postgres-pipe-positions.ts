import type { Pool } from 'pg';
import type { ShardCheckpoint, ShardPosition } from '../trigger-store.js';
import type { ShardPositions } from '../pipe-store.js';
import { query } from './pg-pool.js';
import { PostgresShardLeases } from './postgres-shard-leases.js';
import { PIPE_SHARDS, PostgresShardControls } from './postgres-shard-controls.js';
import type { PostgresNotifications } from './postgres-notifications.js';

// Insert-or-take-over in one statement, as PostgresTriggerStore's claim: the row is created only under an
// existing pipe, and an existing row is taken only when free, expired at $5 (a lease is held while
// now < lease_until) or already the claimant's. The pipe row is read FOR SHARE, so a delete of the pipe
// (which locks it FOR UPDATE) either waits for this claim and then deletes its row, or commits first and
// this claim, re-reading the pipe, finds none and creates nothing. Of two nodes claiming at once, the
// second waits on the first's shard row and judges the WHERE against it as the first committed it.
const CLAIM = `
  INSERT INTO pipe_shards (consumer_id, shard_id, owner, lease_until)
  SELECT consumer_id, $2, $3, $4::bigint FROM (SELECT consumer_id FROM pipes WHERE consumer_id = $1 LIMIT 1 FOR SHARE) AS pipe
  ON CONFLICT (consumer_id, shard_id) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until
  WHERE pipe_shards.owner IS NULL OR pipe_shards.owner = excluded.owner OR pipe_shards.lease_until <= $5::bigint
  RETURNING 1 AS claimed`;

/**
 * Leases and checkpoints of pipes' shards on PostgreSQL (pipe_shards), with the trigger store's
 * semantics (PostgresTriggerStore): each change is one conditional statement on its row
 * (`… WHERE owner = $n RETURNING`), so no two nodes ever both hold a lease and only the holder moves a
 * position. Lease times are the caller's (`now`, `until`: epoch ms of the injected Clock), as the
 * contract says (ShardPositions is TriggerStore's), not the database's clock.
 */
export class PostgresPipePositions implements ShardPositions {
  readonly #pool: Pool;
  readonly #shards: PostgresShardLeases;
  readonly #controls: PostgresShardControls;

  constructor(pool: Pool, notifications?: PostgresNotifications) {
    this.#pool = pool;
    this.#shards = new PostgresShardLeases(pool, 'pipe_shards', 'consumer_id');
    this.#controls = new PostgresShardControls(pool, PIPE_SHARDS, notifications);
  }

  async claimLease(consumerId: string, shardId: string, owner: string, until: number, now: number): Promise<boolean> {
    return (await query(this.#pool, CLAIM, [consumerId, shardId, owner, until, now])).length === 1;
  }

  renewLease(consumer: string, shardId: string, owner: string, until: number): Promise<boolean> {
    return this.#shards.renewLease(consumer, shardId, owner, until);
  }

  releaseLease(consumer: string, shardId: string, owner: string): Promise<void> {
    return this.#shards.releaseLease(consumer, shardId, owner);
  }

  /** Ends every lease: never at the start of an engine several nodes share (PostgresShardLeases). */
  releaseAllLeases(): Promise<number> {
    return this.#shards.releaseAllLeases();
  }

  checkpoint(consumer: string, shardId: string, owner: string, position: ShardPosition): Promise<boolean> {
    return this.#shards.checkpoint(consumer, shardId, owner, position);
  }

  getCheckpoint(consumer: string, shardId: string): Promise<ShardCheckpoint | undefined> {
    return this.#shards.getCheckpoint(consumer, shardId);
  }

  listCheckpoints(consumer: string): Promise<ShardCheckpoint[]> {
    return this.#shards.listCheckpoints(consumer);
  }

  markBlocked(consumer: string, shardId: string, owner: string, blocked: string | null): Promise<boolean> {
    return this.#controls.markBlocked(consumer, shardId, owner, blocked);
  }

  requestAction(consumer: string, shardId: string, action: string): Promise<boolean> {
    return this.#controls.requestAction(consumer, shardId, action);
  }

  takeAction(consumer: string, shardId: string, owner: string): Promise<string | undefined> {
    return this.#controls.takeAction(consumer, shardId, owner);
  }

  onAction(listener: (consumer: string | undefined) => void): () => void {
    return this.#controls.onAction(listener);
  }
}
