import type { PostgresMigration } from '../postgres-migrations.js';

/** Migration 5: EventBridge Scheduler, as SQLite's migration 18 (scheduler.ts there). */
export const SCHEDULER: readonly PostgresMigration[] = [
  {
    version: 5,
    description: 'scheduler: schedule groups, schedules with their next due time, and the executions firings leave',
    // As on SQLite: groups and schedules are documents (kind, group, name) whose definition the domain owns,
    // kept as the JSON text it was written as (not jsonb, which would reorder keys); a schedule's due_at is
    // its next due time, moved by the conditional UPDATE that takes a firing in the transaction that inserts
    // the firing's executions (an outbox claimed with a lease: owner, lease_until). Names are COLLATE "C" so
    // that listings and the primary key order byte-wise, whatever the database's default collation is.
    // Times are epoch milliseconds from the callers' clocks (bigint).
    sql: `
      CREATE TABLE scheduler_documents (
        kind text NOT NULL CHECK (kind IN ('group', 'schedule')),
        grp text COLLATE "C" NOT NULL,
        name text COLLATE "C" NOT NULL,
        definition text NOT NULL,
        created_at bigint NOT NULL,
        modified_at bigint NOT NULL,
        due_at bigint,
        PRIMARY KEY (kind, grp, name)
      );
      CREATE INDEX scheduler_documents_due ON scheduler_documents (due_at) WHERE due_at IS NOT NULL;
      CREATE TABLE scheduler_executions (
        id text PRIMARY KEY,
        schedule_arn text NOT NULL,
        scheduled_at bigint NOT NULL,
        target text NOT NULL,
        due_at bigint NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        owner text,
        lease_until bigint
      );
      CREATE INDEX scheduler_executions_due ON scheduler_executions ((coalesce(lease_until, due_at)));
    `,
  },
];
