import type { StorageEngine } from '../storage/engine.js';
import { TableCatalog, type TableEntry } from '../table/table-catalog.js';

/**
 * A request process's table definitions: the tables are the main process's (or another node's) to create,
 * change and delete, so each lookup checks the definition cached here against storage with
 * engine.tableVersion: the id and version by the name's unique index, no definition to read or parse (a GetItem
 * took 19.4 µs of CPU reading its definition every time, 8.7 µs with one cached: docs/benchmarks.md). Every
 * change of a definition adds one to its version, and ids are never reused (SQLite AUTOINCREMENT, PostgreSQL
 * bigserial), so a match is the stored definition, whoever changed it; a table deleted, or deleted and created
 * again, is seen by the very next lookup. The check is a read of its own, beside the operation's reads.
 */
export class CheckedCatalog extends TableCatalog {
  readonly #engine: StorageEngine;
  readonly #checked = new Map<string, TableEntry>();

  constructor(engine: StorageEngine) {
    super(engine);
    this.#engine = engine;
  }

  override async find(name: string): Promise<TableEntry | undefined> {
    const stored = await this.#engine.tableVersion(name);
    const cached = this.#checked.get(name);
    if (stored === undefined) {
      this.#checked.delete(name);
      return undefined;
    }
    if (cached !== undefined && cached.id === stored.id && cached.version === stored.version) return cached;
    const entry = await this.#engine.getTable<TableEntry['definition']>(name);
    if (entry === undefined) this.#checked.delete(name);
    else this.#checked.set(name, entry); // it carries its own version: one changed since the check is checked next time
    return entry;
  }

  /** The operations answered here write nothing: they need no per-operation view (table-versions.ts). */
  override forOperation(): TableCatalog {
    return this;
  }
}
