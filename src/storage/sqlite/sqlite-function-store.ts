import type { Database } from 'better-sqlite3';
import { lazy, type LazyStatement } from './lazy-statement.js';
import type { CodePackage, FunctionStore, FunctionWrite, StoredFunction } from '../function-store.js';
import type { SqliteQueueHost } from './sqlite-queue-store.js';

interface FunctionRow {
  name: string;
  revision: string;
  document: string;
}

const toFunction = <D>(row: FunctionRow): StoredFunction<D> => ({ name: row.name, revision: row.revision, document: JSON.parse(row.document) as D });

/**
 * FunctionStore on the SQLite engine's connection. Writes are API calls (rare): each runs in a
 * transaction of its own that reads, decides, writes the row (and the package it adds, and drops those
 * no longer named) and bumps `lambda_function_changes`.
 */
export class SqliteFunctionStore implements FunctionStore {
  readonly #host: SqliteQueueHost;
  readonly #count: LazyStatement<[], { changes: number }>;
  readonly #get: LazyStatement<[string], FunctionRow>;
  readonly #list: LazyStatement<[], FunctionRow>;
  readonly #upsert: LazyStatement<[string, string, string]>;
  readonly #delete: LazyStatement<[string]>;
  readonly #bump: LazyStatement<[]>;
  readonly #addPackage: LazyStatement<[string, string, Uint8Array]>;
  readonly #getPackage: LazyStatement<[string, string], { zip: Buffer }>;
  readonly #packageNames: LazyStatement<[string], { sha256: string }>;
  readonly #deletePackage: LazyStatement<[string, string]>;
  readonly #deletePackages: LazyStatement<[string]>;

  constructor(db: Database, host: SqliteQueueHost) {
    this.#host = host;
    this.#count = lazy(db, 'SELECT changes FROM lambda_function_changes WHERE id = 1');
    this.#get = lazy(db, 'SELECT name, revision, document FROM lambda_functions WHERE name = ?');
    this.#list = lazy(db, 'SELECT name, revision, document FROM lambda_functions ORDER BY name');
    this.#upsert = lazy(
      db,
      `INSERT INTO lambda_functions (name, revision, document) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET revision = excluded.revision, document = excluded.document`,
    );
    this.#delete = lazy(db, 'DELETE FROM lambda_functions WHERE name = ?');
    this.#bump = lazy(db, 'UPDATE lambda_function_changes SET changes = changes + 1 WHERE id = 1');
    this.#addPackage = lazy(db, 'INSERT INTO lambda_code_packages (function_name, sha256, zip) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
    this.#getPackage = lazy(db, 'SELECT zip FROM lambda_code_packages WHERE function_name = ? AND sha256 = ?');
    this.#packageNames = lazy(db, 'SELECT sha256 FROM lambda_code_packages WHERE function_name = ?');
    this.#deletePackage = lazy(db, 'DELETE FROM lambda_code_packages WHERE function_name = ? AND sha256 = ?');
    this.#deletePackages = lazy(db, 'DELETE FROM lambda_code_packages WHERE function_name = ?');
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

  async write<D>(
    name: string,
    decide: (current: StoredFunction<D> | undefined) => FunctionWrite<D>,
    code?: CodePackage,
  ): Promise<StoredFunction<D> | undefined> {
    return this.#host.transaction(() => {
      const row = this.#get.get(name);
      const next = decide(row && toFunction<D>(row));
      this.#bump.run();
      if (next === null) {
        this.#delete.run(name);
        this.#deletePackages.run(name);
        return undefined;
      }
      const json = JSON.stringify(next.document);
      this.#upsert.run(name, next.revision, json);
      if (code !== undefined) this.#addPackage.run(name, code.sha256, code.zip);
      if (next.packages !== undefined) {
        const keep = new Set(next.packages);
        for (const { sha256 } of this.#packageNames.all(name)) if (!keep.has(sha256)) this.#deletePackage.run(name, sha256);
      }
      return { name, revision: next.revision, document: JSON.parse(json) as D };
    });
  }

  async codePackage(name: string, sha256: string): Promise<Buffer | undefined> {
    return this.#host.read(() => this.#getPackage.get(name, sha256)?.zip);
  }
}
