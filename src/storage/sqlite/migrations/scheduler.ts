import type { SqliteMigration } from '../sqlite-migrations.js';

/** Migration 18: EventBridge Scheduler. */
export const SCHEDULER: readonly SqliteMigration[] = [
  {
    version: 18,
    description: 'scheduler: schedule groups, schedules with their next due time, and the executions firings leave',
    // Groups and schedules are documents (kind, group, name) whose definition the domain owns; a schedule's
    // due_at is its next due time, moved by the conditional UPDATE that takes a firing, in the transaction
    // that inserts the firing's executions (an outbox claimed with a lease: owner, lease_until).
    sql: `
      CREATE TABLE scheduler_documents (
        kind TEXT NOT NULL,
        grp TEXT NOT NULL,
        name TEXT NOT NULL,
        definition TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        modified_at INTEGER NOT NULL,
        due_at INTEGER,
        PRIMARY KEY (kind, grp, name)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX scheduler_documents_due ON scheduler_documents (due_at) WHERE due_at IS NOT NULL;
      CREATE TABLE scheduler_executions (
        id TEXT PRIMARY KEY,
        schedule_arn TEXT NOT NULL,
        scheduled_at INTEGER NOT NULL,
        target TEXT NOT NULL,
        due_at INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        owner TEXT,
        lease_until INTEGER
      ) STRICT;
      CREATE INDEX scheduler_executions_due ON scheduler_executions (coalesce(lease_until, due_at));
    `,
  },
];
