import type { StorageEngine } from '../storage/engine.js';
import { TableCatalog, type TableEntry } from '../table/table-catalog.js';

/** A definition as read, with the engine's change mark taken before the read that gave or last checked it. */
interface Checked {
  readonly entry: TableEntry;
  readonly mark: number | undefined;
}

/**
 * A request process's table definitions alone on the storage (SQLite; on an engine several nodes share, the
 * request process checks them as the main process does, local-reads.ts): the tables are the main process's to
 * create, change and delete, so a definition cached here is checked against storage before an answer rests on
 * it. Every change of a definition adds one to its version, and ids are never reused (SQLite AUTOINCREMENT), so
 * a matching id and version is the stored definition; a table deleted, or deleted and created again, is seen by
 * the very next lookup. Where the engine has a change mark (SQLite's data_version), a mark unchanged since the
 * definition was read or checked means nothing was committed since: no check at all; otherwise
 * engine.tableVersion checks it. Costs: docs/benchmarks.md, "A request process's table definitions".
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
    if (cached !== undefined) {
      const stored = await this.#engine.tableVersion(name);
      if (stored === undefined) {
        this.#checked.delete(name);
        return undefined;
      }
      if (cached.entry.id === stored.id && cached.entry.version === stored.version) {
        this.#checked.set(name, { entry: cached.entry, mark });
        return cached.entry;
      }
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
