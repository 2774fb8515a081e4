import type { Pool } from 'pg';
import type { MaintenanceStateStore } from '../maintenance-state-store.js';
import { query } from './pg-pool.js';

/** MaintenanceStateStore on PostgreSQL (migration 15): one row per name, each call one statement. */
export class PostgresMaintenanceStateStore implements MaintenanceStateStore {
  readonly #pool: Pool;

  constructor(pool: Pool) {
    this.#pool = pool;
  }

  async get(name: string): Promise<string | undefined> {
    const [row] = await query<{ value: string }>(this.#pool, 'SELECT value FROM maintenance_state WHERE name = $1', [name]);
    return row?.value;
  }

  async put(name: string, value: string | undefined): Promise<void> {
    if (value === undefined) {
      await query(this.#pool, 'DELETE FROM maintenance_state WHERE name = $1', [name]);
      return;
    }
    await query(
      this.#pool,
      'INSERT INTO maintenance_state (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value',
      [name, value],
    );
  }
}
