import type { Pool, PoolClient } from 'pg';
import type {
  ExecutionOutcome,
  ScheduleFiring,
  SchedulerDocumentKind,
  SchedulerStore,
  SchedulerWrite,
  StoredExecution,
  StoredSchedulerDocument,
} from '../scheduler-store.js';
import { inTransaction, query, type PgQueryable } from './pg-pool.js';

/** bigint columns arrive as text (pg-pool.ts) and are converted here: epoch milliseconds fit in 2^53. */
interface DocumentRow {
  kind: SchedulerDocumentKind;
  grp: string;
  name: string;
  definition: string;
  created_at: string;
  modified_at: string;
  due_at: string | null;
}

interface ExecutionRow {
  id: string;
  schedule_arn: string;
  scheduled_at: string;
  target: string;
  due_at: string;
  attempts: number;
  last_error: string | null;
}

const COLUMNS = 'kind, grp, name, definition, created_at, modified_at, due_at';
const EXECUTION_COLUMNS = 'id, schedule_arn, scheduled_at, target, due_at, attempts, last_error';

const toDocument = <D>(row: DocumentRow): StoredSchedulerDocument<D> => ({
  kind: row.kind,
  group: row.grp,
  name: row.name,
  definition: JSON.parse(row.definition) as D,
  createdAt: Number(row.created_at),
  modifiedAt: Number(row.modified_at),
  ...(row.due_at !== null && { dueAt: Number(row.due_at) }),
});

const toExecution = (row: ExecutionRow): StoredExecution => ({
  id: row.id,
  scheduleArn: row.schedule_arn,
  scheduledAt: Number(row.scheduled_at),
  target: JSON.parse(row.target) as unknown,
  dueAt: Number(row.due_at),
  attempts: row.attempts,
  ...(row.last_error !== null && { lastError: row.last_error }),
});

const dueOf = (rows: { due: string | null }[]): number | undefined => (rows[0]?.due == null ? undefined : Number(rows[0].due));

/**
 * PostgreSQL's text cannot hold U+0000 (SQLite's can): an error text from a target — the one string here
 * not checked by the API's shapes — has it replaced by U+FFFD rather than failing the settlement.
 */
const storableText = (text: string): string => text.replaceAll('\u0000', '\uFFFD');

/**
 * SchedulerStore on PostgreSQL, shared by every Eddy node on the database (the contract's reason to
 * exist, scheduler-store.ts):
 * - `write` decides inside a READ COMMITTED transaction that holds the document it writes and reads its
 *   group: a transaction-level advisory lock on the document's key first — so two nodes creating one
 *   document (every node's `default` group at start) queue instead of both deciding against nothing —
 *   then the group row FOR SHARE (a group's writes, and the deletion of its schedules, wait for the
 *   schedule writes that read it, and the other way round) and the document row FOR UPDATE. Locks are
 *   always taken group before schedule, so writes cannot deadlock each other (a deadlock with another
 *   store's advisory lock on a colliding hash would be retried by inTransaction).
 * - `fire` is a conditional UPDATE (or DELETE) on the due_at read: a second node's statement waits for
 *   the first's commit, re-reads the row, finds due_at moved and writes nothing — one firing per due time.
 * - `claimExecutions` leases with UPDATE … FROM (SELECT … FOR UPDATE SKIP LOCKED) RETURNING: rows another
 *   node is claiming are skipped, and a row it claimed just before is re-checked on its new version, so
 *   an execution is held by one owner at a time. Lease times are the caller's clock, as the contract
 *   says (not the database's): nodes must agree on the time within less than a lease.
 */
export class PostgresSchedulerStore implements SchedulerStore {
  readonly #pool: Pool;

  constructor(pool: Pool) {
    this.#pool = pool;
  }

  async getGroup<D>(name: string): Promise<StoredSchedulerDocument<D> | undefined> {
    return this.#read(this.#pool, 'group', '', name);
  }

