import type { StorageEngine } from '../storage/engine.js';
import { TableCatalog, type TableEntry } from '../table/table-catalog.js';
import type { CheckedDefinitions, DefinitionChecks } from './definition-checks.js';

/** A definition as read, with the engine's change mark taken before the read that gave or last checked it. */
interface Checked {
  readonly entry: TableEntry;
  readonly mark: number | undefined;
}

/**
 * A request process's table definitions: the tables are the main process's (or another node's) to create,
 * change and delete, so a definition cached here is checked against storage before an answer rests on it.
 * Every change of a definition adds one to its version, and ids are never reused (SQLite AUTOINCREMENT,
 * PostgreSQL bigserial), so a matching id and version is the stored definition, whoever changed it; a table
 * deleted, or deleted and created again, is seen by the very next lookup. Where the engine has a change mark
 * (SQLite's data_version), a mark unchanged since the definition was read or checked means nothing was
 * committed since: no check at all. Otherwise, in a run of an operation (forRun), the definition is handed
 * out unchecked and the run's item reads check it in their own statement (definition-checks.ts); outside
 * one, engine.tableVersion checks it first. Costs: docs/benchmarks.md, "A request process's table
 * definitions" and "the definition check folded into the read".
 */
export class CheckedCatalog extends TableCatalog implements CheckedDefinitions {
  readonly #engine: StorageEngine;
  readonly #checked: Map<string, Checked>;
  readonly #run: DefinitionChecks | undefined;

  constructor(engine: StorageEngine, checked = new Map<string, Checked>(), run?: DefinitionChecks) {
    super(engine);
    this.#engine = engine;
    this.#checked = checked;
    this.#run = run;
  }

  /** This catalog (its definitions) for one run of an operation: what it hands out unchecked, `run` checks. */
  forRun(run: DefinitionChecks): CheckedCatalog {
    return new CheckedCatalog(this.#engine, this.#checked, run);
  }

  override async find(name: string): Promise<TableEntry | undefined> {
    const mark = this.#engine.changeMark?.(); // before the reads: a commit after it changes the next one
    const cached = this.#checked.get(name);
    if (cached !== undefined && mark !== undefined && cached.mark === mark) return cached.entry;
    if (cached !== undefined && this.#run !== undefined) {
      this.#run.handedOut(cached.entry, mark);
      return cached.entry;
    }
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

  /** A run found `entry` current (DefinitionChecks) as of a moment after `mark` was taken. */
  settle(entry: TableEntry, mark: number | undefined): void {
    if (this.#checked.get(entry.name)?.entry === entry) this.#checked.set(entry.name, { entry, mark });
  }

  /** A run found the definition changed: the next lookup reads it. */
  forget(name: string): void {
    this.#checked.delete(name);
  }

  /** The operations answered here write nothing: they need no per-operation view (table-versions.ts). */
  override forOperation(): TableCatalog {
    return this;
  }
}
