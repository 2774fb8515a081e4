import type { Database } from 'better-sqlite3';
import { lazy, type LazyStatement } from './lazy-statement.js';
import type { PipeStore, StoredPipe } from '../pipe-store.js';
import { SqlitePipePositions } from './sqlite-pipe-positions.js';
import type { SqliteQueueHost } from './sqlite-queue-store.js';

interface PipeRow {
  name: string;
  version: number;
  created_at: number;
  modified_at: number;
  definition: string;
}

const toPipe = <D>(row: PipeRow): StoredPipe<D> => ({
  name: row.name,
  version: row.version,
  createdAt: row.created_at,
  modifiedAt: row.modified_at,
  definition: JSON.parse(row.definition) as D,
});

/**
 * PipeStore on the SQLite engine's connection. Writes are API calls, rare: each runs in a transaction
 * of its own after the pending group commit, reading, deciding and upserting inside it.
 */
export class SqlitePipeStore implements PipeStore {
  readonly #host: SqliteQueueHost;
  readonly #get: LazyStatement<[string], PipeRow>;
  readonly #list: LazyStatement<[], PipeRow>;
  readonly #upsert: LazyStatement<[string, number, number, number, string]>;
  readonly #delete: LazyStatement<[string]>;
  readonly positions: SqlitePipePositions;

  constructor(db: Database, host: SqliteQueueHost) {
    this.#host = host;
    this.positions = new SqlitePipePositions(db, host);
    const columns = 'name, version, created_at, modified_at, definition';
    this.#get = lazy(db, `SELECT ${columns} FROM pipes WHERE name = ?`);
    this.#list = lazy(db, `SELECT ${columns} FROM pipes ORDER BY name`);
    this.#upsert = lazy(
      db,
      `INSERT INTO pipes (${columns}) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET version = excluded.version, modified_at = excluded.modified_at, definition = excluded.definition`,
    );
    this.#delete = lazy(db, 'DELETE FROM pipes WHERE name = ?');
  }

  async get<D>(name: string): Promise<StoredPipe<D> | undefined> {
    return this.#host.read(() => {
      const row = this.#get.get(name);
      return row && toPipe<D>(row);
    });
  }

  async list<D>(): Promise<StoredPipe<D>[]> {
    return this.#host.read(() => this.#list.all().map((row) => toPipe<D>(row)));
  }

  async write<D>(name: string, now: number, decide: (current: StoredPipe<D> | undefined) => D): Promise<StoredPipe<D>> {
    return this.#host.transaction(() => {
      const row = this.#get.get(name);
      const current = row && toPipe<D>(row);
      const json = JSON.stringify(decide(current));
      const version = (current?.version ?? 0) + 1;
      const createdAt = current?.createdAt ?? now;
      this.#upsert.run(name, version, createdAt, now, json);
      return { name, version, createdAt, modifiedAt: now, definition: JSON.parse(json) as D };
    });
  }

  async delete(name: string): Promise<boolean> {
    return this.#host.transaction(() => {
      const row = this.#get.get(name);
      if (!row) return false;
      const consumerId = (JSON.parse(row.definition) as { consumerId?: unknown }).consumerId;
      if (typeof consumerId === 'string') this.positions.deleteShardsOf.run(consumerId);
      return this.#delete.run(name).changes > 0;
    });
  }
}
