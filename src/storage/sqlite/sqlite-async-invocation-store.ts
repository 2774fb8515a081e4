import type { Database } from 'better-sqlite3';
import { lazy, type LazyStatement } from './lazy-statement.js';
import type { AsyncInvocationStore, InvocationOutcome, StoredAsyncInvocation } from '../async-invocation-store.js';
import type { SqliteQueueHost } from './sqlite-queue-store.js';

interface InvocationRow {
  request_id: string;
  function_name: string;
  qualifier: string | null;
  payload: string;
  received_at: number;
  attempts: number;
  due_at: number;
  last_attempt: string | null;
  destination: string | null;
  record: string | null;
}

const COLUMNS = 'request_id, function_name, qualifier, payload, received_at, attempts, due_at, last_attempt, destination, record';
/** Claimable by ?owner at ?now: due, and unleased, expired or the owner's own. */
const CLAIMABLE = 'due_at <= @now AND (lease_owner IS NULL OR lease_until <= @now OR lease_owner = @owner)';

const toInvocation = (row: InvocationRow): StoredAsyncInvocation => ({
  requestId: row.request_id,
  functionName: row.function_name,
  ...(row.qualifier !== null && { qualifier: row.qualifier }),
  payload: row.payload,
  receivedAt: row.received_at,
  attempts: row.attempts,
  dueAt: row.due_at,
  ...(row.last_attempt !== null && { lastAttempt: row.last_attempt }),
  ...(row.destination !== null && row.record !== null && { outcome: { destination: row.destination, record: row.record } }),
});

interface Claim {
  owner: string;
  now: number;
  until: number;
}

/** AsyncInvocationStore on the SQLite engine's connection; each change joins the engine's group commit. */
export class SqliteAsyncInvocationStore implements AsyncInvocationStore {
  readonly #host: SqliteQueueHost;
  readonly #insert: LazyStatement<[string, string, string | null, string, number, number, number]>;
  readonly #claimOne: LazyStatement<[Claim & { requestId: string }], InvocationRow>;
  readonly #claimDue: LazyStatement<[Claim & { limit: number }], InvocationRow>;
  readonly #renew: LazyStatement<[number, string, string]>;
  readonly #reschedule: LazyStatement<[number, number, string | null, string, string]>;
  readonly #outcome: LazyStatement<[number, number, string, string, string, string]>;
  readonly #remove: LazyStatement<[string, string]>;
  readonly #pending: LazyStatement<[], InvocationRow>;
  readonly #release: LazyStatement<[]>;

  constructor(db: Database, host: SqliteQueueHost) {
    this.#host = host;
    this.#insert = lazy(
      db,
      'INSERT INTO async_invocations (request_id, function_name, qualifier, payload, received_at, attempts, due_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.#claimOne = lazy(
      db,
      `UPDATE async_invocations SET lease_owner = @owner, lease_until = @until WHERE request_id = @requestId AND ${CLAIMABLE} RETURNING ${COLUMNS}`,
    );
    // RETURNING's order is not the subquery's: the claimed rows are sorted again in claimInvocations.
    this.#claimDue = lazy(
      db,
      `UPDATE async_invocations SET lease_owner = @owner, lease_until = @until WHERE request_id IN
         (SELECT request_id FROM async_invocations WHERE ${CLAIMABLE} ORDER BY due_at, received_at LIMIT @limit)
       RETURNING ${COLUMNS}`,
    );
    this.#renew = lazy(db, 'UPDATE async_invocations SET lease_until = ? WHERE lease_owner = ? AND request_id IN (SELECT value FROM json_each(?))');
    this.#reschedule = lazy(
      db,
      'UPDATE async_invocations SET attempts = ?, due_at = ?, last_attempt = ?, lease_owner = NULL, lease_until = NULL WHERE request_id = ? AND lease_owner = ?',
    );
    this.#outcome = lazy(db, 'UPDATE async_invocations SET attempts = ?, due_at = ?, destination = ?, record = ? WHERE request_id = ? AND lease_owner = ?');
    this.#remove = lazy(db, 'DELETE FROM async_invocations WHERE request_id = ? AND lease_owner = ?');
    this.#pending = lazy(db, `SELECT ${COLUMNS} FROM async_invocations ORDER BY due_at, received_at`);
    this.#release = lazy(db, 'UPDATE async_invocations SET lease_owner = NULL, lease_until = NULL WHERE lease_owner IS NOT NULL');
  }

  async addInvocation(invocation: StoredAsyncInvocation): Promise<void> {
    const { requestId, functionName, qualifier, payload, receivedAt, attempts, dueAt } = invocation;
    await this.#host.enqueue(() => this.#insert.run(requestId, functionName, qualifier ?? null, payload, receivedAt, attempts, dueAt));
  }

  async claimInvocation(requestId: string, owner: string, now: number, until: number): Promise<StoredAsyncInvocation | undefined> {
    const row = await this.#host.enqueue(() => this.#claimOne.get({ requestId, owner, now, until }));
    return row && toInvocation(row);
  }

  async claimInvocations(owner: string, now: number, until: number, limit: number): Promise<StoredAsyncInvocation[]> {
    const rows = await this.#host.enqueue(() => this.#claimDue.all({ owner, now, until, limit }));
    return rows.sort((a, b) => a.due_at - b.due_at || a.received_at - b.received_at).map(toInvocation);
  }

  async renewInvocationLeases(owner: string, requestIds: readonly string[], until: number): Promise<number> {
    if (requestIds.length === 0) return 0;
    const { changes } = await this.#host.enqueue(() => this.#renew.run(until, owner, JSON.stringify(requestIds)));
    return changes;
  }

  async rescheduleInvocation(owner: string, requestId: string, attempts: number, dueAt: number, lastAttempt?: string): Promise<boolean> {
    const { changes } = await this.#host.enqueue(() => this.#reschedule.run(attempts, dueAt, lastAttempt ?? null, requestId, owner));
    return changes > 0;
  }

  async recordOutcome(owner: string, requestId: string, attempts: number, outcome: InvocationOutcome, dueAt: number): Promise<boolean> {
    const { changes } = await this.#host.enqueue(() => this.#outcome.run(attempts, dueAt, outcome.destination, outcome.record, requestId, owner));
    return changes > 0;
  }

  async removeInvocation(owner: string, requestId: string): Promise<boolean> {
    const { changes } = await this.#host.enqueue(() => this.#remove.run(requestId, owner));
    return changes > 0;
  }

  async pendingInvocations(): Promise<StoredAsyncInvocation[]> {
    return this.#host.read(() => this.#pending.all().map(toInvocation));
  }

  async releaseInvocationLeases(): Promise<number> {
    // A release lost with the power is made again by the next start: answered once committed (the start waits for no flush).
    const { changes } = await this.#host.enqueueCommitted(() => this.#release.run());
    return changes;
  }
}
