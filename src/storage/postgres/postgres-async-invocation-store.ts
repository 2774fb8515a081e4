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

/**
 * AsyncInvocationStore on PostgreSQL (async_invocations of migrations/functions.ts). Each change is one
 * statement, durable when it resolves (autocommit), as SQLite's group commit is when its promise does.
 *
 * Not claimed: the contract has no claim, so every node reading pendingInvocations() sees every event.
 * Until the contract gains a leased claim (UPDATE … RETURNING, issue 22), async invocations are only
 * safe with one node running them.
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

  async rescheduleInvocation(requestId: string, attempts: number, dueAt: number, lastAttempt?: string): Promise<void> {
    await query(this.#pool, 'UPDATE async_invocations SET attempts = $1, due_at = $2, last_attempt = $3 WHERE request_id = $4', [
      attempts,
      dueAt,
      lastAttempt ?? null,
      requestId,
    ]);
  }

  async recordOutcome(requestId: string, attempts: number, outcome: InvocationOutcome, dueAt: number): Promise<void> {
    await query(this.#pool, 'UPDATE async_invocations SET attempts = $1, due_at = $2, destination = $3, record = $4 WHERE request_id = $5', [
      attempts,
      dueAt,
      outcome.destination,
      outcome.record,
      requestId,
    ]);
  }

  async removeInvocation(requestId: string): Promise<void> {
    await query(this.#pool, 'DELETE FROM async_invocations WHERE request_id = $1', [requestId]);
  }

  async pendingInvocations(): Promise<StoredAsyncInvocation[]> {
    const rows = await query<InvocationRow>(
      this.#pool,
      `SELECT request_id, function_name, qualifier, payload, received_at, attempts, due_at, last_attempt, destination, record
       FROM async_invocations ORDER BY due_at, received_at`,
    );
    return rows.map(toInvocation);
  }
}
