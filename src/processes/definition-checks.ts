import { MissingTableError, StaleTableError, type StorageEngine, type WriteTarget } from '../storage/engine.js';
import { tableErrors } from '../table/errors.js';
import type { TableEntry } from '../table/table-catalog.js';
import type { TableContext } from '../table/table-context.js';
import type { CheckedCatalog } from './checked-catalog.js';

/** A cached definition handed to one run of an operation without a check, with the change mark taken before. */
interface Unchecked {
  readonly entry: TableEntry;
  readonly mark: number | undefined;
}

const NONE: string[] = [];

/** Where a run's checks settle: the catalog keeps what they found current, and drops what they found changed. */
export interface CheckedDefinitions {
  settle(entry: TableEntry, mark: number | undefined): void;
}

/**
 * One run of an operation in a request process (`--processes N`): the cached definitions its catalog handed
 * it unchecked, and the engine it reads with, whose item reads of those tables name the version the definition
 * was read at (engine.getItem's `tableVersion`). A read that answers has checked its table's definition in the
 * read's own statement on PostgreSQL, so a GetItem costs one round trip; one refused (StaleTableError,
 * MissingTableError) says which definition changed. A definition no read checked (an operation that failed
 * before it read, or one that reads no items: DescribeTable) is checked after the run (`changed`), as before.
 * So a run's answer always rests on definitions that were current at some moment after the request arrived:
 * never older than the last change committed before it.
 */
export class DefinitionChecks {
  readonly #engine: StorageEngine;
  readonly #definitions: CheckedDefinitions;
  readonly #unchecked = new Map<number, Unchecked>();
  /** The engine as this run reads it (a Proxy: the engine's other members are its own, bound to it). */
  readonly engine: StorageEngine;

  constructor(engine: StorageEngine, definitions: CheckedDefinitions) {
    this.#engine = engine;
    this.#definitions = definitions;
    const reads: Partial<StorageEngine> = {
      getItem: (tableId, key) => this.#read(tableId, (tableVersion) => engine.getItem(tableId, key, tableVersion)),
      readRange: (query) => this.#read(query.tableId, (tableVersion) => engine.readRange({ ...query, tableVersion })),
      scan: (query) => this.#read(query.tableId, (tableVersion) => engine.scan({ ...query, tableVersion })),
      readIndexRange: (query) => this.#read(query.tableId, (tableVersion) => engine.readIndexRange({ ...query, tableVersion })),
      scanIndex: (query) => this.#read(query.tableId, (tableVersion) => engine.scanIndex({ ...query, tableVersion })),
      readItems: (targets) => this.#readItems(targets),
    };
    this.engine = new Proxy(engine, {
      get(target, property) {
        if (Object.hasOwn(reads, property)) return reads[property as keyof StorageEngine];
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }

  /** The catalog hands `entry` out unchecked: the run's reads of its table are to name its version. */
  handedOut(entry: TableEntry, mark: number | undefined): void {
    if (!this.#unchecked.has(entry.id)) this.#unchecked.set(entry.id, { entry, mark });
  }

  /**
   * The names of the definitions this run used that are no longer the stored ones: the table `failure` names,
   * when it is a read's refusal, or else those no read checked, checked now (engine.tableVersion, by name).
   * Empty: the run's answer stands. Not a promise when nothing is left to check (the common case: no await).
   */
  changed(failure?: unknown): string[] | Promise<string[]> {
    if (failure instanceof StaleTableError || failure instanceof MissingTableError) {
      const refused = this.#unchecked.get(failure.tableId);
      if (refused !== undefined) return [refused.entry.name];
    }
    return this.#unchecked.size === 0 ? NONE : this.#checkLeft();
  }

  async #checkLeft(): Promise<string[]> {
    const left = [...this.#unchecked.values()];
    this.#unchecked.clear();
    const stored = await Promise.all(left.map(({ entry }) => this.#engine.tableVersion(entry.name)));
    const changed: string[] = [];
    left.forEach(({ entry, mark }, i) => {
      const now = stored[i];
      if (now !== undefined && now.id === entry.id && now.version === entry.version) this.#definitions.settle(entry, mark);
      else changed.push(entry.name);
    });
    return changed;
  }

  async #read<T>(tableId: number, read: (tableVersion: number | undefined) => Promise<T>): Promise<T> {
    const unchecked = this.#unchecked.get(tableId);
    const result = await read(unchecked?.entry.version);
    if (unchecked !== undefined) this.#checked(tableId, unchecked);
    return result;
  }

  async #readItems(targets: readonly WriteTarget[]) {
    const named = targets.map((target) => {
      const unchecked = this.#unchecked.get(target.tableId);
      return unchecked === undefined || target.tableVersion !== undefined ? target : { ...target, tableVersion: unchecked.entry.version };
    });
    const result = await this.#engine.readItems(named);
    for (const { tableId } of named) {
      const unchecked = this.#unchecked.get(tableId);
      if (unchecked !== undefined) this.#checked(tableId, unchecked);
    }
    return result;
  }

  /** A read named the definition's version and was answered: it is current, as of a moment after the run began. */
  #checked(tableId: number, unchecked: Unchecked): void {
    if (this.#unchecked.get(tableId) !== unchecked) return;
    this.#unchecked.delete(tableId);
    this.#definitions.settle(unchecked.entry, unchecked.mark);
  }
}

/** Runs of one operation before definitions that keep changing under it make it an error. */
const MAX_RUNS = 4;

/**
 * Runs `operation` with `catalog`'s definitions checked as DefinitionChecks says, and again from the start
 * with a changed definition read afresh: the operations answered in a request process only read, so a run
 * whose definition turned out changed leaves no trace.
 */
export async function withCheckedDefinitions<T>(catalog: CheckedCatalog, ctx: TableContext, operation: (ctx: TableContext) => Promise<T>): Promise<T> {
  for (let run = 1; ; run++) {
    const checks = new DefinitionChecks(ctx.engine, catalog);
    let answer: { readonly value: T } | undefined;
    let failure: unknown;
    try {
      answer = { value: await operation({ ...ctx, engine: checks.engine, catalog: catalog.forRun(checks) }) };
    } catch (error) {
      failure = error;
    }
    const found = checks.changed(failure);
    const changed = Array.isArray(found) ? found : await found;
    if (changed.length === 0) {
      if (answer === undefined) throw failure;
      return answer.value;
    }
    for (const name of changed) catalog.forget(name);
    if (run >= MAX_RUNS) throw tableErrors.internal(`The definition of table ${changed[0]} kept changing while the request was answered; retry it`);
  }
}
