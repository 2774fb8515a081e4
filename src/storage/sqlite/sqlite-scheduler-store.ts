import type { Database } from 'better-sqlite3';
import { lazy, type LazyStatement } from './lazy-statement.js';
import type {
  ExecutionOutcome,
  NewExecution,
  ScheduleFiring,
  SchedulerDocumentKind,
  SchedulerStore,
  SchedulerWrite,
  StoredExecution,
  StoredSchedulerDocument,
} from '../scheduler-store.js';
import type { SqliteQueueHost } from './sqlite-queue-store.js';
import { LIMIT } from './sql-limit.js';

interface DocumentRow {
  kind: SchedulerDocumentKind;
  grp: string;
  name: string;
  definition: string;
  created_at: number;
  modified_at: number;
  due_at: number | null;
}

interface ExecutionRow {
  id: string;
  schedule_arn: string;
  scheduled_at: number;
  target: string;
  due_at: number;
  attempts: number;
  last_error: string | null;
}

const COLUMNS = 'kind, grp, name, definition, created_at, modified_at, due_at';

const toDocument = <D>(row: DocumentRow): StoredSchedulerDocument<D> => ({
  kind: row.kind,
  group: row.grp,
  name: row.name,
  definition: JSON.parse(row.definition) as D,
  createdAt: row.created_at,
  modifiedAt: row.modified_at,
  ...(row.due_at !== null && { dueAt: row.due_at }),
});

const toExecution = (row: ExecutionRow): StoredExecution => ({
  id: row.id,
  scheduleArn: row.schedule_arn,
  scheduledAt: row.scheduled_at,
  target: JSON.parse(row.target) as unknown,
  dueAt: row.due_at,
  attempts: row.attempts,
  ...(row.last_error !== null && { lastError: row.last_error }),
});

/**
 * SchedulerStore on the SQLite engine's connection. API writes and firings are units of the engine's
 * group commit that read and decide before their first write; the conditions (a firing's due_at, an
 * execution's lease) are evaluated by SQLite under the write lock.
 */
export class SqliteSchedulerStore implements SchedulerStore {
  readonly #host: SqliteQueueHost;
  readonly #get: LazyStatement<[string, string, string], DocumentRow>;
  readonly #list: LazyStatement<[string], DocumentRow>;
  readonly #listAll: LazyStatement<[string], DocumentRow>;
  readonly #insert: LazyStatement<[string, string, string, string, number, number, number | null]>;
  readonly #update: LazyStatement<[string, number, number | null, string, string, string]>;
  readonly #delete: LazyStatement<[string, string, string]>;
  readonly #deleteGroupSchedules: LazyStatement<[string]>;
  readonly #due: LazyStatement<[number, number], DocumentRow>;
  readonly #nextDue: LazyStatement<[], { due: number | null }>;
  readonly #take: LazyStatement<[number | null, string, string, number]>;
  readonly #takeRemoving: LazyStatement<[string, string, number]>;
  readonly #insertExecution: LazyStatement<[string, string, number, string, number]>;
  readonly #claim: LazyStatement<[string, number, number, number], ExecutionRow>;
  readonly #done: LazyStatement<[string, string]>;
  readonly #retry: LazyStatement<[number, number, string, string, string]>;
  readonly #nextExecution: LazyStatement<[], { due: number | null }>;
  readonly #release: LazyStatement<[]>;

