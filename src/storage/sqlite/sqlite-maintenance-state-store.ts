import type { Database } from 'better-sqlite3';
import { lazy, type LazyStatement } from './lazy-statement.js';
import type { MaintenanceStateStore } from '../maintenance-state-store.js';
import type { SqliteQueueHost } from './sqlite-queue-store.js';

/** MaintenanceStateStore on the SQLite engine's connection: one row per name, written through the group commit. */
export class SqliteMaintenanceStateStore implements MaintenanceStateStore {
  readonly #host: SqliteQueueHost;
  readonly #get: LazyStatement<[string], { value: string }>;
  readonly #put: LazyStatement<[string, string]>;
  readonly #delete: LazyStatement<[string]>;

  constructor(db: Database, host: SqliteQueueHost) {
    this.#host = host;
    this.#get = lazy(db, 'SELECT value FROM maintenance_state WHERE name = ?');
    this.#put = lazy(db, 'INSERT INTO maintenance_state (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value');
    this.#delete = lazy(db, 'DELETE FROM maintenance_state WHERE name = ?');
  }

  async get(name: string): Promise<string | undefined> {
    return this.#host.read(() => this.#get.get(name)?.value);
  }

  async put(name: string, value: string | undefined): Promise<void> {
    await this.#host.enqueue(() => (value === undefined ? this.#delete.run(name) : this.#put.run(name, value)));
  }
}
