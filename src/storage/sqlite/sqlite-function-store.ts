import type { Database, Statement } from 'better-sqlite3';
import type { FunctionStore, FunctionWrite, StoredFunction } from '../function-store.js';
import type { SqliteQueueHost } from './sqlite-queue-store.js';

interface FunctionRow {
  name: string;
  revision: string;
  document: string;
}

const toFunction = <D>(row: FunctionRow): StoredFunction<D> => ({ name: row.name, revision: row.revision, document: JSON.parse(row.document) as D });

/**
 * FunctionStore on the SQLite engine's connection. Writes are API calls (rare): each runs in a
 * transaction of its own that reads, decides, writes the row and bumps `lambda_function_changes`.
 */
export class SqliteFunctionStore implements FunctionStore {
  readonly #host: SqliteQueueHost;
  readonly #count: Statement<[], { changes: number }>;
  readonly #get: Statement<[string], FunctionRow>;
  readonly #list: Statement<[], FunctionRow>;
  readonly #upsert: Statement<[string, string, string]>;
  readonly #delete: Statement<[string]>;
  readonly #bump: Statement<[]>;

  constructor(db: Database, host: SqliteQueueHost) {
    this.#host = host;
    this.#count = db.prepare('SELECT changes FROM lambda_function_changes WHERE id = 1');
    this.#get = db.prepare('SELECT name, revision, document FROM lambda_functions WHERE name = ?');
    this.#list = db.prepare('SELECT name, revision, document FROM lambda_functions ORDER BY name');
    this.#upsert = db.prepare(
      `INSERT INTO lambda_functions (name, revision, document) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET revision = excluded.revision, document = excluded.document`,
    );
    this.#delete = db.prepare('DELETE FROM lambda_functions WHERE name = ?');
    this.#bump = db.prepare('UPDATE lambda_function_changes SET changes = changes + 1 WHERE id = 1');
  }

  async changeCount(): Promise<number> {
    return this.#host.read(() => this.#count.get()?.changes ?? 0);
  }

  async get<D>(name: string): Promise<StoredFunction<D> | undefined> {
    return this.#host.read(() => {
      const row = this.#get.get(name);
      return row && toFunction<D>(row);
    });
  }

  async list<D>(): Promise<StoredFunction<D>[]> {
    return this.#host.read(() => this.#list.all().map((row) => toFunction<D>(row)));
  }

  async write<D>(name: string, decide: (current: StoredFunction<D> | undefined) => FunctionWrite<D>): Promise<StoredFunction<D> | undefined> {
    return this.#host.transaction(() => {
      const row = this.#get.get(name);
      const next = decide(row && toFunction<D>(row));
      this.#bump.run();
      if (next === null) {
        this.#delete.run(name);
        return undefined;
      }
      const json = JSON.stringify(next.document);
      this.#upsert.run(name, next.revision, json);
      return { name, revision: next.revision, document: JSON.parse(json) as D };
    });
  }
}
