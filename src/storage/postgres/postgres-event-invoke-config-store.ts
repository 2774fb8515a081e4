import type { Pool } from 'pg';
import type { EventInvokeConfigStore, StoredEventInvokeConfig } from '../event-invoke-config-store.js';
import { inTransaction, query } from './pg-pool.js';

interface ConfigRow {
  function_name: string;
  qualifier: string;
  /** bigint arrives as text (pg-pool.ts). */
  last_modified: string;
  config: string;
}

const toConfig = <C>(row: ConfigRow): StoredEventInvokeConfig<C> => ({
  functionName: row.function_name,
  qualifier: row.qualifier,
  config: JSON.parse(row.config) as C,
  lastModified: Number(row.last_modified),
});

const COLUMNS = 'function_name, qualifier, last_modified, config';

/**
 * The first key of the advisory locks a config write takes (the second is a hash of the function and
 * qualifier): a fixed number, 'eic' in ASCII. Two-key advisory locks are a space of their own, apart
 * from the one-key lock migrations take.
 */
const CONFIG_LOCK_SPACE = 0x00656963;

/**
 * EventInvokeConfigStore on PostgreSQL (event_invoke_configs of migrations/functions.ts). A write first
 * takes a transaction-level advisory lock on its (function, qualifier) — there may be no row yet to lock
 * with FOR UPDATE — then reads, decides and upserts: two nodes merging an Update into the same config
 * each decide against the other's committed result.
 */
export class PostgresEventInvokeConfigStore implements EventInvokeConfigStore {
  readonly #pool: Pool;

  constructor(pool: Pool) {
    this.#pool = pool;
  }

  async get<C>(functionName: string, qualifier: string): Promise<StoredEventInvokeConfig<C> | undefined> {
    const [row] = await query<ConfigRow>(this.#pool, `SELECT ${COLUMNS} FROM event_invoke_configs WHERE function_name = $1 AND qualifier = $2`, [
      functionName,
      qualifier,
    ]);
    return row && toConfig<C>(row);
  }

  async write<C>(
    functionName: string,
    qualifier: string,
    now: number,
    decide: (current: StoredEventInvokeConfig<C> | undefined) => C,
  ): Promise<StoredEventInvokeConfig<C>> {
    return inTransaction(this.#pool, async (client) => {
      // Neither a function name nor a qualifier holds a '/', so two pairs never hash the same string
      // (and should they, the two writes would only wait in turn).
      await query(client, "SELECT pg_advisory_xact_lock($1::integer, hashtext($2::text || '/' || $3::text))", [CONFIG_LOCK_SPACE, functionName, qualifier]);
      const [row] = await query<ConfigRow>(client, `SELECT ${COLUMNS} FROM event_invoke_configs WHERE function_name = $1 AND qualifier = $2`, [
        functionName,
        qualifier,
      ]);
      const json = JSON.stringify(decide(row && toConfig<C>(row)));
      await query(
        client,
        `INSERT INTO event_invoke_configs (${COLUMNS}) VALUES ($1, $2, $3, $4)
         ON CONFLICT (function_name, qualifier) DO UPDATE SET last_modified = excluded.last_modified, config = excluded.config`,
        [functionName, qualifier, now, json],
      );
      return { functionName, qualifier, config: JSON.parse(json) as C, lastModified: now };
    });
  }

  async delete(functionName: string, qualifier: string): Promise<boolean> {
    const rows = await query(this.#pool, 'DELETE FROM event_invoke_configs WHERE function_name = $1 AND qualifier = $2 RETURNING 1', [functionName, qualifier]);
    return rows.length > 0;
  }

  async list<C>(functionName: string): Promise<StoredEventInvokeConfig<C>[]> {
    const rows = await query<ConfigRow>(this.#pool, `SELECT ${COLUMNS} FROM event_invoke_configs WHERE function_name = $1 ORDER BY qualifier`, [functionName]);
    return rows.map((row) => toConfig<C>(row));
  }
}
