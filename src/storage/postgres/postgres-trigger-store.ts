import type { Pool } from 'pg';
import type { MappingRecord, NewMapping, ShardCheckpoint, ShardPosition, TriggerStore } from '../trigger-store.js';
import { StorageError } from '../storage-errors.js';
import { sqlState } from './pg-errors.js';
import { inTransaction, query } from './pg-pool.js';
import { PostgresShardLeases } from './postgres-shard-leases.js';
import { MAPPING_SHARDS, PostgresShardControls } from './postgres-shard-controls.js';
import type { PostgresNotifications } from './postgres-notifications.js';

/** bigint columns arrive as text (pg-pool.ts) and are converted here. */
interface MappingRow {
  uuid: string;
  function_name: string;
  source_arn: string;
  config: string;
  created_at: string;
  modified_at: string;
}

const MAPPING = 'uuid, function_name, source_arn, config, created_at, modified_at';
/** foreign_key_violation (PostgreSQL manual, appendix A "Error Codes"). */
const FOREIGN_KEY_VIOLATION = '23503';

// Insert-or-take-over in one statement, as on SQLite (sqlite-trigger-statements.ts): the row is created
// only under an existing mapping, and an existing row is taken only when free, expired at $5 (a lease is
// held while now < lease_until) or already the claimant's. INSERT … ON CONFLICT DO UPDATE is atomic: of
// two nodes claiming at once, the second waits on the first's row and then judges the WHERE against the
// row as the first committed it, so exactly one of them holds the lease.
const CLAIM = `
  INSERT INTO mapping_shards (mapping_uuid, shard_id, owner, lease_until)
  SELECT uuid, $2, $3, $4::bigint FROM event_source_mappings WHERE uuid = $1
  ON CONFLICT (mapping_uuid, shard_id) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until
  WHERE mapping_shards.owner IS NULL OR mapping_shards.owner = excluded.owner OR mapping_shards.lease_until <= $5::bigint
  RETURNING 1 AS claimed`;

/**
 * TriggerStore on PostgreSQL: mappings in event_source_mappings, leases and checkpoints in mapping_shards
 * (migrations/triggers.ts), shared by every node on the database. Each lease or checkpoint change is one
 * conditional statement on its row (`… WHERE owner = $n RETURNING`), so no two nodes ever both hold a
 * lease and only the holder moves a position. Lease times are the caller's (`now`, `until`: epoch ms of
 * the injected Clock), as the contract says (trigger-store.ts), not the database's clock.
 */
export class PostgresTriggerStore implements TriggerStore {
  readonly #pool: Pool;
  readonly #shards: PostgresShardLeases;
  readonly #controls: PostgresShardControls;

  /** `notifications`: the engine's, so a requested action reaches the lease holder on another node. */
  constructor(pool: Pool, notifications?: PostgresNotifications) {
    this.#pool = pool;
    this.#shards = new PostgresShardLeases(pool, 'mapping_shards', 'mapping_uuid');
    this.#controls = new PostgresShardControls(pool, MAPPING_SHARDS, notifications);
  }

  async createMapping<C>(mapping: NewMapping<C>): Promise<MappingRecord<C>> {
    const { uuid, functionName, sourceArn, config, now } = mapping;
    const json = JSON.stringify(config);
    const inserted = await query(
      this.#pool,
      `INSERT INTO event_source_mappings (uuid, function_name, source_arn, config, created_at, modified_at)
       VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (uuid) DO NOTHING RETURNING id`,
      [uuid, functionName, sourceArn, json, now],
    );
    // The caller chose the uuid; a collision is the caller's bug, not a user's input.
    if (inserted.length === 0) throw new StorageError(`An event source mapping with uuid ${uuid} already exists`);
    return { uuid, functionName, sourceArn, config: JSON.parse(json) as C, createdAt: now, modifiedAt: now };
  }

  async getMapping<C>(uuid: string): Promise<MappingRecord<C> | undefined> {
    const [row] = await query<MappingRow>(this.#pool, `SELECT ${MAPPING} FROM event_source_mappings WHERE uuid = $1`, [uuid]);
    return row && toMapping<C>(row);
  }

  async listMappings<C>(filter: { functionName?: string; sourceArn?: string } = {}): Promise<MappingRecord<C>[]> {
    const conditions: string[] = [];
    const values: string[] = [];
    if (filter.functionName !== undefined) conditions.push(`function_name = $${values.push(filter.functionName)}`);
    if (filter.sourceArn !== undefined) conditions.push(`source_arn = $${values.push(filter.sourceArn)}`);
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const rows = await query<MappingRow>(this.#pool, `SELECT ${MAPPING} FROM event_source_mappings ${where} ORDER BY id`, values);
    return rows.map((row) => toMapping<C>(row));
  }

  /** The row is locked (FOR UPDATE) before `decide`, so updates from several nodes serialise on it. */
  async updateMapping<C>(
    uuid: string,
    now: number,
    decide: (current: MappingRecord<C>) => { functionName: string; config: C },
  ): Promise<MappingRecord<C> | undefined> {
    return inTransaction(this.#pool, async (client) => {
      const [row] = await query<MappingRow>(client, `SELECT ${MAPPING} FROM event_source_mappings WHERE uuid = $1 FOR UPDATE`, [uuid]);
      if (!row) return undefined;
      const current = toMapping<C>(row);
      const { functionName, config } = decide(current);
      const json = JSON.stringify(config);
      await query(client, 'UPDATE event_source_mappings SET function_name = $1, config = $2, modified_at = $3 WHERE uuid = $4', [
        functionName,
        json,
        now,
        uuid,
      ]);
      return { ...current, functionName, config: JSON.parse(json) as C, modifiedAt: now };
    });
  }

  /** The shard rows go with the mapping (ON DELETE CASCADE), in the same statement. */
  async deleteMapping(uuid: string): Promise<boolean> {
    const deleted = await query(this.#pool, 'DELETE FROM event_source_mappings WHERE uuid = $1 RETURNING 1 AS deleted', [uuid]);
    return deleted.length === 1;
  }

  /**
   * False, creating nothing, when the mapping does not exist — also when another node deletes it while
   * this claim runs: the row's foreign key check then fails, and that is an answer, not an error.
   */
  async claimLease(mappingUuid: string, shardId: string, owner: string, until: number, now: number): Promise<boolean> {
    try {
      return (await query(this.#pool, CLAIM, [mappingUuid, shardId, owner, until, now])).length === 1;
    } catch (error) {
      if (sqlState(error) === FOREIGN_KEY_VIOLATION) return false;
      throw error;
    }
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

function toMapping<C>(row: MappingRow): MappingRecord<C> {
  return {
    uuid: row.uuid,
    functionName: row.function_name,
    sourceArn: row.source_arn,
    config: JSON.parse(row.config) as C,
    createdAt: Number(row.created_at),
    modifiedAt: Number(row.modified_at),
  };

}
