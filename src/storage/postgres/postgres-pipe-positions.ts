import type { Pool } from 'pg';
import type { ShardCheckpoint, ShardPosition } from '../trigger-store.js';
import type { ShardPositions } from '../pipe-store.js';
import { query } from './pg-pool.js';

interface ShardRow {
  shard_id: string;
  sequence: string | null;
  state: string | null;
  finished: boolean;
  owner: string | null;
  /** bigint arrives as text (pg-pool.ts). */
  lease_until: string | null;
}

const SHARD = 'shard_id, sequence, state, finished, owner, lease_until';

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

  constructor(pool: Pool) {
    this.#pool = pool;
  }

  async claimLease(consumerId: string, shardId: string, owner: string, until: number, now: number): Promise<boolean> {
    return (await query(this.#pool, CLAIM, [consumerId, shardId, owner, until, now])).length === 1;
  }

  async renewLease(consumerId: string, shardId: string, owner: string, until: number): Promise<boolean> {
    const renewed = await query(
      this.#pool,
      'UPDATE pipe_shards SET lease_until = $1 WHERE consumer_id = $2 AND shard_id = $3 AND owner = $4 RETURNING 1 AS renewed',
      [until, consumerId, shardId, owner],
    );
    return renewed.length === 1;
  }

  async releaseLease(consumerId: string, shardId: string, owner: string): Promise<void> {
    await query(this.#pool, 'UPDATE pipe_shards SET owner = NULL, lease_until = NULL WHERE consumer_id = $1 AND shard_id = $2 AND owner = $3', [
      consumerId,
      shardId,
      owner,
    ]);
  }

  /**
   * Ends every lease, whoever holds it. Implemented for the contract's sake, but an engine shared by
   * several nodes must not call it at start: the other nodes' leases are live.
   */
  async releaseAllLeases(): Promise<number> {
    const released = await query(this.#pool, 'UPDATE pipe_shards SET owner = NULL, lease_until = NULL WHERE owner IS NOT NULL RETURNING 1 AS released');
    return released.length;
  }

  /** As on SQLite: an undefined `sequence` keeps the stored one, `finished` once set stays set, `state` is stored as given. */
  async checkpoint(consumerId: string, shardId: string, owner: string, position: ShardPosition): Promise<boolean> {
    const { sequence, state, finished } = position;
    const stored = await query(
      this.#pool,
      `UPDATE pipe_shards SET sequence = coalesce($1, sequence), state = $2, finished = finished OR $3
       WHERE consumer_id = $4 AND shard_id = $5 AND owner = $6 RETURNING 1 AS stored`,
      [sequence ?? null, state ?? null, finished === true, consumerId, shardId, owner],
    );
    return stored.length === 1;
  }

  async getCheckpoint(consumerId: string, shardId: string): Promise<ShardCheckpoint | undefined> {
    const [row] = await query<ShardRow>(this.#pool, `SELECT ${SHARD} FROM pipe_shards WHERE consumer_id = $1 AND shard_id = $2`, [consumerId, shardId]);
    return row && toCheckpoint(row);
  }

  async listCheckpoints(consumerId: string): Promise<ShardCheckpoint[]> {
    const rows = await query<ShardRow>(this.#pool, `SELECT ${SHARD} FROM pipe_shards WHERE consumer_id = $1 ORDER BY shard_id`, [consumerId]);
    return rows.map(toCheckpoint);
  }
}

/** The shard row as a checkpoint; optional fields only when set. */
function toCheckpoint(row: ShardRow): ShardCheckpoint {
  return {
    shardId: row.shard_id,
    ...(row.sequence !== null && { sequence: row.sequence }),
    ...(row.state !== null && { state: row.state }),
    finished: row.finished,
    ...(row.owner !== null && { owner: row.owner }),
    ...(row.lease_until !== null && { leaseUntil: Number(row.lease_until) }),
  };
}
