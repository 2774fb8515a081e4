import type { StorageEngine } from '../storage/engine.js';
import { TableCatalog, type TableEntry } from '../table/table-catalog.js';

/** A definition as read, with the engine's change mark taken before the read that gave or last checked it. */
interface Checked {
  readonly entry: TableEntry;
  readonly mark: number | undefined;
}

/**
 * A request process's table definitions: the tables are the main process's (or another node's) to create,
 * change and delete, so each lookup checks the definition cached here against storage with
 * engine.tableVersion: the id and version by the name's unique index, no definition to read or parse. Every
 * change of a definition adds one to its version, and ids are never reused (SQLite AUTOINCREMENT, PostgreSQL
 * bigserial), so a match is the stored definition, whoever changed it; a table deleted, or deleted and created
 * again, is seen by the very next lookup. Where the engine has a change mark (SQLite's data_version), a mark
 * unchanged since the definition was read or checked means nothing was committed since: no check is read.
 * Costs: docs/benchmarks.md, "A request process's table definitions".
 */
export class CheckedCatalog extends TableCatalog {
  readonly #engine: StorageEngine;
  readonly #checked = new Map<string, Checked>();

  constructor(engine: StorageEngine) {
    super(engine);
    this.#engine = engine;
  }

  override async find(name: string): Promise<TableEntry | undefined> {
    const mark = this.#engine.changeMark?.(); // before the reads: a commit after it changes the next one
    const cached = this.#checked.get(name);
    if (cached !== undefined && mark !== undefined && cached.mark === mark) return cached.entry;
    const stored = await this.#engine.tableVersion(name);
    if (stored === undefined) {
      this.#checked.delete(name);
      return undefined;
    }
    if (cached !== undefined && cached.entry.id === stored.id && cached.entry.version === stored.version) {
      this.#checked.set(name, { entry: cached.entry, mark });
      return cached.entry;
    }
    const entry = await this.#engine.getTable<TableEntry['definition']>(name);
    if (entry === undefined) this.#checked.delete(name);
    else this.#checked.set(name, { entry, mark }); // it carries its own version: one changed since the check is caught next time
    return entry;
  }

  /** The operations answered here write nothing: they need no per-operation view (table-versions.ts). */
  override forOperation(): TableCatalog {
    return this;
  }
}
