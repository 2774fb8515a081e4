import type { Pool } from 'pg';
import type { PipeStore, StoredPipe } from '../pipe-store.js';
import { inTransaction, query } from './pg-pool.js';
import { PostgresPipePositions } from './postgres-pipe-positions.js';
import type { PostgresNotifications } from './postgres-notifications.js';

/** bigint columns arrive as text (pg-pool.ts) and are converted here. */
interface PipeRow {
  name: string;
  version: number;
  created_at: string;
  modified_at: string;
  definition: string;
}

const COLUMNS = 'name, version, created_at, modified_at, definition';

const toPipe = <D>(row: PipeRow): StoredPipe<D> => ({
  name: row.name,
  version: row.version,
  createdAt: Number(row.created_at),
  modifiedAt: Number(row.modified_at),
  definition: JSON.parse(row.definition) as D,
});

/** The consumer id the pipe's shard rows are keyed by (pipe-store.ts), or null when the document has none. */
function consumerIdOf(definition: unknown): string | null {
  const id = (definition as { consumerId?: unknown } | null)?.consumerId;
  return typeof id === 'string' ? id : null;
}

/**
 * The first key of the advisory locks a pipe write takes (the second is a hash of the name): a fixed
 * number, 'pip' in ASCII. Two-key advisory locks are a space of their own, apart from the one-key lock
 * migrations take; a hash collision between two names only makes their writes wait in turn.
 */
const PIPE_LOCK_SPACE = 0x00706970;

/**
 * PipeStore on PostgreSQL (pipes and pipe_shards of migrations/pipes.ts), shared by every node on the
 * database. A write first takes a transaction-level advisory lock on the name — there may be no row yet
 * to lock with FOR UPDATE — then reads, decides and upserts, so two nodes writing one pipe (also creating
 * it) each decide against the other's committed result. Positions: see PostgresPipePositions.
 */
export class PostgresPipeStore implements PipeStore {
  readonly #pool: Pool;
  readonly positions: PostgresPipePositions;

  constructor(pool: Pool, notifications?: PostgresNotifications) {
    this.#pool = pool;
    this.positions = new PostgresPipePositions(pool, notifications);
  }

  async get<D>(name: string): Promise<StoredPipe<D> | undefined> {
    const [row] = await query<PipeRow>(this.#pool, `SELECT ${COLUMNS} FROM pipes WHERE name = $1`, [name]);
    return row && toPipe<D>(row);
  }

  async list<D>(): Promise<StoredPipe<D>[]> {
    const rows = await query<PipeRow>(this.#pool, `SELECT ${COLUMNS} FROM pipes ORDER BY name`);
    return rows.map((row) => toPipe<D>(row));
  }

  async write<D>(name: string, now: number, decide: (current: StoredPipe<D> | undefined) => D): Promise<StoredPipe<D>> {
    return inTransaction(this.#pool, async (client) => {
      await query(client, 'SELECT pg_advisory_xact_lock($1::integer, hashtext($2::text))', [PIPE_LOCK_SPACE, name]);
      const [row] = await query<PipeRow>(client, `SELECT ${COLUMNS} FROM pipes WHERE name = $1 FOR UPDATE`, [name]);
      const current = row && toPipe<D>(row);
      const json = JSON.stringify(decide(current));
      const definition = JSON.parse(json) as D;
      const version = (current?.version ?? 0) + 1;
      const createdAt = current?.createdAt ?? now;
      await query(
        client,
        `INSERT INTO pipes (name, version, created_at, modified_at, consumer_id, definition) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (name) DO UPDATE SET version = excluded.version, modified_at = excluded.modified_at,
           consumer_id = excluded.consumer_id, definition = excluded.definition`,
        [name, version, createdAt, now, consumerIdOf(definition), json],
      );
      return { name, version, createdAt, modifiedAt: now, definition };
    });
  }

  /**
   * The pipe row is locked first (FOR UPDATE): a claim on another node either committed before (its row
   * is deleted here) or waits on the lock and then finds no pipe, creating nothing.
   */
  async delete(name: string): Promise<boolean> {
    return inTransaction(this.#pool, async (client) => {
      const [row] = await query<{ consumer_id: string | null }>(client, 'SELECT consumer_id FROM pipes WHERE name = $1 FOR UPDATE', [name]);
      if (!row) return false;
      if (row.consumer_id !== null) await query(client, 'DELETE FROM pipe_shards WHERE consumer_id = $1', [row.consumer_id]);
      await query(client, 'DELETE FROM pipes WHERE name = $1', [name]);
      return true;
    });
  }
}
