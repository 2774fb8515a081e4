import type { PoolClient, QueryResultRow } from 'pg';
import { StorageError } from '../storage-errors.js';
import { namesStatements, simpleQuery } from './pg-pool.js';
import { sqlState } from './pg-errors.js';

/**
 * Statements sent several at a time in one simple query (an item write's two round trips,
 * postgres-item-writes.ts), prepared once per connection: the simple protocol takes no parameters, so each
 * statement's values are written in as literals (pg-literals.ts), and a statement whose text is new to the
 * server is parsed, analysed and planned on every call — for a PutItem about half of its backend's CPU
 * (docs/benchmarks.md, "PostgreSQL: write statements prepared per connection"). Instead each statement has a
 * fixed shape (a body with `$1…$n`), which the connection is told once with `PREPARE`; afterwards the text
 * carries `EXECUTE <name>(<literals>)`, still one round trip, and the server reuses the statement's parse
 * and plan.
 *
 * A prepared statement lives in its server session. Which shapes a connection holds is kept on the pg
 * client object itself (a reconnect is a new client, knowing none). An EXECUTE that finds no statement (a
 * session reset under Eddy: DISCARD, a pooler) or a PREPARE of a name the session has fails its text
 * (SQLSTATE 26000, 42P05: the write runs again) and leaves the connection unsure: its next text first asks
 * the server which statements it holds. A connection prepares at most
 * MAX_SESSION_SHAPES shapes; past that a statement runs with its values written into the body, as every
 * statement did before. A pool opened with `prepared=false` (a pooler in transaction mode) prepares none.
 */

/** A statement's fixed part: a body with `$1…$n`, their types, and the name it is prepared under. */
export interface StatementShape {
  readonly name: string;
  readonly types: readonly string[];
  readonly body: string;
}

/** A shape with its arguments, each a literal of pg-literals.ts of its parameter's type. */
export interface ShapedStatement {
  readonly shape: StatementShape;
  readonly args: readonly string[];
}

/** One statement of a simple query: fixed text (BEGIN, COMMIT) or a shape with its arguments. */
export type SessionStatement = string | ShapedStatement;

/** The SQLSTATEs of an EXECUTE of a name the session lacks, and of a PREPARE of a name it has. */
export const PREPARED_MISMATCH_SQLSTATES: ReadonlySet<string> = new Set(['26000', '42P05']);

/** Most shapes one connection prepares (the write path has 26: a bound, not a budget). */
export const MAX_SESSION_SHAPES = 32;

/** Session-level names: apart from the pool's protocol-level `eddy_<hash>` statements. */
const NAME = /^eddyw_[a-z0-9_]+$/;

export function statementShape(name: string, types: readonly string[], body: string): StatementShape {
  if (!NAME.test(name)) throw new StorageError(`not a statement shape name: ${name}`);
  return { name, types, body };
}

interface SessionState {
  readonly prepared: Set<string>;
  unsure: boolean;
}

/** On the pg client: a Symbol-keyed property, so a Proxy of the client (test fixtures) reaches the same state. */
const SESSION = Symbol('eddy session statements');

function stateOf(client: PoolClient): SessionState {
  const holder = client as unknown as { [SESSION]?: SessionState };
  return (holder[SESSION] ??= { prepared: new Set(), unsure: false });
}

/** The shapes a connection holds, as far as this process knows (for tests). */
export function preparedShapes(client: PoolClient): ReadonlySet<string> {
  return stateOf(client).prepared;
}

/** The statement with its arguments written into its body, as it runs unprepared. */
export function inlineText({ shape, args }: ShapedStatement): string {
  if (args.length !== shape.types.length) throw new StorageError(`${shape.name} takes ${shape.types.length} arguments, got ${args.length}`);
  return shape.body.replace(/\$(\d+)/g, (_, n: string) => `(${args[Number(n) - 1]})`);
}

/**
 * Runs `statements` in one simple query (pg-pool.ts' simpleQuery) on `client`, each shape prepared on the
 * connection first if it is not yet; answers each statement's rows, in the order given. `sending` is called
 * just before the text goes out (after any question to the server about what it holds).
 */
export async function runStatements(client: PoolClient, statements: readonly SessionStatement[], sending?: () => void): Promise<QueryResultRow[][]> {
  const named = namesStatements(client);
  const state = stateOf(client);
  if (named && state.unsure) await resync(client, state);
  const preparing = new Map<string, StatementShape>();
  const texts = statements.map((statement) => {
    if (typeof statement === 'string') return statement;
    const { shape } = statement;
    if (!named) return inlineText(statement);
    if (!state.prepared.has(shape.name) && !preparing.has(shape.name)) {
      if (state.prepared.size + preparing.size >= MAX_SESSION_SHAPES) return inlineText(statement);
      preparing.set(shape.name, shape);
    }
    if (statement.args.length !== shape.types.length) throw new StorageError(`${shape.name} takes ${shape.types.length} arguments, got ${statement.args.length}`);
    return `EXECUTE ${shape.name}(${statement.args.join(', ')})`;
  });
  // The PREPAREs go just before the first shaped statement (after a leading BEGIN: the text still begins
  // the transaction), and a rollback keeps them.
  const prepares = [...preparing.values()].map((shape) => `PREPARE ${shape.name}(${shape.types.join(', ')}) AS ${shape.body}`);
  const at = statements.findIndex((statement) => typeof statement !== 'string');
  const all = prepares.length === 0 ? texts : [...texts.slice(0, at), ...prepares, ...texts.slice(at)];
  sending?.();
  let answers: QueryResultRow[][];
  try {
    answers = await simpleQuery(client, all.join(';\n'));
  } catch (error) {
    // The PREPAREs ran before any statement that can fail. Should one not have taken (or the session have lost
    // one), an EXECUTE of it fails with 26000 — or a PREPARE with 42P05 — and the connection asks the server.
    const code = sqlState(error);
    if (code !== undefined && PREPARED_MISMATCH_SQLSTATES.has(code)) state.unsure = true;
    else for (const name of preparing.keys()) state.prepared.add(name);
    throw error;
  }
  for (const name of preparing.keys()) state.prepared.add(name);
  return prepares.length === 0 ? answers : [...answers.slice(0, at), ...answers.slice(at + prepares.length)];
}

/** Asks the server which shapes the connection holds (one round trip, after a failure only). */
async function resync(client: PoolClient, state: SessionState): Promise<void> {
  const [rows] = await simpleQuery(client, `SELECT name FROM pg_prepared_statements WHERE left(name, 6) = 'eddyw_'`);
  state.prepared.clear();
  for (const row of rows ?? []) state.prepared.add(String(row.name));
  state.unsure = false;
}
