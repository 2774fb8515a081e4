import type { Database } from 'better-sqlite3';
import { lazy, type LazyStatement } from './lazy-statement.js';
import type { MappingRecord, ShardCheckpoint } from '../trigger-store.js';

export interface MappingRow {
  uuid: string;
  function_name: string;
  source_arn: string;
  config: string;
  created_at: number;
  modified_at: number;
}

export interface ShardStateRow {
  shard_id: string;
  sequence: string | null;
  state: string | null;
  finished: number;
  owner: string | null;
  lease_until: number | null;
  blocked: string | null;
  action: string | null;
}

type Shard = [mappingUuid: string, shardId: string];
const MAPPING = 'uuid, function_name, source_arn, config, created_at, modified_at';
const SHARD = 'shard_id, sequence, state, finished, owner, lease_until, blocked, action';

/** The trigger statements, each prepared on its first use (see migration 4 for the layout they rely on). */
export class SqliteTriggerStatements {
  readonly insertMapping: LazyStatement<
    [uuid: string, functionName: string, sourceArn: string, config: string, createdAt: number, modifiedAt: number]
  >;
  readonly mapping: LazyStatement<[uuid: string], MappingRow>;
  readonly allMappings: LazyStatement<[], MappingRow>;
  readonly mappingsOfFunction: LazyStatement<[functionName: string], MappingRow>;
  readonly mappingsOfSource: LazyStatement<[sourceArn: string], MappingRow>;
  readonly mappingsOfBoth: LazyStatement<[functionName: string, sourceArn: string], MappingRow>;
  readonly updateMapping: LazyStatement<[functionName: string, config: string, modifiedAt: number, uuid: string]>;
  readonly deleteMapping: LazyStatement<[uuid: string]>;
  readonly deleteShardsOf: LazyStatement<[uuid: string]>;

  /** Changes one row exactly when `owner` holds the lease afterwards (see claimLease). */
  readonly claim: LazyStatement<[shardId: string, owner: string, until: number, mappingUuid: string, now: number]>;
  readonly releaseAll: LazyStatement<[]>;
  readonly renew: LazyStatement<[until: number, ...Shard, owner: string]>;
  readonly release: LazyStatement<[...Shard, owner: string]>;
  readonly checkpoint: LazyStatement<[sequence: string | null, state: string | null, finished: number, ...Shard, owner: string]>;
  readonly shard: LazyStatement<Shard, ShardStateRow>;
  readonly shardsOf: LazyStatement<[mappingUuid: string], ShardStateRow>;

  constructor(db: Database) {
    this.insertMapping = lazy(
      db,
      `INSERT INTO event_source_mappings (uuid, function_name, source_arn, config, created_at, modified_at)
       VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (uuid) DO NOTHING`,
    );
    this.mapping = lazy(db, `SELECT ${MAPPING} FROM event_source_mappings WHERE uuid = ?`);
    // One statement per filter, so each walks its own index range in id (creation) order.
    this.allMappings = lazy(db, `SELECT ${MAPPING} FROM event_source_mappings ORDER BY id`);
    this.mappingsOfFunction = lazy(db, `SELECT ${MAPPING} FROM event_source_mappings WHERE function_name = ? ORDER BY id`);
    this.mappingsOfSource = lazy(db, `SELECT ${MAPPING} FROM event_source_mappings WHERE source_arn = ? ORDER BY id`);
    this.mappingsOfBoth = lazy(
      db,
      `SELECT ${MAPPING} FROM event_source_mappings WHERE function_name = ? AND source_arn = ? ORDER BY id`,
    );
    this.updateMapping = lazy(
      db,
      'UPDATE event_source_mappings SET function_name = ?, config = ?, modified_at = ? WHERE uuid = ?',
    );
    this.deleteMapping = lazy(db, 'DELETE FROM event_source_mappings WHERE uuid = ?');
    this.deleteShardsOf = lazy(db, 'DELETE FROM mapping_shards WHERE mapping_uuid = ?');

    // Insert-or-take-over in one statement: the row is created only under an existing mapping (so a
    // consumer racing a deleteMapping leaves no orphan row), and an existing row is taken only when
    // free, expired (a lease is held while now < lease_until) or already the claimant's. The SELECT's
    // WHERE also resolves SQLite's INSERT ... SELECT ... ON CONFLICT parsing ambiguity.
    this.claim = lazy(
      db,
      `INSERT INTO mapping_shards (mapping_uuid, shard_id, owner, lease_until)
       SELECT uuid, ?, ?, ? FROM event_source_mappings WHERE uuid = ?
       ON CONFLICT (mapping_uuid, shard_id) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until
       WHERE mapping_shards.owner IS NULL OR mapping_shards.owner = excluded.owner OR mapping_shards.lease_until <= ?`,
    );
    this.releaseAll = lazy(db, 'UPDATE mapping_shards SET owner = NULL, lease_until = NULL WHERE owner IS NOT NULL');
    this.renew = lazy(db, 'UPDATE mapping_shards SET lease_until = ? WHERE mapping_uuid = ? AND shard_id = ? AND owner = ?');
    this.release = lazy(
      db,
      'UPDATE mapping_shards SET owner = NULL, lease_until = NULL WHERE mapping_uuid = ? AND shard_id = ? AND owner = ?',
    );
    // A position never forgets its sequence (undefined keeps the stored one) and a drained shard stays
    // drained; state is replaced as given, so a consumer clears it by leaving it out.
    this.checkpoint = lazy(
      db,
      `UPDATE mapping_shards SET sequence = coalesce(?, sequence), state = ?, finished = max(finished, ?)
       WHERE mapping_uuid = ? AND shard_id = ? AND owner = ?`,
    );
    this.shard = lazy(db, `SELECT ${SHARD} FROM mapping_shards WHERE mapping_uuid = ? AND shard_id = ?`);
    this.shardsOf = lazy(db, `SELECT ${SHARD} FROM mapping_shards WHERE mapping_uuid = ? ORDER BY shard_id`);
  }
}

export function toMapping<C>(row: MappingRow): MappingRecord<C> {
  return {
    uuid: row.uuid,
    functionName: row.function_name,
    sourceArn: row.source_arn,
    config: JSON.parse(row.config) as C,
    createdAt: row.created_at,
    modifiedAt: row.modified_at,
  };
}

/** The shard row as a checkpoint; optional fields only when set. */
export function toCheckpoint(row: ShardStateRow): ShardCheckpoint {
  return {
    shardId: row.shard_id,
    ...(row.sequence !== null && { sequence: row.sequence }),
    ...(row.state !== null && { state: row.state }),
    finished: row.finished === 1,
    ...(row.owner !== null && { owner: row.owner }),
    ...(row.lease_until !== null && { leaseUntil: row.lease_until }),
    ...(row.blocked !== null && { blocked: row.blocked }),
    ...(row.action !== null && { action: row.action }),
  };
}