  async listGroups<D>(): Promise<StoredSchedulerDocument<D>[]> {
    const rows = await query<DocumentRow>(this.#pool, `SELECT ${COLUMNS} FROM scheduler_documents WHERE kind = 'group' ORDER BY grp, name`);
    return rows.map((row) => toDocument<D>(row));
  }

  async getSchedule<D>(group: string, name: string): Promise<StoredSchedulerDocument<D> | undefined> {
    return this.#read(this.#pool, 'schedule', group, name);
  }

  async listSchedules<D>(group?: string): Promise<StoredSchedulerDocument<D>[]> {
    const rows =
      group === undefined
        ? await query<DocumentRow>(this.#pool, `SELECT ${COLUMNS} FROM scheduler_documents WHERE kind = 'schedule' ORDER BY grp, name`)
        : await query<DocumentRow>(this.#pool, `SELECT ${COLUMNS} FROM scheduler_documents WHERE kind = 'schedule' AND grp = $1 ORDER BY name`, [group]);
    return rows.map((row) => toDocument<D>(row));
  }

  write<D, R>(write: SchedulerWrite<D, R>): Promise<R> {
    return inTransaction(this.#pool, async (client) => {
      const { kind, group, name, now } = write;
      await query(client, 'SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [JSON.stringify(['scheduler', kind, group, name])]);
      const groupDocument = kind === 'schedule' ? await this.#read(client, 'group', '', group, 'FOR SHARE') : undefined;
      const current = await this.#read<D>(client, kind, group, name, 'FOR UPDATE');
      const decided = write.decide(current, kind === 'group' ? current : groupDocument);
      if (decided.definition === null) {
        if (current) {
          await query(client, 'DELETE FROM scheduler_documents WHERE kind = $1 AND grp = $2 AND name = $3', [kind, group, name]);
          if (kind === 'group') await query(client, "DELETE FROM scheduler_documents WHERE kind = 'schedule' AND grp = $1", [name]);
        }
        return decided.result;
      }
      const json = JSON.stringify(decided.definition);
      const dueAt = decided.dueAt === undefined ? (current?.dueAt ?? null) : decided.dueAt;
      if (current) {
        await query(client, 'UPDATE scheduler_documents SET definition = $1, modified_at = $2, due_at = $3 WHERE kind = $4 AND grp = $5 AND name = $6', [
          json,
          now,
          dueAt,
          kind,
          group,
          name,
        ]);
      } else {
        await query(client, `INSERT INTO scheduler_documents (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $5, $6)`, [kind, group, name, json, now, dueAt]);
      }
      return decided.result;
    });
  }

  async dueSchedules<D>(now: number, limit: number): Promise<StoredSchedulerDocument<D>[]> {
    const rows = await query<DocumentRow>(
      this.#pool,
      `SELECT ${COLUMNS} FROM scheduler_documents WHERE due_at <= $1 ORDER BY due_at, kind, grp, name LIMIT $2`,
      [now, limit],
    );
    return rows.map((row) => toDocument<D>(row));
  }

  async nextScheduleDue(): Promise<number | undefined> {
    return dueOf(await query<{ due: string | null }>(this.#pool, 'SELECT min(due_at) AS due FROM scheduler_documents WHERE due_at IS NOT NULL'));
  }

  fire(firing: ScheduleFiring): Promise<boolean> {
    const { group, name, expectedDueAt, executions } = firing;
    const targets = executions.map((execution) => JSON.stringify(execution.target));
    return inTransaction(this.#pool, async (client) => {
      const taken = firing.remove
        ? await query(client, "DELETE FROM scheduler_documents WHERE kind = 'schedule' AND grp = $1 AND name = $2 AND due_at = $3 RETURNING 1", [
            group,
            name,
            expectedDueAt,
          ])
        : await query(client, "UPDATE scheduler_documents SET due_at = $1 WHERE kind = 'schedule' AND grp = $2 AND name = $3 AND due_at = $4 RETURNING 1", [
            firing.nextDueAt,
            group,
            name,
            expectedDueAt,
          ]);
      if (taken.length === 0) return false;
      if (executions.length > 0) {
        await query(
          client,
          `INSERT INTO scheduler_executions (id, schedule_arn, scheduled_at, target, due_at)
           SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::bigint[])`,
          [executions.map((e) => e.id), executions.map((e) => e.scheduleArn), executions.map((e) => e.scheduledAt), targets, executions.map((e) => e.dueAt)],
        );
      }
      return true;
    });
  }

  async claimExecutions(owner: string, now: number, until: number, limit: number): Promise<StoredExecution[]> {
    const rows = await query<ExecutionRow>(
      this.#pool,
      `UPDATE scheduler_executions AS e SET owner = $1, lease_until = $2
       FROM (SELECT id FROM scheduler_executions WHERE coalesce(lease_until, due_at) <= $3
             ORDER BY coalesce(lease_until, due_at), scheduled_at, id LIMIT $4 FOR UPDATE SKIP LOCKED) AS due
       WHERE e.id = due.id
       RETURNING ${EXECUTION_COLUMNS.split(', ').map((column) => `e.${column}`).join(', ')}`,
      [owner, until, now, limit],
    );
    // The firings one jump owes share a due time: they run in the order they were scheduled for (ids are random).
    return rows.map(toExecution).sort((a, b) => a.dueAt - b.dueAt || a.scheduledAt - b.scheduledAt);
  }

  async settleExecution(owner: string, outcome: ExecutionOutcome): Promise<boolean> {
    const rows =
      outcome.kind === 'done'
        ? await query(this.#pool, 'DELETE FROM scheduler_executions WHERE id = $1 AND owner = $2 RETURNING 1', [outcome.id, owner])
        : await query(
            this.#pool,
            `UPDATE scheduler_executions SET attempts = $1, due_at = $2, last_error = $3, owner = NULL, lease_until = NULL
             WHERE id = $4 AND owner = $5 RETURNING 1`,
            [outcome.attempts, outcome.dueAt, storableText(outcome.error), outcome.id, owner],
          );
    return rows.length > 0;
  }

  async nextExecutionDue(): Promise<number | undefined> {
    return dueOf(await query<{ due: string | null }>(this.#pool, 'SELECT min(coalesce(lease_until, due_at)) AS due FROM scheduler_executions'));
  }

  async releaseExecutionLeases(): Promise<number> {
    const [row] = await query<{ released: number }>(
      this.#pool,
      'WITH released AS (UPDATE scheduler_executions SET owner = NULL, lease_until = NULL WHERE owner IS NOT NULL RETURNING 1) SELECT count(*)::integer AS released FROM released',
    );
    return row?.released ?? 0;
  }

  async #read<D>(
    db: PgQueryable | PoolClient,
    kind: SchedulerDocumentKind,
    group: string,
    name: string,
    lock: '' | 'FOR SHARE' | 'FOR UPDATE' = '',
  ): Promise<StoredSchedulerDocument<D> | undefined> {
    const [row] = await query<DocumentRow>(db, `SELECT ${COLUMNS} FROM scheduler_documents WHERE kind = $1 AND grp = $2 AND name = $3 ${lock}`, [kind, group, name]);
    return row && toDocument<D>(row);
  }
}
