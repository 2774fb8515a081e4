import type { Database, Statement } from 'better-sqlite3';
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

/** The trigger statements, prepared once at open (see migration 4 for the layout they rely on). */
export class SqliteTriggerStatements {
  readonly insertMapping: Statement<
    [uuid: string, functionName: string, sourceArn: string, config: string, createdAt: number, modifiedAt: number]
  >;
  readonly mapping: Statement<[uuid: string], MappingRow>;
  readonly allMappings: Statement<[], MappingRow>;
  readonly mappingsOfFunction: Statement<[functionName: string], MappingRow>;
  readonly mappingsOfSource: Statement<[sourceArn: string], MappingRow>;
  readonly mappingsOfBoth: Statement<[functionName: string, sourceArn: string], MappingRow>;
  readonly updateMapping: Statement<[functionName: string, config: string, modifiedAt: number, uuid: string]>;
  readonly deleteMapping: Statement<[uuid: string]>;
  readonly deleteShardsOf: Statement<[uuid: string]>;

  /** Changes one row exactly when `owner` holds the lease afterwards (see claimLease). */
  readonly claim: Statement<[shardId: string, owner: string, until: number, mappingUuid: string, now: number]>;
  readonly releaseAll: Statement<[]>;
  readonly renew: Statement<[until: number, ...Shard, owner: string]>;
  readonly release: Statement<[...Shard, owner: string]>;
  readonly checkpoint: Statement<[sequence: string | null, state: string | null, finished: number, ...Shard, owner: string]>;
  readonly shard: Statement<Shard, ShardStateRow>;
  readonly shardsOf: Statement<[mappingUuid: string], ShardStateRow>;

  constructor(db: Database) {
    this.insertMapping = db.prepare(
      `INSERT INTO event_source_mappings (uuid, function_name, source_arn, config, created_at, modified_at)
       VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (uuid) DO NOTHING`,
    );
    this.mapping = db.prepare(`SELECT ${MAPPING} FROM event_source_mappings WHERE uuid = ?`);
    // One statement per filter, so each walks its own index range in id (creation) order.
    this.allMappings = db.prepare(`SELECT ${MAPPING} FROM event_source_mappings ORDER BY id`);
    this.mappingsOfFunction = db.prepare(`SELECT ${MAPPING} FROM event_source_mappings WHERE function_name = ? ORDER BY id`);
    this.mappingsOfSource = db.prepare(`SELECT ${MAPPING} FROM event_source_mappings WHERE source_arn = ? ORDER BY id`);
    this.mappingsOfBoth = db.prepare(
      `SELECT ${MAPPING} FROM event_source_mappings WHERE function_name = ? AND source_arn = ? ORDER BY id`,
    );
    this.updateMapping = db.prepare(
      'UPDATE event_source_mappings SET function_name = ?, config = ?, modified_at = ? WHERE uuid = ?',
    );
    this.deleteMapping = db.prepare('DELETE FROM event_source_mappings WHERE uuid = ?');
    this.deleteShardsOf = db.prepare('DELETE FROM mapping_shards WHERE mapping_uuid = ?');

    // Insert-or-take-over in one statement: the row is created only under an existing mapping (so a
    // consumer racing a deleteMapping leaves no orphan row), and an existing row is taken only when
    // free, expired (a lease is held while now < lease_until) or already the claimant's. The SELECT's
    // WHERE also resolves SQLite's INSERT ... SELECT ... ON CONFLICT parsing ambiguity.
    this.claim = db.prepare(
      `INSERT INTO mapping_shards (mapping_uuid, shard_id, owner, lease_until)
       SELECT uuid, ?, ?, ? FROM event_source_mappings WHERE uuid = ?
       ON CONFLICT (mapping_uuid, shard_id) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until
       WHERE mapping_shards.owner IS NULL OR mapping_shards.owner = excluded.owner OR mapping_shards.lease_until <= ?`,
    );
    this.releaseAll = db.prepare('UPDATE mapping_shards SET owner = NULL, lease_until = NULL WHERE owner IS NOT NULL');
    this.renew = db.prepare('UPDATE mapping_shards SET lease_until = ? WHERE mapping_uuid = ? AND shard_id = ? AND owner = ?');
    this.release = db.prepare(
      'UPDATE mapping_shards SET owner = NULL, lease_until = NULL WHERE mapping_uuid = ? AND shard_id = ? AND owner = ?',
    );
    // A position never forgets its sequence (undefined keeps the stored one) and a drained shard stays
    // drained; state is replaced as given, so a consumer clears it by leaving it out.
    this.checkpoint = db.prepare(
      `UPDATE mapping_shards SET sequence = coalesce(?, sequence), state = ?, finished = max(finished, ?)
       WHERE mapping_uuid = ? AND shard_id = ? AND owner = ?`,
    );
    this.shard = db.prepare(`SELECT ${SHARD} FROM mapping_shards WHERE mapping_uuid = ? AND shard_id = ?`);
    this.shardsOf = db.prepare(`SELECT ${SHARD} FROM mapping_shards WHERE mapping_uuid = ? ORDER BY shard_id`);
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
