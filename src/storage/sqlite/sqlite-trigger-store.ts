import type { Database } from 'better-sqlite3';
import type {
  MappingRecord,
  NewMapping,
  ShardCheckpoint,
  ShardPosition,
  TriggerStore,
} from '../trigger-store.js';
import type { SqliteQueueHost } from './sqlite-queue-store.js';
import { StorageError } from './sqlite-errors.js';
import { SqliteTriggerStatements, toCheckpoint, toMapping, type MappingRow } from './sqlite-trigger-statements.js';
import { MAPPING_SHARDS, SqliteShardControls } from './sqlite-shard-controls.js';

/** What the engine lends the trigger store: the same group commit, transactions and read guard as the queues'. */
export type SqliteTriggerHost = SqliteQueueHost;

/**
 * TriggerStore on the SQLite engine's connection. Mapping changes run in a transaction of their own
 * after the pending work has committed. Lease and checkpoint changes are each one conditional
 * statement (see SqliteTriggerStatements) and share the engine's group commit: a checkpoint follows
 * every batch, and the commit is what costs. The condition is evaluated by SQLite under the write
 * lock, so another connection on the same file (another process) sees the row as it was committed.
 */
export class SqliteTriggerStore implements TriggerStore {
  readonly #sql: SqliteTriggerStatements;
  readonly #host: SqliteTriggerHost;
  readonly #controls: SqliteShardControls;

  constructor(db: Database, host: SqliteTriggerHost) {
    this.#sql = new SqliteTriggerStatements(db);
    this.#host = host;
    this.#controls = new SqliteShardControls(db, host, MAPPING_SHARDS);
  }

  async createMapping<C>(mapping: NewMapping<C>): Promise<MappingRecord<C>> {
    const { uuid, functionName, sourceArn, config, now } = mapping;
    const json = JSON.stringify(config);
    const info = this.#host.transaction(() => this.#sql.insertMapping.run(uuid, functionName, sourceArn, json, now, now));
    // The caller chose the uuid; a collision is the caller's bug, not a user's input.
    if (info.changes === 0) throw new StorageError(`An event source mapping with uuid ${uuid} already exists`);
    return { uuid, functionName, sourceArn, config: JSON.parse(json) as C, createdAt: now, modifiedAt: now };
  }

  async getMapping<C>(uuid: string): Promise<MappingRecord<C> | undefined> {
    return this.#host.read(() => {
      const row = this.#sql.mapping.get(uuid);
      return row && toMapping<C>(row);
    });
  }

  async listMappings<C>(filter: { functionName?: string; sourceArn?: string } = {}): Promise<MappingRecord<C>[]> {
    const { functionName, sourceArn } = filter;
    const sql = this.#sql;
    return this.#host.read(() => {
      let rows: MappingRow[];
      if (functionName !== undefined && sourceArn !== undefined) rows = sql.mappingsOfBoth.all(functionName, sourceArn);
      else if (functionName !== undefined) rows = sql.mappingsOfFunction.all(functionName);
      else if (sourceArn !== undefined) rows = sql.mappingsOfSource.all(sourceArn);
      else rows = sql.allMappings.all();
      return rows.map((row) => toMapping<C>(row));
    });
  }

  async updateMapping<C>(
    uuid: string,
    now: number,
    decide: (current: MappingRecord<C>) => { functionName: string; config: C },
  ): Promise<MappingRecord<C> | undefined> {
    const sql = this.#sql;
    return this.#host.transaction(() => {
      const row = sql.mapping.get(uuid);
      if (!row) return undefined;
      const current = toMapping<C>(row);
      const { functionName, config } = decide(current);
      const json = JSON.stringify(config);
      sql.updateMapping.run(functionName, json, now, uuid);
      return { ...current, functionName, config: JSON.parse(json) as C, modifiedAt: now };
    });
  }

  async deleteMapping(uuid: string): Promise<boolean> {
    const sql = this.#sql;
    return this.#host.transaction(() => {
      sql.deleteShardsOf.run(uuid);
      return sql.deleteMapping.run(uuid).changes === 1;
    });
  }

  /**
   * False, creating nothing, when the mapping does not exist (e.g. deleted while its consumer ran). Claims,
   * renewals and releases are answered once committed, without waiting for the flush: a lease means something only
   * while its owner runs, and on SQLite a power loss ends every process on the file (the next start releases all).
   */
  claimLease(mappingUuid: string, shardId: string, owner: string, until: number, now: number): Promise<boolean> {
    return this.#host.enqueueCommitted(() => this.#sql.claim.run(shardId, owner, until, mappingUuid, now).changes === 1);
  }

  renewLease(mappingUuid: string, shardId: string, owner: string, until: number): Promise<boolean> {
    return this.#host.enqueueCommitted(() => this.#sql.renew.run(until, mappingUuid, shardId, owner).changes === 1);
  }

  async releaseLease(mappingUuid: string, shardId: string, owner: string): Promise<void> {
    await this.#host.enqueueCommitted(() => this.#sql.release.run(mappingUuid, shardId, owner));
  }

  async releaseAllLeases(): Promise<number> {
    // A release lost with the power is made again by the next start: answered once committed (the start waits for no flush).
    return this.#host.enqueueCommitted(() => this.#sql.releaseAll.run().changes);
  }

  /**
   * Holding the lease means being its recorded owner: an expired lease nobody has taken over yet still
   * accepts its owner's checkpoint (no one else can have moved the position). An undefined `sequence`
   * keeps the stored one, `finished` once set stays set, and `state` is stored as given (undefined clears it).
   */
  checkpoint(mappingUuid: string, shardId: string, owner: string, position: ShardPosition): Promise<boolean> {
    const { sequence, state, finished } = position;
    return this.#host.enqueueCommitted(
      () =>
        this.#sql.checkpoint.run(sequence ?? null, state ?? null, finished ? 1 : 0, mappingUuid, shardId, owner).changes === 1,
    );
  }

  /** The shard's row once claimed or checkpointed (sequence absent until the first checkpoint that set one). */
  async getCheckpoint(mappingUuid: string, shardId: string): Promise<ShardCheckpoint | undefined> {
    return this.#host.read(() => {
      const row = this.#sql.shard.get(mappingUuid, shardId);
      return row && toCheckpoint(row);
    });
  }

  async listCheckpoints(mappingUuid: string): Promise<ShardCheckpoint[]> {
    return this.#host.read(() => this.#sql.shardsOf.all(mappingUuid).map(toCheckpoint));
  }

  markBlocked(mappingUuid: string, shardId: string, owner: string, blocked: string | null): Promise<boolean> {
    return this.#controls.markBlocked(mappingUuid, shardId, owner, blocked);
  }

  requestAction(mappingUuid: string, shardId: string, action: string): Promise<boolean> {
    return this.#controls.requestAction(mappingUuid, shardId, action);
  }

  takeAction(mappingUuid: string, shardId: string, owner: string): Promise<string | undefined> {
    return this.#controls.takeAction(mappingUuid, shardId, owner);
  }

  onAction(listener: (consumer: string | undefined) => void): () => void {
    return this.#controls.onAction(listener);
  }
}
