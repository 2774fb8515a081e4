import type { Pool } from 'pg';
import type { AsyncInvocationStore, InvocationOutcome, StoredAsyncInvocation } from '../async-invocation-store.js';
import { query } from './pg-pool.js';

interface InvocationRow {
  request_id: string;
  function_name: string;
  qualifier: string | null;
  payload: string;
  /** bigint columns arrive as text (pg-pool.ts). */
  received_at: string;
  attempts: number;
  due_at: string;
  last_attempt: string | null;
  destination: string | null;
  record: string | null;
}

const toInvocation = (row: InvocationRow): StoredAsyncInvocation => ({
  requestId: row.request_id,
  functionName: row.function_name,
  ...(row.qualifier !== null && { qualifier: row.qualifier }),
  payload: row.payload,
  receivedAt: Number(row.received_at),
  attempts: row.attempts,
  dueAt: Number(row.due_at),
  ...(row.last_attempt !== null && { lastAttempt: row.last_attempt }),
  ...(row.destination !== null && row.record !== null && { outcome: { destination: row.destination, record: row.record } }),
});

const COLUMNS = 'request_id, function_name, qualifier, payload, received_at, attempts, due_at, last_attempt, destination, record';

/**
 * AsyncInvocationStore on PostgreSQL (async_invocations of migrations/functions.ts, leases of
 * migrations/async-invocation-leases.ts). Each change is one autocommitted statement, durable when it
 * resolves, as SQLite's group commit is when its promise does. A claim is one conditional UPDATE …
 * RETURNING (the batch one over SELECT … FOR UPDATE SKIP LOCKED), so two nodes never both hold an event;
 * every later change is conditional on the lease owner. Lease times are the caller's clock's (the contract
 * passes them, as SchedulerStore's does), not the database's.
 */
export class PostgresAsyncInvocationStore implements AsyncInvocationStore {
  readonly #pool: Pool;

  constructor(pool: Pool) {
    this.#pool = pool;
  }

  async addInvocation(invocation: StoredAsyncInvocation): Promise<void> {
    const { requestId, functionName, qualifier, payload, receivedAt, attempts, dueAt } = invocation;
    await query(
      this.#pool,
      'INSERT INTO async_invocations (request_id, function_name, qualifier, payload, received_at, attempts, due_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [requestId, functionName, qualifier ?? null, payload, receivedAt, attempts, dueAt],
    );
  }

  async claimInvocation(requestId: string, owner: string, now: number, until: number): Promise<StoredAsyncInvocation | undefined> {
    const rows = await query<InvocationRow>(
      this.#pool,
      `UPDATE async_invocations SET lease_owner = $2, lease_until = $4
       WHERE request_id = $1 AND due_at <= $3 AND (lease_owner IS NULL OR lease_until <= $3 OR lease_owner = $2)
       RETURNING ${COLUMNS}`,
      [requestId, owner, now, until],
    );
    return rows[0] && toInvocation(rows[0]);
  }

  async claimInvocations(owner: string, now: number, until: number, limit: number): Promise<StoredAsyncInvocation[]> {
    const rows = await query<InvocationRow>(
      this.#pool,
      `UPDATE async_invocations a SET lease_owner = $1, lease_until = $3
       FROM (SELECT request_id FROM async_invocations
             WHERE due_at <= $2 AND (lease_owner IS NULL OR lease_until <= $2 OR lease_owner = $1)
             ORDER BY due_at, received_at LIMIT $4 FOR UPDATE SKIP LOCKED) due
       WHERE a.request_id = due.request_id
       RETURNING ${COLUMNS.split(', ').map((c) => `a.${c}`).join(', ')}`,
      [owner, now, until, limit],
    );
    return rows.map(toInvocation).sort((a, b) => a.dueAt - b.dueAt || a.receivedAt - b.receivedAt);
  }

  async renewInvocationLeases(owner: string, requestIds: readonly string[], until: number): Promise<number> {
    if (requestIds.length === 0) return 0;
    const rows = await query<{ request_id: string }>(
      this.#pool,
      'UPDATE async_invocations SET lease_until = $3 WHERE lease_owner = $1 AND request_id = ANY($2::text[]) RETURNING request_id',
      [owner, requestIds, until],
    );
    return rows.length;
  }

  async rescheduleInvocation(owner: string, requestId: string, attempts: number, dueAt: number, lastAttempt?: string): Promise<boolean> {
    const rows = await query(
      this.#pool,
      `UPDATE async_invocations SET attempts = $1, due_at = $2, last_attempt = $3, lease_owner = NULL, lease_until = NULL
       WHERE request_id = $4 AND lease_owner = $5 RETURNING request_id`,
      [attempts, dueAt, lastAttempt ?? null, requestId, owner],
    );
    return rows.length > 0;
  }

  async recordOutcome(owner: string, requestId: string, attempts: number, outcome: InvocationOutcome, dueAt: number): Promise<boolean> {
    const rows = await query(
      this.#pool,
      'UPDATE async_invocations SET attempts = $1, due_at = $2, destination = $3, record = $4 WHERE request_id = $5 AND lease_owner = $6 RETURNING request_id',
      [attempts, dueAt, outcome.destination, outcome.record, requestId, owner],
    );
    return rows.length > 0;
  }

  async removeInvocation(owner: string, requestId: string): Promise<boolean> {
    const rows = await query(this.#pool, 'DELETE FROM async_invocations WHERE request_id = $1 AND lease_owner = $2 RETURNING request_id', [requestId, owner]);
    return rows.length > 0;
  }

  async pendingInvocations(): Promise<StoredAsyncInvocation[]> {
    const rows = await query<InvocationRow>(this.#pool, `SELECT ${COLUMNS} FROM async_invocations ORDER BY due_at, received_at`);
    return rows.map(toInvocation);
  }

  async releaseInvocationLeases(): Promise<number> {
    const rows = await query(this.#pool, 'UPDATE async_invocations SET lease_owner = NULL, lease_until = NULL WHERE lease_owner IS NOT NULL RETURNING request_id');
    return rows.length;
  }
}
