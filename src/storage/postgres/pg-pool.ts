import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { Client, Pool, PoolClient, QueryResult, QueryResultRow } from 'pg';
import { StorageError } from '../storage-errors.js';
import { RETRYABLE_SQLSTATES, sqlState, translatePgError } from './pg-errors.js';

/**
 * The PostgreSQL engine's connections. `pg` is imported here, dynamically, when a pool is opened: Eddy on
 * SQLite never loads it. Only `import type` of pg appears anywhere else, and nothing in postgres/ is
 * reachable from the package's public declarations.
 *
 * Integers: pg answers int8 (bigint) columns as strings, so a store converts them itself (Number for
 * values that fit in 2^53, BigInt for sequence numbers); numeric and timestamps likewise stay text.
 */

export interface PgPoolOptions {
  /**
   * `postgres://user:password@host:port/database` (or `postgresql://`), with pg's query parameters (sslmode …)
   * and Eddy's own `prepared=false`: every statement unnamed (see query), for a pooler in transaction mode.
   */
  readonly url: string;
  /** Most connections open at once; default 10 (pg's). A transaction holds one for its whole length. */
  readonly size?: number;
  /** Shown in pg_stat_activity; default `eddy`. */
  readonly applicationName?: string;
}

/** What runs a query: the pool (each query on any free connection) or one transaction's client. */
export type PgQueryable = Pick<Pool, 'query'> | Pick<PoolClient, 'query'>;

/** Opens a pool (connecting lazily, on the first query). Rejects a URL that is not postgres://. */
export async function openPgPool(options: PgPoolOptions): Promise<Pool> {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new StorageError(`not a PostgreSQL URL: '${options.url}' (expected postgres://user:password@host:port/database)`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new StorageError(`not a PostgreSQL URL: '${options.url}' (expected postgres://user:password@host:port/database)`);
  }
  const prepared = url.searchParams.get('prepared');
  if (prepared !== null && prepared !== 'true' && prepared !== 'false') {
    throw new StorageError(`the PostgreSQL URL's prepared parameter takes true or false, got '${prepared}'`);
  }
  url.searchParams.delete('prepared'); // Eddy's, not pg's
  const size = options.size ?? 10;
  if (!Number.isInteger(size) || size < 1) throw new StorageError(`PostgreSQL pool size must be a whole number ≥ 1, got ${size}`);
  const { default: pg } = await import('pg');
  // Idle connections stay open (pg closes them after 10 s by default): opening one costs the server a
  // process and a login, tens of ms on a busy machine, which every burst after a quiet spell would pay —
  // a time jump's due-time reads, run side by side, opened most of the pool each time (src/time).
  const pool = new pg.Pool({ connectionString: prepared === null ? options.url : url.href, max: size, idleTimeoutMillis: 0, application_name: options.applicationName ?? 'eddy' });
  // An idle connection the server drops (restart, failover, idle timeout) is reported here; without a
  // listener the 'error' event would end the process. The pool discards that connection itself and the
  // next query opens a new one, so there is nothing more to do.
  pool.on('error', () => {});
  if (prepared === 'false') {
    unnamed.add(pool);
    pool.on('connect', (client) => unnamed.add(client));
  }
  return pool;
}

/**
 * Pools opened with `prepared=false`, and their connections: their statements all run unnamed. A named
 * statement lives in its server session, which a pooler in transaction mode (PgBouncer before 1.21, or
 * with max_prepared_statements = 0) hands to another client after each transaction: the next use of the
 * name on another session fails.
 */
const unnamed = new WeakSet<object>();

/** Whether statements on `db` (a pool or one of its connections) may be named: not on a `prepared=false` pool. */
export function namesStatements(db: object): boolean {
  return !unnamed.has(db);
}

/**
 * A connection outside the pool, with the pool's options and `<application name> <purpose>` in
 * pg_stat_activity (kept alive: a session such as a LISTEN lives as long as the node). Not connected yet.
 */
export async function openPgClient(pool: Pool, purpose: string): Promise<Client> {
  const { default: pg } = await import('pg');
  const options = pool.options;
  const client = new pg.Client({ ...options, application_name: `${options.application_name ?? 'eddy'} ${purpose}`, keepAlive: true });
  if (unnamed.has(pool)) unnamed.add(client);
  return client;
}

