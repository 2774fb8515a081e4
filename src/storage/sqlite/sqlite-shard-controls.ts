import type { Database } from 'better-sqlite3';
import { lazy, type LazyStatement } from './lazy-statement.js';
import type { ShardControls } from '../trigger-store.js';
import type { SqliteQueueHost } from './sqlite-queue-store.js';

/** Where a consumer's shard rows are and what they hang under; the stores' own constants, never input. */
export interface SqliteShardTable {
  readonly table: 'mapping_shards' | 'pipe_shards';
  readonly key: 'mapping_uuid' | 'consumer_id';
  /** A SELECT of the row the shard rows hang under, `?` the consumer's id. */
  readonly parent: string;
}

/** The trigger store's mapping_shards, under event_source_mappings. */
export const MAPPING_SHARDS: SqliteShardTable = {
  table: 'mapping_shards',
  key: 'mapping_uuid',
  parent: 'SELECT 1 FROM event_source_mappings WHERE uuid = ?',
};

/** The pipe store's pipe_shards, under the pipe whose definition names the consumer id. */
export const PIPE_SHARDS: SqliteShardTable = {
  table: 'pipe_shards',
  key: 'consumer_id',
  parent: "SELECT 1 FROM pipes WHERE json_extract(definition, '$.consumerId') = ?",
};

/**
 * ShardControls on SQLite, for mapping_shards and pipe_shards alike: each change one statement in the
 * engine's group commit, the blocking batch conditional on the lease as a checkpoint is. Storage only
 * this process uses, so the onAction listeners are told in-process, once the request has committed.
 */
export class SqliteShardControls implements ShardControls {
  readonly #host: SqliteQueueHost;
  readonly #mark: LazyStatement<[string | null, string, string, string]>;
  readonly #request: LazyStatement<[consumer: string, shardId: string, action: string, parent: string]>;
  readonly #pending: LazyStatement<[string, string, string], { action: string | null }>;
  readonly #clear: LazyStatement<[string, string, string]>;
  readonly #listeners = new Set<(consumer: string | undefined) => void>();

  constructor(db: Database, host: SqliteQueueHost, shards: SqliteShardTable) {
    const { table, key } = shards;
    this.#host = host;
    this.#mark = lazy(db, `UPDATE ${table} SET blocked = ? WHERE ${key} = ? AND shard_id = ? AND owner = ?`);
    // The SELECT's WHERE also resolves SQLite's INSERT … SELECT … ON CONFLICT parsing ambiguity.
    this.#request = lazy(
      db,
      `INSERT INTO ${table} (${key}, shard_id, action) SELECT ?, ?, ? WHERE EXISTS (${shards.parent})
       ON CONFLICT (${key}, shard_id) DO UPDATE SET action = excluded.action`,
    );
    this.#pending = lazy(db, `SELECT action FROM ${table} WHERE ${key} = ? AND shard_id = ? AND owner = ?`);
    this.#clear = lazy(db, `UPDATE ${table} SET action = NULL WHERE ${key} = ? AND shard_id = ? AND owner = ?`);
  }

  /**
   * Answered once committed: the flag describes the owner's run, and a power loss ends the owner too; the next
   * start's consumer finds the shard as it is and marks it again.
   */
  markBlocked(consumer: string, shardId: string, owner: string, blocked: string | null): Promise<boolean> {
    return this.#host.enqueueCommitted(() => this.#mark.run(blocked, consumer, shardId, owner).changes === 1);
  }

  async requestAction(consumer: string, shardId: string, action: string): Promise<boolean> {
    const stored = await this.#host.enqueue(() => this.#request.run(consumer, shardId, action, consumer).changes === 1);
    if (stored) for (const listener of this.#listeners) listener(consumer);
    return stored;
  }

  /**
   * Read and cleared in one piece of the group commit: nothing else writes between the two. Answered once
   * committed (almost always there is nothing to take): a clearing lost with the power loses what the action
   * did after it too (the WAL keeps a prefix), so the next start takes the action again, as a lost checkpoint
   * delivers a batch again. The request itself (requestAction) is a user's write and waits for the flush.
   */
  takeAction(consumer: string, shardId: string, owner: string): Promise<string | undefined> {
    return this.#host.enqueueCommitted(() => {
      const action = this.#pending.get(consumer, shardId, owner)?.action ?? undefined;
      if (action !== undefined) this.#clear.run(consumer, shardId, owner);
      return action;
    });
  }

  onAction(listener: (consumer: string | undefined) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
