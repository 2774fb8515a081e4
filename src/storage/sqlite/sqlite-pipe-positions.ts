import type { Database } from 'better-sqlite3';
import { lazy, type LazyStatement } from './lazy-statement.js';
import type { ShardCheckpoint, ShardPosition } from '../trigger-store.js';
import type { ShardPositions } from '../pipe-store.js';
import type { SqliteQueueHost } from './sqlite-queue-store.js';
import { PIPE_SHARDS, SqliteShardControls } from './sqlite-shard-controls.js';
import { toCheckpoint, type ShardStateRow as ShardRow } from './sqlite-trigger-statements.js';

const SHARD = 'shard_id, owner, lease_until, finished, sequence, state, blocked, action';

/**
 * Leases and checkpoints of pipes' shards (pipe_shards), with the trigger store's semantics and
 * statements (see SqliteTriggerStatements): a claim creates a row only under an existing pipe and takes
 * one only when free, expired or already the claimant's; every change is one conditional statement in
 * the engine's group commit.
 */
export class SqlitePipePositions implements ShardPositions {
  readonly #host: SqliteQueueHost;
  readonly #claim: LazyStatement<[string, string, number, string, number]>;
  readonly #renew: LazyStatement<[number, string, string, string]>;
  readonly #release: LazyStatement<[string, string, string]>;
  readonly #releaseAll: LazyStatement<[]>;
  readonly #checkpoint: LazyStatement<[string | null, string | null, number, string, string, string]>;
  readonly #shard: LazyStatement<[string, string], ShardRow>;
  readonly #shardsOf: LazyStatement<[string], ShardRow>;
  readonly deleteShardsOf: LazyStatement<[string]>;
  readonly #controls: SqliteShardControls;

  constructor(db: Database, host: SqliteQueueHost) {
    this.#host = host;
    this.#controls = new SqliteShardControls(db, host, PIPE_SHARDS);
    this.#claim = lazy(
      db,
      `INSERT INTO pipe_shards (consumer_id, shard_id, owner, lease_until)
       SELECT json_extract(definition, '$.consumerId'), ?, ?, ? FROM pipes WHERE json_extract(definition, '$.consumerId') = ?
       ON CONFLICT (consumer_id, shard_id) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until
       WHERE pipe_shards.owner IS NULL OR pipe_shards.owner = excluded.owner OR pipe_shards.lease_until <= ?`,
    );
    this.#renew = lazy(db, 'UPDATE pipe_shards SET lease_until = ? WHERE consumer_id = ? AND shard_id = ? AND owner = ?');
    this.#release = lazy(db, 'UPDATE pipe_shards SET owner = NULL, lease_until = NULL WHERE consumer_id = ? AND shard_id = ? AND owner = ?');
    this.#releaseAll = lazy(db, 'UPDATE pipe_shards SET owner = NULL, lease_until = NULL WHERE owner IS NOT NULL');
    this.#checkpoint = lazy(
      db,
      `UPDATE pipe_shards SET sequence = coalesce(?, sequence), state = ?, finished = max(finished, ?)
       WHERE consumer_id = ? AND shard_id = ? AND owner = ?`,
    );
    this.#shard = lazy(db, `SELECT ${SHARD} FROM pipe_shards WHERE consumer_id = ? AND shard_id = ?`);
    this.#shardsOf = lazy(db, `SELECT ${SHARD} FROM pipe_shards WHERE consumer_id = ? ORDER BY shard_id`);
    this.deleteShardsOf = lazy(db, 'DELETE FROM pipe_shards WHERE consumer_id = ?');
  }

  /** Lease changes are answered once committed, as the trigger store's are (see SqliteTriggerStore.claimLease). */
  claimLease(consumerId: string, shardId: string, owner: string, until: number, now: number): Promise<boolean> {
    return this.#host.enqueueCommitted(() => this.#claim.run(shardId, owner, until, consumerId, now).changes === 1);
  }

  renewLease(consumerId: string, shardId: string, owner: string, until: number): Promise<boolean> {
    return this.#host.enqueueCommitted(() => this.#renew.run(until, consumerId, shardId, owner).changes === 1);
  }

  async releaseLease(consumerId: string, shardId: string, owner: string): Promise<void> {
    await this.#host.enqueueCommitted(() => this.#release.run(consumerId, shardId, owner));
  }

  releaseAllLeases(): Promise<number> {
    // A release lost with the power is made again by the next start: answered once committed (the start waits for no flush).
    return this.#host.enqueueCommitted(() => this.#releaseAll.run().changes);
  }

  checkpoint(consumerId: string, shardId: string, owner: string, position: ShardPosition): Promise<boolean> {
    const { sequence, state, finished } = position;
    return this.#host.enqueueCommitted(() => this.#checkpoint.run(sequence ?? null, state ?? null, finished ? 1 : 0, consumerId, shardId, owner).changes === 1);
  }

  async getCheckpoint(consumerId: string, shardId: string): Promise<ShardCheckpoint | undefined> {
    return this.#host.read(() => {
      const row = this.#shard.get(consumerId, shardId);
      return row && toCheckpoint(row);
    });
  }

  async listCheckpoints(consumerId: string): Promise<ShardCheckpoint[]> {
    return this.#host.read(() => this.#shardsOf.all(consumerId).map(toCheckpoint));
  }

  markBlocked(consumerId: string, shardId: string, owner: string, blocked: string | null): Promise<boolean> {
    return this.#controls.markBlocked(consumerId, shardId, owner, blocked);
  }

  requestAction(consumerId: string, shardId: string, action: string): Promise<boolean> {
    return this.#controls.requestAction(consumerId, shardId, action);
  }

  takeAction(consumerId: string, shardId: string, owner: string): Promise<string | undefined> {
    return this.#controls.takeAction(consumerId, shardId, owner);
  }

  onAction(listener: (consumer: string | undefined) => void): () => void {
    return this.#controls.onAction(listener);
  }
}
