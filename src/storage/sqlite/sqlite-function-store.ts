import type { Database, Statement } from 'better-sqlite3';
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
  readonly #count: Statement<[], { changes: number }>;
  readonly #get: Statement<[string], FunctionRow>;
  readonly #list: Statement<[], FunctionRow>;
  readonly #upsert: Statement<[string, string, string]>;
  readonly #delete: Statement<[string]>;
  readonly #bump: Statement<[]>;
  readonly #addPackage: Statement<[string, string, Uint8Array]>;
  readonly #getPackage: Statement<[string, string], { zip: Buffer }>;
  readonly #packageNames: Statement<[string], { sha256: string }>;
  readonly #deletePackage: Statement<[string, string]>;
  readonly #deletePackages: Statement<[string]>;

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
    this.#addPackage = db.prepare('INSERT INTO lambda_code_packages (function_name, sha256, zip) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
    this.#getPackage = db.prepare('SELECT zip FROM lambda_code_packages WHERE function_name = ? AND sha256 = ?');
    this.#packageNames = db.prepare('SELECT sha256 FROM lambda_code_packages WHERE function_name = ?');
    this.#deletePackage = db.prepare('DELETE FROM lambda_code_packages WHERE function_name = ? AND sha256 = ?');
    this.#deletePackages = db.prepare('DELETE FROM lambda_code_packages WHERE function_name = ?');
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
