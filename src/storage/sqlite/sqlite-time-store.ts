import type { Database } from 'better-sqlite3';
import { lazy, type LazyStatement } from './lazy-statement.js';
import type { StoredTimeOffset, TimeStore } from '../time-store.js';
import type { SqliteQueueHost } from './sqlite-queue-store.js';

interface OffsetRow {
  offset_ms: number;
  version: number;
}

const NEVER_SET: StoredTimeOffset = { offsetMs: 0, version: 0 };

/** TimeStore on the SQLite engine's connection: one row, changed in a transaction of its own (a change is rare). */
export class SqliteTimeStore implements TimeStore {
  readonly #host: SqliteQueueHost;
  readonly #get: LazyStatement<[], OffsetRow>;
  readonly #put: LazyStatement<[number, number]>;

  constructor(db: Database, host: SqliteQueueHost) {
    this.#host = host;
    this.#get = lazy(db, 'SELECT offset_ms, version FROM time_offset WHERE id = 1');
    this.#put = lazy(
      db,
      `INSERT INTO time_offset (id, offset_ms, version) VALUES (1, ?, ?)
       ON CONFLICT (id) DO UPDATE SET offset_ms = excluded.offset_ms, version = excluded.version`,
    );
  }

  async read(): Promise<StoredTimeOffset> {
    return this.#host.read(() => this.#current());
  }

  async change(decide: (current: StoredTimeOffset) => number): Promise<StoredTimeOffset> {
    return this.#host.transaction(() => {
      const current = this.#current();
      const offsetMs = Math.trunc(decide(current));
      const next = { offsetMs, version: current.version + 1 };
      this.#put.run(next.offsetMs, next.version);
      return next;
    });
  }

  #current(): StoredTimeOffset {
    const row = this.#get.get();
    return row ? { offsetMs: row.offset_ms, version: row.version } : NEVER_SET;
  }
}
