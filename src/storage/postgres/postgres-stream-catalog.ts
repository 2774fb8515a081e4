import type { Pool, PoolClient } from 'pg';
import type { TableStreamSpec } from '../engine.js';
import { StorageError } from '../storage-errors.js';
import { baseOffset, shardIdOf, splitHashSpace } from '../stream-sequences.js';
import { inTransaction, query, type PgQueryable } from './pg-pool.js';
import type { PostgresNotifications } from './postgres-notifications.js';

/** The channel a commit that closed shards of a stream notifies; the payload is the stream id. */
export const SHARDS_CLOSED_CHANNEL = 'eddy_stream_shards_closed';

/**
 * Closes a stream's open shards at their counters (ending_seq = next_seq - 1, so an empty shard ends at
 * start - 1) and answers the closed rows. The shard rows are locked in id order first, the order appends
 * lock them in (postgres-stream-appender.ts), so a close racing a write to several shards queues behind it
 * rather than deadlocking; an append holding a shard's lock commits first and the close then sees its
 * counter. The NOTIFY is delivered with the COMMIT.
 */
const CLOSE_SHARDS = `
  WITH locked AS (
    SELECT id FROM stream_shards WHERE stream_id = $1 AND closed_at IS NULL ORDER BY id FOR UPDATE
  ), closed AS (
    UPDATE stream_shards s SET ending_seq = s.next_seq - 1, closed_at = $2 FROM locked WHERE s.id = locked.id
    RETURNING s.id, s.shard_id, s.hash_from, s.hash_to, s.next_seq
  ), notified AS (
    SELECT pg_notify($3, $4)
  )
  SELECT closed.*, (SELECT count(*) FROM notified) AS notified FROM closed ORDER BY closed.id`;

interface ClosedShard {
  id: string;
  shard_id: string;
  hash_from: string;
  hash_to: string;
  next_seq: string;
}

interface NewShard {
  readonly parent?: string;
  readonly hashFrom: number;
  readonly hashTo: number;
  /** The first offset it assigns. */
  readonly start: number;
}

/**
 * Opens, closes, rotates and trims streams, as SQLite's catalog (sqlite-stream-catalog.ts) does, with
 * the rows every node shares as the only state: reconcile and closeTable run in the caller's transaction;
 * rotate and trim in their own. Each close NOTIFYs SHARDS_CLOSED_CHANNEL, for other nodes' consumers.
 */
export class PostgresStreamCatalog {
  readonly #pool: Pool;
  readonly #notifications: PostgresNotifications;

  constructor(pool: Pool, notifications: PostgresNotifications) {
    this.#pool = pool;
    this.#notifications = notifications;
  }

  /** Brings the table's stream in line with `spec` (see TableStreamSpec); answers the id of the stream it closed. */
  async reconcile(client: PoolClient, tableId: number, tableName: string, spec: TableStreamSpec | undefined, now: number): Promise<number | undefined> {
    if (spec === undefined) return undefined;
    // Locked: a concurrent reconcile, rotation or close of this stream waits for this transaction.
    const [current] = await query<{ id: string; label: string }>(
      client,
      'SELECT id, label FROM streams WHERE table_id = $1 AND closed_at IS NULL FOR UPDATE',
      [tableId],
    );
    if (!spec.enabled) return current ? this.#closeStream(client, Number(current.id), now) : undefined;
    const meta = JSON.stringify(spec.meta ?? null);
    if (current && current.label === spec.label) {
      await query(client, 'UPDATE streams SET meta = $1 WHERE id = $2', [meta, current.id]);
      return undefined;
    }
    const count = spec.shardCount ?? 1;
    if (!Number.isInteger(count) || count < 1 || count > 2 ** 16) {
      throw new StorageError(`shardCount must be an integer from 1 to 65536, got ${count}`);
    }
    const closed = current ? await this.#closeStream(client, Number(current.id), now) : undefined;
    const [created] = await query<{ id: string }>(
      client,
      'INSERT INTO streams (table_id, table_name, label, meta, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [tableId, tableName, spec.label, meta, now],
    );
    const start = baseOffset(now);
    await insertShards(client, Number(created!.id), splitHashSpace(count).map((range) => ({ ...range, start })), now);
    return closed;
  }

  /** Closes the table's open stream and its shards; answers its id, if it had one. */
  async closeTable(client: PoolClient, tableId: number, now: number): Promise<number | undefined> {
    const [current] = await query<{ id: string }>(client, 'SELECT id FROM streams WHERE table_id = $1 AND closed_at IS NULL FOR UPDATE', [tableId]);
    return current ? this.#closeStream(client, Number(current.id), now) : undefined;
  }

