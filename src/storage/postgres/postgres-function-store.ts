import type { Pool } from 'pg';
import type { CodePackage, FunctionStore, FunctionWrite, StoredFunction } from '../function-store.js';
import { inTransaction, query } from './pg-pool.js';

interface FunctionRow {
  name: string;
  revision: string;
  document: string;
}

const toFunction = <D>(row: FunctionRow): StoredFunction<D> => ({ name: row.name, revision: row.revision, document: JSON.parse(row.document) as D });

/**
 * FunctionStore on PostgreSQL (tables of migrations/functions.ts). Writes are API calls, rare: each
 * locks the one change-counter row first (SELECT … FOR UPDATE), so writes from every node serialise on
 * it — including two first writes of a name that has no row yet to lock — then reads, decides, writes
 * the row (with the package it adds, dropping those no longer named) and bumps the counter in the same
 * transaction, as SQLite's store does. Packages are bytea, read back as Buffers.
 */
export class PostgresFunctionStore implements FunctionStore {
  readonly #pool: Pool;

  constructor(pool: Pool) {
    this.#pool = pool;
  }

  async changeCount(): Promise<number> {
    const [row] = await query<{ changes: string }>(this.#pool, 'SELECT changes FROM lambda_function_changes WHERE id = 1');
    return Number(row?.changes ?? 0);
  }

  async get<D>(name: string): Promise<StoredFunction<D> | undefined> {
    const [row] = await query<FunctionRow>(this.#pool, 'SELECT name, revision, document FROM lambda_functions WHERE name = $1', [name]);
    return row && toFunction<D>(row);
  }

  async list<D>(): Promise<StoredFunction<D>[]> {
    const rows = await query<FunctionRow>(this.#pool, 'SELECT name, revision, document FROM lambda_functions ORDER BY name');
    return rows.map((row) => toFunction<D>(row));
  }

  async write<D>(
    name: string,
    decide: (current: StoredFunction<D> | undefined) => FunctionWrite<D>,
    code?: CodePackage,
  ): Promise<StoredFunction<D> | undefined> {
    return inTransaction(this.#pool, async (client) => {
      await query(client, 'SELECT changes FROM lambda_function_changes WHERE id = 1 FOR UPDATE');
      const [row] = await query<FunctionRow>(client, 'SELECT name, revision, document FROM lambda_functions WHERE name = $1', [name]);
      const next = decide(row && toFunction<D>(row));
      await query(client, 'UPDATE lambda_function_changes SET changes = changes + 1 WHERE id = 1');
      if (next === null) {
        await query(client, 'DELETE FROM lambda_functions WHERE name = $1', [name]);
        await query(client, 'DELETE FROM lambda_code_packages WHERE function_name = $1', [name]);
        return undefined;
      }
      const json = JSON.stringify(next.document);
      await query(
        client,
        `INSERT INTO lambda_functions (name, revision, document) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO UPDATE SET revision = excluded.revision, document = excluded.document`,
        [name, next.revision, json],
      );
      if (code !== undefined) {
        await query(client, 'INSERT INTO lambda_code_packages (function_name, sha256, zip) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [name, code.sha256, code.zip]);
      }
      if (next.packages !== undefined) {
        await query(client, 'DELETE FROM lambda_code_packages WHERE function_name = $1 AND NOT (sha256 = ANY ($2::text[]))', [name, next.packages]);
      }
      return { name, revision: next.revision, document: JSON.parse(json) as D };
    });
  }

  async codePackage(name: string, sha256: string): Promise<Buffer | undefined> {
    const [row] = await query<{ zip: Buffer }>(this.#pool, 'SELECT zip FROM lambda_code_packages WHERE function_name = $1 AND sha256 = $2', [name, sha256]);
    return row?.zip;
  }
}
