// The shard rows stream triggers (mapping_shards) and pipes (pipe_shards) keep alike: a lease and a
// position per shard of a consumer. Each change is one conditional statement on its row (`… WHERE owner = $n
// RETURNING`), so only the holder renews, releases or moves a position. Claims differ per table (what the
// row hangs under) and stay with each store.
import type { Pool } from 'pg';
import type { ShardCheckpoint, ShardPosition } from '../trigger-store.js';
import { query } from './pg-pool.js';

interface ShardRow {
  shard_id: string;
  sequence: string | null;
  state: string | null;
  finished: boolean;
  owner: string | null;
  /** bigint arrives as text (pg-pool.ts). */
  lease_until: string | null;
  blocked: string | null;
  action: string | null;
}

const SHARD = 'shard_id, sequence, state, finished, owner, lease_until, blocked, action';

export class PostgresShardLeases {
  readonly #pool: Pool;
  readonly #table: string;
  readonly #key: string;

  /** `table` and `key` (the consumer's column) are the store's own constants, never input. */
  constructor(pool: Pool, table: 'mapping_shards' | 'pipe_shards', key: 'mapping_uuid' | 'consumer_id') {
    this.#pool = pool;
    this.#table = table;
    this.#key = key;
  }

  async renewLease(consumer: string, shardId: string, owner: string, until: number): Promise<boolean> {
    const sql = `UPDATE ${this.#table} SET lease_until = $1 WHERE ${this.#key} = $2 AND shard_id = $3 AND owner = $4 RETURNING 1 AS renewed`;
    return (await query(this.#pool, sql, [until, consumer, shardId, owner])).length === 1;
  }

  async releaseLease(consumer: string, shardId: string, owner: string): Promise<void> {
    await query(this.#pool, `UPDATE ${this.#table} SET owner = NULL, lease_until = NULL WHERE ${this.#key} = $1 AND shard_id = $2 AND owner = $3`, [consumer, shardId, owner]);
  }

  /**
   * Ends every lease, whoever holds it. Implemented for the contract's sake, but an engine shared by
   * several nodes must not call it at start: the other nodes' leases are live (capabilities.sharedAcrossProcesses).
   */
  async releaseAllLeases(): Promise<number> {
    return (await query(this.#pool, `UPDATE ${this.#table} SET owner = NULL, lease_until = NULL WHERE owner IS NOT NULL RETURNING 1 AS released`)).length;
  }

  /**
   * As on SQLite: holding the lease means being its recorded owner (an expired lease nobody has taken
   * over yet still accepts its owner's checkpoint); an undefined `sequence` keeps the stored one,
   * `finished` once set stays set, and `state` is stored as given (undefined clears it).
   */
  async checkpoint(consumer: string, shardId: string, owner: string, position: ShardPosition): Promise<boolean> {
    const { sequence, state, finished } = position;
    const sql = `UPDATE ${this.#table} SET sequence = coalesce($1, sequence), state = $2, finished = finished OR $3
       WHERE ${this.#key} = $4 AND shard_id = $5 AND owner = $6 RETURNING 1 AS stored`;
    return (await query(this.#pool, sql, [sequence ?? null, state ?? null, finished === true, consumer, shardId, owner])).length === 1;
  }

  async getCheckpoint(consumer: string, shardId: string): Promise<ShardCheckpoint | undefined> {
    const [row] = await query<ShardRow>(this.#pool, `SELECT ${SHARD} FROM ${this.#table} WHERE ${this.#key} = $1 AND shard_id = $2`, [consumer, shardId]);
    return row && toCheckpoint(row);
  }

  async listCheckpoints(consumer: string): Promise<ShardCheckpoint[]> {
    const rows = await query<ShardRow>(this.#pool, `SELECT ${SHARD} FROM ${this.#table} WHERE ${this.#key} = $1 ORDER BY shard_id`, [consumer]);
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
    ...(row.blocked !== null && { blocked: row.blocked }),
    ...(row.action !== null && { action: row.action }),
  };
}