  /**
   * Closes each open shard of an open stream and opens a child with its hash range, starting above it;
   * answers the stream's table id, or undefined when the stream is closed or unknown (nothing done).
   */
  async rotate(streamId: number, now: number): Promise<number | undefined> {
    return inTransaction(this.#pool, async (client) => {
      const [stream] = await query<{ table_id: string }>(
        client,
        'SELECT table_id FROM streams WHERE id = $1 AND closed_at IS NULL FOR UPDATE',
        [streamId],
      );
      if (!stream) return undefined;
      const parents = await this.#closeShards(client, streamId, now);
      const children = parents.map((parent) => ({
        parent: parent.shard_id,
        hashFrom: Number(parent.hash_from),
        hashTo: Number(parent.hash_to),
        start: Math.max(Number(parent.next_seq), baseOffset(now)),
      }));
      await insertShards(client, streamId, children, now);
      return Number(stream.table_id);
    });
  }

  /**
   * Deletes streams closed before `before` with everything in them; per shard, the records before the
   * first one created at or after `before` (so trimmed_through stays exact even when clocks disagree),
   * recording the newest one deleted as trimmed_through (shard rows locked in table then id order, as
   * writes lock them: tables in id order, each one's shards in id order); and closed shards left empty
   * that were closed before `before`. One transaction.
   */
  async trim(before: number): Promise<void> {
    await inTransaction(this.#pool, async (client) => {
      await query(
        client,
        `WITH gone AS (DELETE FROM streams WHERE closed_at < $1 RETURNING id),
         gone_shards AS (DELETE FROM stream_shards WHERE stream_id IN (SELECT id FROM gone) RETURNING id)
         DELETE FROM stream_records WHERE shard IN (SELECT id FROM gone_shards)`,
        [before],
      );
      await query(
        client,
        `WITH cut AS (
           SELECT s.id, coalesce(
             (SELECT r.seq FROM stream_records r WHERE r.shard = s.id AND r.created_at >= $1 ORDER BY r.seq LIMIT 1),
             9223372036854775807) AS seq
           FROM stream_shards s
         ), trimmed AS (
           DELETE FROM stream_records r USING cut WHERE r.shard = cut.id AND r.seq < cut.seq RETURNING r.shard, r.seq
         ), newest AS (
           SELECT shard, max(seq) AS last FROM trimmed GROUP BY shard
         ), locked AS (
           SELECT s.id, newest.last FROM stream_shards s JOIN newest ON newest.shard = s.id JOIN streams st ON st.id = s.stream_id
           ORDER BY st.table_id, s.id FOR UPDATE OF s
         )
         UPDATE stream_shards s SET trimmed_through = locked.last FROM locked WHERE s.id = locked.id`,
        [before],
      );
      await query(
        client,
        'DELETE FROM stream_shards s WHERE closed_at < $1 AND NOT EXISTS (SELECT 1 FROM stream_records r WHERE r.shard = s.id)',
        [before],
      );
    });
  }

  async #closeStream(client: PoolClient, streamId: number, now: number): Promise<number> {
    await this.#closeShards(client, streamId, now);
    await query(client, 'UPDATE streams SET closed_at = $1 WHERE id = $2', [now, streamId]);
    return streamId;
  }

  #closeShards(client: PgQueryable, streamId: number, now: number): Promise<ClosedShard[]> {
    return query<ClosedShard>(client, CLOSE_SHARDS, [streamId, now, SHARDS_CLOSED_CHANNEL, this.#notifications.tag(String(streamId))]);
  }
}

/** Inserts shards in the order given, with ids (and so shard ids) ascending in that order. */
async function insertShards(client: PoolClient, streamId: number, shards: readonly NewShard[], now: number): Promise<void> {
  if (shards.length === 0) return;
  // The shard id embeds the row id (as on SQLite), so the ids are taken from the sequence first.
  const ids = (
    await query<{ id: string }>(client, "SELECT nextval('stream_shards_id_seq') AS id FROM generate_series(1, $1)", [shards.length])
  )
    .map((row) => Number(row.id))
    .sort((a, b) => a - b);
  await query(
    client,
    `INSERT INTO stream_shards (id, stream_id, shard_id, parent_shard_id, hash_from, hash_to, starting_seq, next_seq, created_at)
     SELECT s.id, $1, s.shard_id, s.parent, s.hash_from, s.hash_to, s.start, s.start, $2
     FROM unnest($3::bigint[], $4::text[], $5::text[], $6::bigint[], $7::bigint[], $8::bigint[]) AS s(id, shard_id, parent, hash_from, hash_to, start)`,
    [
      streamId,
      now,
      ids,
      ids.map((id) => shardIdOf(now, id)),
      shards.map((shard) => shard.parent ?? null),
      shards.map((shard) => shard.hashFrom),
      shards.map((shard) => shard.hashTo),
      shards.map((shard) => shard.start),
    ],
  );
}
