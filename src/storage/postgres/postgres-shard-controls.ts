import type { Pool } from 'pg';
import type { ShardControls } from '../trigger-store.js';
import { query } from './pg-pool.js';
import type { PostgresNotifications } from './postgres-notifications.js';

/** Where a consumer's shard rows are and what they hang under; the stores' own constants, never input. */
export interface PostgresShardTable {
  readonly table: 'mapping_shards' | 'pipe_shards';
  readonly key: 'mapping_uuid' | 'consumer_id';
  /** A SELECT of the row the shard rows hang under, `$1` the consumer's id. */
  readonly parent: string;
  /** Where a request is told to the other nodes. */
  readonly channel: string;
}

export const MAPPING_SHARDS: PostgresShardTable = {
  table: 'mapping_shards',
  key: 'mapping_uuid',
  parent: 'SELECT 1 FROM event_source_mappings WHERE uuid = $1',
  channel: 'eddy_mapping_shard_actions',
};

// Read FOR SHARE, as a pipe shard's claim reads it (postgres-pipe-positions.ts): a delete of the pipe
// either waits for the request and deletes its row, or commits first and the request creates nothing.
export const PIPE_SHARDS: PostgresShardTable = {
  table: 'pipe_shards',
  key: 'consumer_id',
  parent: 'SELECT 1 FROM pipes WHERE consumer_id = $1 FOR SHARE',
  channel: 'eddy_pipe_shard_actions',
};

/**
 * ShardControls on PostgreSQL, for mapping_shards and pipe_shards alike, each change one statement. A
 * request NOTIFYs in its own statement's transaction (so only once stored), and the lease holder — on
 * whichever node — hears it through the engine's LISTEN connection (PostgresNotifications); this node's
 * listeners are told at once. Without notifications (a store opened alone, in tests) only this process's
 * listeners hear.
 */
export class PostgresShardControls implements ShardControls {
  readonly #pool: Pool;
  readonly #shards: PostgresShardTable;
  readonly #notifications: PostgresNotifications | undefined;
  readonly #listeners = new Set<(consumer: string | undefined) => void>();
  #unsubscribe: (() => void) | undefined;

  constructor(pool: Pool, shards: PostgresShardTable, notifications?: PostgresNotifications) {
    this.#pool = pool;
    this.#shards = shards;
    this.#notifications = notifications;
  }

  async markBlocked(consumer: string, shardId: string, owner: string, blocked: string | null): Promise<boolean> {
    const { table, key } = this.#shards;
    const sql = `UPDATE ${table} SET blocked = $1 WHERE ${key} = $2 AND shard_id = $3 AND owner = $4 RETURNING 1 AS stored`;
    return (await query(this.#pool, sql, [blocked, consumer, shardId, owner])).length === 1;
  }

  async requestAction(consumer: string, shardId: string, action: string): Promise<boolean> {
    const { table, key, parent, channel } = this.#shards;
    const sql = `WITH stored AS (
        INSERT INTO ${table} (${key}, shard_id, action) SELECT $1, $2, $3 WHERE EXISTS (${parent})
        ON CONFLICT (${key}, shard_id) DO UPDATE SET action = excluded.action RETURNING 1)
      SELECT pg_notify($4, $5) FROM stored`;
    const payload = this.#notifications ? this.#notifications.tag(consumer) : consumer;
    const stored = (await query(this.#pool, sql, [consumer, shardId, action, channel, payload])).length === 1;
    if (stored) for (const listener of this.#listeners) listener(consumer);
    return stored;
  }

  /**
   * The row is locked by the inner SELECT … FOR UPDATE, so what it returns is the action the UPDATE
   * clears: a request committing meanwhile waits, and stays for the next take.
   */
  async takeAction(consumer: string, shardId: string, owner: string): Promise<string | undefined> {
    const { table, key } = this.#shards;
    const sql = `UPDATE ${table} AS s SET action = NULL
      FROM (SELECT action FROM ${table} WHERE ${key} = $1 AND shard_id = $2 AND owner = $3 AND action IS NOT NULL FOR UPDATE) AS taken
      WHERE s.${key} = $1 AND s.shard_id = $2 RETURNING taken.action`;
    const [row] = await query<{ action: string }>(this.#pool, sql, [consumer, shardId, owner]);
    return row?.action;
  }

  onAction(listener: (consumer: string | undefined) => void): () => void {
    this.#listeners.add(listener);
    if (this.#listeners.size === 1 && this.#notifications) {
      const all = (consumer: string | undefined) => {
        for (const each of this.#listeners) each(consumer);
      };
      this.#unsubscribe = this.#notifications.subscribe(this.#shards.channel, all, () => all(undefined));
    }
    return () => {
      if (!this.#listeners.delete(listener) || this.#listeners.size > 0) return;
      this.#unsubscribe?.();
      this.#unsubscribe = undefined;
    };
  }
}
