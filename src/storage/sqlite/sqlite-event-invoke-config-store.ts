import type { Database } from 'better-sqlite3';
import { lazy, type LazyStatement } from './lazy-statement.js';
import type { EventInvokeConfigStore, StoredEventInvokeConfig } from '../event-invoke-config-store.js';
import type { SqliteQueueHost } from './sqlite-queue-store.js';

interface ConfigRow {
  function_name: string;
  qualifier: string;
  last_modified: number;
  config: string;
}

const toConfig = <C>(row: ConfigRow): StoredEventInvokeConfig<C> => ({
  functionName: row.function_name,
  qualifier: row.qualifier,
  config: JSON.parse(row.config) as C,
  lastModified: row.last_modified,
});

/**
 * EventInvokeConfigStore on the SQLite engine's connection. Writes are rare (an API call each), so
 * each runs in a transaction of its own after the pending group commit; `write` reads, decides and
 * upserts inside it.
 */
export class SqliteEventInvokeConfigStore implements EventInvokeConfigStore {
  readonly #host: SqliteQueueHost;
  readonly #get: LazyStatement<[string, string], ConfigRow>;
  readonly #upsert: LazyStatement<[string, string, number, string]>;
  readonly #delete: LazyStatement<[string, string]>;
  readonly #list: LazyStatement<[string], ConfigRow>;

  constructor(db: Database, host: SqliteQueueHost) {
    this.#host = host;
    const columns = 'function_name, qualifier, last_modified, config';
    this.#get = lazy(db, `SELECT ${columns} FROM event_invoke_configs WHERE function_name = ? AND qualifier = ?`);
    this.#upsert = lazy(
      db,
      `INSERT INTO event_invoke_configs (${columns}) VALUES (?, ?, ?, ?)
       ON CONFLICT (function_name, qualifier) DO UPDATE SET last_modified = excluded.last_modified, config = excluded.config`,
    );
    this.#delete = lazy(db, 'DELETE FROM event_invoke_configs WHERE function_name = ? AND qualifier = ?');
    this.#list = lazy(db, `SELECT ${columns} FROM event_invoke_configs WHERE function_name = ? ORDER BY qualifier`);
  }

  async get<C>(functionName: string, qualifier: string): Promise<StoredEventInvokeConfig<C> | undefined> {
    return this.#host.read(() => {
      const row = this.#get.get(functionName, qualifier);
      return row && toConfig<C>(row);
    });
  }

  async write<C>(
    functionName: string,
    qualifier: string,
    now: number,
    decide: (current: StoredEventInvokeConfig<C> | undefined) => C,
  ): Promise<StoredEventInvokeConfig<C>> {
    return this.#host.transaction(() => {
      const row = this.#get.get(functionName, qualifier);
      const json = JSON.stringify(decide(row && toConfig<C>(row)));
      this.#upsert.run(functionName, qualifier, now, json);
      return { functionName, qualifier, config: JSON.parse(json) as C, lastModified: now };
    });
  }

  async delete(functionName: string, qualifier: string): Promise<boolean> {
    return this.#host.transaction(() => this.#delete.run(functionName, qualifier).changes > 0);
  }

  async list<C>(functionName: string): Promise<StoredEventInvokeConfig<C>[]> {
    return this.#host.read(() => this.#list.all(functionName).map((row) => toConfig<C>(row)));
  }
}
