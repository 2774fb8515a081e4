import { MissingTableError, StaleTableError, type ItemWriteRequest, type StorageEngine, type WriteTarget } from '../storage/engine.js';
import { tableErrors } from './errors.js';
import type { SharedLookups, TableEntry } from './table-catalog.js';
import type { TableContext } from './table-context.js';

const NONE: string[] = [];

/** What a run's engine (SharedRun.engine, a Proxy) answers with the engine it wraps. */
const WRAPPED = Symbol('the engine a run wraps');

/**
 * The engine itself, under a run's proxy: what work that outlives the run (an index backfill) runs on, and what
 * per-node state is keyed by. The engine as given when it is no run's.
 */
export function nodeEngine(engine: StorageEngine): StorageEngine {
  return (engine as StorageEngine & { readonly [WRAPPED]?: StorageEngine })[WRAPPED] ?? engine;
}

/** Runs of one operation before definitions that keep changing under it make it an error. */
const MAX_RUNS = 4;

/**
 * One run of a DynamoDB operation in the main process on an engine several nodes share (PostgreSQL): the
 * definitions its catalog handed it (`seen`, the first of each table), and the engine it reads and writes
 * with, whose item reads and writes of those tables name the version handed out. The engine refuses one that
 * names a replaced definition (StaleTableError, MissingTableError) in the read's or write's own statement,
 * so a GetItem or PutItem stays one round trip; a read or write answered (or a write whose decide was
 * called) has checked its table's definition. What no read or write checked (an operation that failed
 * validation against an old definition before reaching the engine) is checked after the run with one
 * engine.tableVersion a table. Request processes on such an engine answer their reads this way too
 * (src/processes/local-reads.ts); the lone SQLite node keeps its plain cache (it is the only writer of definitions).
 */
export class SharedRun {
  readonly seen = new Map<number, TableEntry>();
  readonly lookups: SharedLookups;
  /** The engine as this run uses it (a Proxy: the engine's other members are its own, bound to it). */
  readonly engine: StorageEngine;
  readonly #engine: StorageEngine;
  #refused: number | undefined;

  constructor(engine: StorageEngine, stored: boolean) {
    this.#engine = engine;
    this.lookups = { stored, current: new Set() };
    const calls: Partial<StorageEngine> = {
      getItem: (tableId, key, tableVersion) => {
        const version = tableVersion ?? this.#versionOf(tableId);
        return this.#checking([{ tableId, tableVersion: version }], () => engine.getItem(tableId, key, version));
      },
      readRange: (query) => this.#ranged(query, (named) => engine.readRange(named)),
      scan: (query) => this.#ranged(query, (named) => engine.scan(named)),
      readIndexRange: (query) => this.#ranged(query, (named) => engine.readIndexRange(named)),
      scanIndex: (query) => this.#ranged(query, (named) => engine.scanIndex(named)),
      readItems: (targets) => {
        const named = this.#naming(targets);
        return this.#checking(named, () => engine.readItems(named));
      },
      writeItems: <R>(request: ItemWriteRequest<R>) => {
        const targets = this.#naming(request.targets);
        const decide: ItemWriteRequest<R>['decide'] = (current) => {
          this.#answered(targets); // called only once every named version matched
          return request.decide(current);
        };
        return this.#checking(targets, () => engine.writeItems({ targets, decide }));
      },
    };
    this.engine = new Proxy(engine, {
      get(target, property) {
        if (property === WRAPPED) return target;
        if (Object.hasOwn(calls, property)) return calls[property as keyof StorageEngine];
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }

  /**
   * The names of the definitions this run used that are no longer the stored ones: the table a read or write
   * was refused on, or else those nothing checked, checked now. Empty: the run's answer (or error) stands.
   * Not a promise when nothing is left to check (the common case).
   */
  changed(): string[] | Promise<string[]> {
    const refused = this.#refused === undefined ? undefined : this.seen.get(this.#refused);
    if (refused !== undefined) return [refused.name];
    const left: TableEntry[] = [];
    for (const entry of this.seen.values()) if (!this.lookups.current.has(entry.id)) left.push(entry);
    return left.length === 0 ? NONE : this.#checkLeft(left);
  }

  async #checkLeft(left: readonly TableEntry[]): Promise<string[]> {
    const stored = await Promise.all(left.map((entry) => this.#engine.tableVersion(entry.name)));
    return left.filter((entry, i) => stored[i]?.id !== entry.id || stored[i]?.version !== entry.version).map((entry) => entry.name);
  }

  #versionOf(tableId: number): number | undefined {
    return this.seen.get(tableId)?.version;
  }

  #naming(targets: readonly WriteTarget[]): WriteTarget[] {
    return targets.map((target) => {
      const version = target.tableVersion ?? this.#versionOf(target.tableId);
      return version === target.tableVersion ? target : { ...target, tableVersion: version };
    });
  }

  #ranged<Q extends { readonly tableId: number; readonly tableVersion?: number }, T>(query: Q, read: (named: Q) => Promise<T>): Promise<T> {
    const version = query.tableVersion ?? this.#versionOf(query.tableId);
    const named = version === query.tableVersion ? query : { ...query, tableVersion: version };
    return this.#checking([named], () => read(named));
  }

  async #checking<T>(targets: readonly { readonly tableId: number; readonly tableVersion?: number }[], call: () => Promise<T>): Promise<T> {
    try {
      const result = await call();
      this.#answered(targets);
      return result;
    } catch (error) {
      if ((error instanceof StaleTableError || error instanceof MissingTableError) && this.#refused === undefined) this.#refused = error.tableId;
      throw error;
    }
  }

  /** The engine accepted these versions: the definitions handed out with them are current. */
  #answered(targets: readonly { readonly tableId: number; readonly tableVersion?: number }[]): void {
    for (const { tableId, tableVersion } of targets) {
      if (tableVersion !== undefined && this.seen.get(tableId)?.version === tableVersion) this.lookups.current.add(tableId);
    }
  }
}

/**
 * withCurrentTables on an engine several nodes share: runs `operation`, and again from the start with the
 * changed definitions read afresh when its answer or error rested on a definition another node replaced
 * (SharedRun.changed). `stored`: the operation's catalog reads every definition from storage (control-plane
 * operations, whose answer is the definition), so only a refused read or write makes it run again.
 */
export async function withSharedTables<T>(ctx: TableContext, operation: (ctx: TableContext) => Promise<T>, stored: boolean): Promise<T> {
  for (let run = 1; ; run++) {
    const shared = new SharedRun(ctx.engine, stored);
    let answer: { readonly value: T } | undefined;
    let failure: unknown;
    try {
      const catalog = ctx.catalog.forOperation(shared.seen, shared.lookups);
      answer = { value: await operation({ ...ctx, engine: shared.engine, catalog, lookups: shared.seen }) };
    } catch (error) {
      failure = error;
    }
    const found = shared.changed();
    const changed = Array.isArray(found) ? found : await found;
    if (changed.length === 0) {
      if (answer === undefined) throw failure;
      return answer.value;
    }
    if (run >= MAX_RUNS) throw tableErrors.internal(`The definition of table ${changed[0]} kept changing while the request was decided; retry it`);
    for (const name of changed) await ctx.catalog.refresh(name);
  }
}
