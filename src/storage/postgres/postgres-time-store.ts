import type { Pool } from 'pg';
import type { StoredTimeOffset, TimeStore } from '../time-store.js';
import { inTransaction, query } from './pg-pool.js';

interface OffsetRow {
  /** bigint columns arrive as text (pg-pool.ts). */
  offset_ms: string;
  version: string;
}

const toOffset = (row: OffsetRow): StoredTimeOffset => ({ offsetMs: Number(row.offset_ms), version: Number(row.version) });

/**
 * TimeStore on PostgreSQL: the one row migration 1 created (offset 0, version 0 until changed). A change
 * locks it with SELECT … FOR UPDATE before deciding, so changes from any number of nodes serialise on
 * the row: each decides against the committed result of the one before it.
 */
export class PostgresTimeStore implements TimeStore {
  readonly #pool: Pool;

  constructor(pool: Pool) {
    this.#pool = pool;
  }

  async read(): Promise<StoredTimeOffset> {
    const [row] = await query<OffsetRow>(this.#pool, 'SELECT offset_ms, version FROM time_offset WHERE id = 1');
    return toOffset(row!);
  }

  /** clock_timestamp(): the time the statement reads it, not the transaction's start as now() would be. */
  readonly serverTime = async (): Promise<number> => {
    const [row] = await query<{ ms: number }>(this.#pool, 'SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS ms');
    return row!.ms;
  };

  async change(decide: (current: StoredTimeOffset) => number): Promise<StoredTimeOffset> {
    return inTransaction(this.#pool, async (client) => {
      const [row] = await query<OffsetRow>(client, 'SELECT offset_ms, version FROM time_offset WHERE id = 1 FOR UPDATE');
      const current = toOffset(row!);
      const next = { offsetMs: Math.trunc(decide(current)), version: current.version + 1 };
      await query(client, 'UPDATE time_offset SET offset_ms = $1, version = $2 WHERE id = 1', [next.offsetMs, next.version]);
      return next;
    });
  }
}
