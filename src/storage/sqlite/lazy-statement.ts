import type { Database, RunResult, Statement } from 'better-sqlite3';

/** How a statement hands back its rows, applied once when it is prepared. */
export interface StatementModes {
  /** The first column's value instead of a row object. */
  readonly pluck?: boolean;
  /** Rows as arrays. */
  readonly raw?: boolean;
}

/** Every lazy statement declared on a connection, so that a test can prepare them all (prepareEvery). */
const declared = new WeakMap<Database, LazyStatement<never[], unknown>[]>();

/**
 * A statement prepared on its first use rather than when its store is built. A start builds every store
 * and uses few of them: preparing their ~230 statements up front took 20–30 ms of it. After the first
 * use the prepared statement is called directly, behind one field check.
 *
 * What the early prepare also gave, a typo in the SQL failing at open rather than at a first use in
 * production, is kept by prepareEvery, which the store tests run over every statement an engine declares.
 */
export class LazyStatement<P extends unknown[] = unknown[], R = unknown> {
  readonly source: string;
  readonly #db: Database;
  readonly #modes: StatementModes | undefined;
  #statement: Statement<P, R> | undefined;

  constructor(db: Database, source: string, modes?: StatementModes) {
    this.#db = db;
    this.source = source;
    this.#modes = modes;
    let list = declared.get(db);
    if (list === undefined) declared.set(db, (list = []));
    list.push(this as unknown as LazyStatement<never[], unknown>);
  }

  /** The prepared statement, prepared now if it was not. */
  get statement(): Statement<P, R> {
    return (this.#statement ??= this.#prepare());
  }

  run(...params: P): RunResult {
    return (this.#statement ??= this.#prepare()).run(...params);
  }

  get(...params: P): R | undefined {
    return (this.#statement ??= this.#prepare()).get(...params);
  }

  all(...params: P): R[] {
    return (this.#statement ??= this.#prepare()).all(...params);
  }

  iterate(...params: P): IterableIterator<R> {
    return (this.#statement ??= this.#prepare()).iterate(...params);
  }

  #prepare(): Statement<P, R> {
    const statement = this.#db.prepare<P, R>(this.source);
    if (this.#modes?.pluck) statement.pluck();
    if (this.#modes?.raw) statement.raw();
    return statement;
  }
}

/** A statement on `db` prepared on its first use (see LazyStatement); declare it once, where its store is built. */
export function lazy<P extends unknown[] = unknown[], R = unknown>(db: Database, source: string, modes?: StatementModes): LazyStatement<P, R> {
  return new LazyStatement<P, R>(db, source, modes);
}

/**
 * Prepares every lazy statement declared on `db` and returns how many there are; throws one error naming
 * each statement that does not prepare. For tests: it checks every SQL text against the migrated schema.
 */
export function prepareEvery(db: Database): number {
  const list = declared.get(db) ?? [];
  const failures: string[] = [];
  for (const statement of list) {
    try {
      void statement.statement;
    } catch (error) {
      failures.push(`${(error as Error).message}: ${statement.source.replace(/\s+/g, ' ').trim()}`);
    }
  }
  if (failures.length > 0) throw new Error(`${failures.length} of ${list.length} statements do not prepare:\n${failures.join('\n')}`);
  return list.length;
}
