import type { Database, Statement } from 'better-sqlite3';
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

/** AsyncInvocationStore on the SQLite engine's connection; each change joins the engine's group commit. */
export class SqliteAsyncInvocationStore implements AsyncInvocationStore {
  readonly #host: SqliteQueueHost;
  readonly #insert: Statement<[string, string, string | null, string, number, number, number]>;
  readonly #reschedule: Statement<[number, number, string | null, string]>;
  readonly #outcome: Statement<[number, number, string, string, string]>;
  readonly #remove: Statement<[string]>;
  readonly #pending: Statement<[], InvocationRow>;

  constructor(db: Database, host: SqliteQueueHost) {
    this.#host = host;
    this.#insert = db.prepare(
      'INSERT INTO async_invocations (request_id, function_name, qualifier, payload, received_at, attempts, due_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.#reschedule = db.prepare('UPDATE async_invocations SET attempts = ?, due_at = ?, last_attempt = ? WHERE request_id = ?');
    this.#outcome = db.prepare('UPDATE async_invocations SET attempts = ?, due_at = ?, destination = ?, record = ? WHERE request_id = ?');
    this.#remove = db.prepare('DELETE FROM async_invocations WHERE request_id = ?');
    this.#pending = db.prepare(
      `SELECT request_id, function_name, qualifier, payload, received_at, attempts, due_at, last_attempt, destination, record
       FROM async_invocations ORDER BY due_at, received_at`,
    );
  }

  async addInvocation(invocation: StoredAsyncInvocation): Promise<void> {
    const { requestId, functionName, qualifier, payload, receivedAt, attempts, dueAt } = invocation;
    await this.#host.enqueue(() => this.#insert.run(requestId, functionName, qualifier ?? null, payload, receivedAt, attempts, dueAt));
  }

  async rescheduleInvocation(requestId: string, attempts: number, dueAt: number, lastAttempt?: string): Promise<void> {
    await this.#host.enqueue(() => this.#reschedule.run(attempts, dueAt, lastAttempt ?? null, requestId));
  }

  async recordOutcome(requestId: string, attempts: number, outcome: InvocationOutcome, dueAt: number): Promise<void> {
    await this.#host.enqueue(() => this.#outcome.run(attempts, dueAt, outcome.destination, outcome.record, requestId));
  }

  async removeInvocation(requestId: string): Promise<void> {
    await this.#host.enqueue(() => this.#remove.run(requestId));
  }

  async pendingInvocations(): Promise<StoredAsyncInvocation[]> {
    return this.#host.read(() =>
      this.#pending.all().map((row) => ({
        requestId: row.request_id,
        functionName: row.function_name,
        ...(row.qualifier !== null && { qualifier: row.qualifier }),
        payload: row.payload,
        receivedAt: row.received_at,
        attempts: row.attempts,
        dueAt: row.due_at,
        ...(row.last_attempt !== null && { lastAttempt: row.last_attempt }),
        ...(row.destination !== null && row.record !== null && { outcome: { destination: row.destination, record: row.record } }),
      })),
    );
  }
}
