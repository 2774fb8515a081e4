import type { Database, Statement } from 'better-sqlite3';
import { MissingTableError, StaleTableError, type StoredItem, type WriteTarget } from '../engine.js';

/**
 * Reads a request process (`--processes N`) makes beside the plain ones. A table's id and version by name
 * (engine.tableVersion), which its catalog checks its cached definitions against, unless `PRAGMA data_version`
 * (engine.changeMark) says nothing was committed since; item reads checked against a version (atVersion). Items read as of one
 * moment without the writer's lock (engine.readItems: TransactGetItems): a deferred
 * transaction takes a WAL read snapshot at its first SELECT and holds it to COMMIT: another connection's
 * commits in between (the main process's writer, seen from a request process's read-only connection) are
 * not seen, and the writer never waits for it. Inside a transaction already open on the connection, its own.
 */
export class SqliteRequestReads {
  readonly #db: Database;
  readonly #begin: Statement<[]>;
  readonly #commit: Statement<[]>;
  readonly #version: Statement<[id: number], { version: number }>;
  readonly #versionByName: Statement<[name: string], { id: number; version: number }>;
  readonly #dataVersion: Statement<[], number>;
  readonly #item: Statement<[tableId: number, hash: number, pk: Uint8Array, sk: Uint8Array], { size: number; doc: string }>;

  constructor(db: Database) {
    this.#db = db;
    this.#begin = db.prepare('BEGIN DEFERRED');
    this.#commit = db.prepare('COMMIT');
    this.#version = db.prepare('SELECT version FROM tables WHERE id = ?');
    this.#versionByName = db.prepare('SELECT id, version FROM tables WHERE name = ?');
    this.#dataVersion = db.prepare('PRAGMA data_version').pluck() as Statement<[], number>;
    this.#item = db.prepare('SELECT size, doc FROM items WHERE table_id = ? AND hash = ? AND pk = ? AND sk = ?');
  }

  /** Changes when another connection commits (the file's change counter, read from the WAL index). */
  dataVersion(): number {
    return this.#dataVersion.get()!;
  }

  tableVersion(name: string): { id: number; version: number } | undefined {
    return this.#versionByName.get(name);
  }

  /**
   * `read`, refused as writeItems refuses a target when `tableVersion` is given and the table no longer has it
   * (engine.getItem's `tableVersion`): a point read of the version first, then the read, both before any other
   * statement of this connection; what another connection commits between the two is after the check, as
   * anything committed after a read of the version would be.
   */
  atVersion<T>(tableId: number, tableVersion: number | undefined, read: () => T): T {
    if (tableVersion !== undefined) {
      const version = this.#version.get(tableId)?.version;
      if (version === undefined) throw new MissingTableError(tableId);
      if (version !== tableVersion) throw new StaleTableError(tableId);
    }
    return read();
  }

  /** Throws MissingTableError or StaleTableError (nothing read) as writeItems would refuse its targets. */
  read(targets: readonly WriteTarget[]): (StoredItem | undefined)[] {
    const own = !this.#db.inTransaction;
    if (own) this.#begin.run();
    try {
      for (const { tableId, tableVersion } of targets) {
        const version = this.#version.get(tableId)?.version;
        if (version === undefined) throw new MissingTableError(tableId);
        if (tableVersion !== undefined && version !== tableVersion) throw new StaleTableError(tableId);
      }
      return targets.map(({ tableId, key }) => {
        const row = this.#item.get(tableId, key.hash, key.partition, key.sort);
        return row && { key, json: row.doc, size: row.size };
      });
    } finally {
      if (own) this.#commit.run(); // read only: COMMIT ends the snapshot, nothing to write
    }
  }
}