  constructor(db: Database, host: SqliteQueueHost) {
    this.#host = host;
    this.#get = lazy(db, `SELECT ${COLUMNS} FROM scheduler_documents WHERE kind = ? AND grp = ? AND name = ?`);
    this.#list = lazy(db, `SELECT ${COLUMNS} FROM scheduler_documents WHERE kind = 'schedule' AND grp = ? ORDER BY name`);
    this.#listAll = lazy(db, `SELECT ${COLUMNS} FROM scheduler_documents WHERE kind = ? ORDER BY grp, name`);
    this.#insert = lazy(db, `INSERT INTO scheduler_documents (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`);
    this.#update = lazy(db, 'UPDATE scheduler_documents SET definition = ?, modified_at = ?, due_at = ? WHERE kind = ? AND grp = ? AND name = ?');
    this.#delete = lazy(db, 'DELETE FROM scheduler_documents WHERE kind = ? AND grp = ? AND name = ?');
    this.#deleteGroupSchedules = lazy(db, "DELETE FROM scheduler_documents WHERE kind = 'schedule' AND grp = ?");
    this.#due = lazy(db, `SELECT ${COLUMNS} FROM scheduler_documents WHERE due_at <= ? ORDER BY due_at ${LIMIT}`);
    this.#nextDue = lazy(db, 'SELECT min(due_at) AS due FROM scheduler_documents WHERE due_at IS NOT NULL');
    this.#take = lazy(db, "UPDATE scheduler_documents SET due_at = ? WHERE kind = 'schedule' AND grp = ? AND name = ? AND due_at = ?");
    this.#takeRemoving = lazy(db, "DELETE FROM scheduler_documents WHERE kind = 'schedule' AND grp = ? AND name = ? AND due_at = ?");
    this.#insertExecution = lazy(db, 'INSERT INTO scheduler_executions (id, schedule_arn, scheduled_at, target, due_at) VALUES (?, ?, ?, ?, ?)');
    this.#claim = lazy(
      db,
      `UPDATE scheduler_executions SET owner = ?, lease_until = ?
       WHERE id IN (SELECT id FROM scheduler_executions WHERE coalesce(lease_until, due_at) <= ? ORDER BY coalesce(lease_until, due_at) ${LIMIT})
       RETURNING id, schedule_arn, scheduled_at, target, due_at, attempts, last_error`,
    );
    this.#done = lazy(db, 'DELETE FROM scheduler_executions WHERE id = ? AND owner = ?');
    this.#retry = lazy(
      db,
      'UPDATE scheduler_executions SET attempts = ?, due_at = ?, last_error = ?, owner = NULL, lease_until = NULL WHERE id = ? AND owner = ?',
    );
    this.#nextExecution = lazy(db, 'SELECT min(coalesce(lease_until, due_at)) AS due FROM scheduler_executions');
    this.#release = lazy(db, 'UPDATE scheduler_executions SET owner = NULL, lease_until = NULL WHERE owner IS NOT NULL');
  }

  async getGroup<D>(name: string): Promise<StoredSchedulerDocument<D> | undefined> {
    return this.#read('group', '', name);
  }

  async listGroups<D>(): Promise<StoredSchedulerDocument<D>[]> {
    return this.#host.read(() => this.#listAll.all('group').map((row) => toDocument<D>(row)));
  }

  async getSchedule<D>(group: string, name: string): Promise<StoredSchedulerDocument<D> | undefined> {
    return this.#read('schedule', group, name);
  }

  async listSchedules<D>(group?: string): Promise<StoredSchedulerDocument<D>[]> {
    return this.#host.read(() => (group === undefined ? this.#listAll.all('schedule') : this.#list.all(group)).map((row) => toDocument<D>(row)));
  }

  write<D, R>(write: SchedulerWrite<D, R>): Promise<R> {
    return this.#host.enqueue(() => {
      const { kind, group, name, now } = write;
      const row = this.#get.get(kind, group, name);
      const current = row && toDocument<D>(row);
      const groupRow = kind === 'group' ? row : this.#get.get('group', '', group);
      const decided = write.decide(current, groupRow && toDocument<unknown>(groupRow));
      if (decided.definition === null) {
        if (current) this.#delete.run(kind, group, name);
        if (current && kind === 'group') this.#deleteGroupSchedules.run(name);
        return decided.result;
      }
      const json = JSON.stringify(decided.definition);
      const dueAt = decided.dueAt === undefined ? (current?.dueAt ?? null) : decided.dueAt;
      if (current) this.#update.run(json, now, dueAt, kind, group, name);
      else this.#insert.run(kind, group, name, json, now, now, dueAt);
      return decided.result;
    });
  }

  async dueSchedules<D>(now: number, limit: number): Promise<StoredSchedulerDocument<D>[]> {
    return this.#host.read(() => this.#due.all(now, limit).map((row) => toDocument<D>(row)));
  }

  async nextScheduleDue(): Promise<number | undefined> {
    return this.#host.read(() => this.#nextDue.get()?.due ?? undefined);
  }

  fire(firing: ScheduleFiring): Promise<boolean> {
    const executions = firing.executions.map((execution) => [execution, JSON.stringify(execution.target)] as const);
    return this.#host.enqueue(() => {
      const { group, name, expectedDueAt } = firing;
      const taken = firing.remove ? this.#takeRemoving.run(group, name, expectedDueAt) : this.#take.run(firing.nextDueAt, group, name, expectedDueAt);
      if (taken.changes === 0) return false;
      for (const [execution, target] of executions) this.#insertOne(execution, target);
      return true;
    });
  }

  /**
   * Answered once committed: a claim is a lease, lost with the power together with its owner (an execution whose
   * claim is lost is due again, and delivered again, at least once; its settlement waits for the flush).
   */
  claimExecutions(owner: string, now: number, until: number, limit: number): Promise<StoredExecution[]> {
    return this.#host.enqueueCommitted(() => this.#claim.all(owner, until, now, limit).map(toExecution).sort((a, b) => a.dueAt - b.dueAt));
  }

  settleExecution(owner: string, outcome: ExecutionOutcome): Promise<boolean> {
    return this.#host.enqueue(() => {
      const info = outcome.kind === 'done' ? this.#done.run(outcome.id, owner) : this.#retry.run(outcome.attempts, outcome.dueAt, outcome.error, outcome.id, owner);
      return info.changes > 0;
    });
  }

  async nextExecutionDue(): Promise<number | undefined> {
    return this.#host.read(() => this.#nextExecution.get()?.due ?? undefined);
  }

  releaseExecutionLeases(): Promise<number> {
    // A release lost with the power is made again by the next start: answered once committed (the start waits for no flush).
    return this.#host.enqueueCommitted(() => this.#release.run().changes);
  }

  #insertOne(execution: NewExecution, target: string): void {
    this.#insertExecution.run(execution.id, execution.scheduleArn, execution.scheduledAt, target, execution.dueAt);
  }

  async #read<D>(kind: SchedulerDocumentKind, group: string, name: string): Promise<StoredSchedulerDocument<D> | undefined> {
    return this.#host.read(() => {
      const row = this.#get.get(kind, group, name);
      return row && toDocument<D>(row);
    });
  }
}