/**
 * Runs one statement and answers its rows, with driver errors translated (pg-errors.ts). A statement with
 * parameters runs as a named prepared statement (statementName): each connection parses it once and then
 * only binds and executes it, where an unnamed one is parsed, analysed and planned on every call — for
 * the write path's short statements that was as long as running them.
 */
export async function query<R extends QueryResultRow = QueryResultRow>(db: PgQueryable, text: string, values: readonly unknown[] = []): Promise<R[]> {
  try {
    const name = values.length > 0 && !unnamed.has(db) ? statementName(text) : undefined;
    const result = await (db as Pool).query<R>(name === undefined ? { text, values: values as unknown[] } : { name, text, values: values as unknown[] });
    return result.rows;
  } catch (error) {
    throw translatePgError(error);
  }
}

/**
 * The most statement texts given a name. A prepared statement lives in its connection's server process
 * until the connection closes, so the names must stay few: Eddy's texts are fixed or built from a handful
 * of shapes (arrays are passed whole, never as lists of placeholders), a few hundred at most; texts past
 * the cap run unnamed, as before, rather than filling every backend's memory.
 */
export const MAX_STATEMENT_NAMES = 1_000;

const statementNames = new Map<string, string>();

/**
 * The name of a statement text: a hash of it, so one text has one name however many modules or pools use
 * it, and pg never sees one name for two texts (it refuses that). Undefined past the cap.
 */
export function statementName(text: string): string | undefined {
  const known = statementNames.get(text);
  if (known !== undefined || statementNames.size >= MAX_STATEMENT_NAMES) return known;
  const name = `eddy_${createHash('sha256').update(text).digest('base64url').slice(0, 22)}`;
  statementNames.set(text, name);
  return name;
}

export interface TransactionOptions {
  /** Default READ COMMITTED, with the rows a transaction depends on locked (`SELECT … FOR UPDATE`). */
  readonly isolation?: 'READ COMMITTED' | 'REPEATABLE READ' | 'REPEATABLE READ READ ONLY' | 'SERIALIZABLE';
  /** How many times the body runs at most when the transaction conflicts; default 8. */
  readonly maxAttempts?: number;
  /**
   * The body sends BEGIN with its first statements and COMMIT with its last (simpleQuery), two round trips
   * fewer; inTransaction then only rolls back and retries. Default false.
   */
  readonly bodyCommits?: boolean;
}

/**
 * Runs several statements (`;`-separated, values written in: pg-literals.ts) in ONE round trip, the simple
 * protocol's, and answers each one's rows. They run in order, each with its own snapshot under READ
 * COMMITTED, and the first that fails skips the rest: a transaction the text began is then aborted (and
 * a COMMIT at its end never runs).
 */
export async function simpleQuery(client: Pick<PoolClient, 'query'>, text: string): Promise<QueryResultRow[][]> {
  try {
    const result = (await client.query(text)) as unknown as QueryResult | QueryResult[];
    return (Array.isArray(result) ? result : [result]).map((r) => r.rows);
  } catch (error) {
    throw translatePgError(error);
  }
}

/**
 * Runs `body` in a transaction on one connection of the pool: COMMIT when it resolves, ROLLBACK when it
 * throws. A serialization failure (40001) or deadlock (40P01) — PostgreSQL aborts one side of a conflict
 * and expects the client to try again — runs the whole body again on a fresh transaction, after a short
 * random pause that grows with each attempt (up to ~1, 2, 4 … 64 ms), at most `maxAttempts` times; then
 * the conflict surfaces as a ThrottlingException the SDKs retry. So `body` must be repeatable: whatever it
 * does outside the database (callbacks such as `decide`) must be pure. Other errors end it at once.
 */
export async function inTransaction<T>(pool: Pool, body: (client: PoolClient) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 8;
  const begin = options.isolation ? `BEGIN ISOLATION LEVEL ${options.isolation}` : 'BEGIN';
  for (let attempt = 1; ; attempt++) {
    let client: PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      throw translatePgError(error);
    }
    let broken: unknown;
    try {
      if (!options.bodyCommits) await client.query(begin);
      const result = await body(client);
      if (!options.bodyCommits) await client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        broken = rollbackError; // the connection is unusable: discard it rather than return it to the pool
      }
      const state = sqlState(error);
      if (state === undefined || !RETRYABLE_SQLSTATES.has(state) || attempt >= maxAttempts) throw translatePgError(error);
    } finally {
      client.release(broken instanceof Error ? broken : undefined);
    }
    await delay(Math.random() * 2 ** (attempt - 1)); // with the connection back in the pool
  }
}
