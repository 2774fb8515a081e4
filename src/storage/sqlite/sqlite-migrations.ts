import type { Database } from 'better-sqlite3';
import { BACKUPS } from './migrations/backups.js';
import { BUS_AND_FUNCTIONS } from './migrations/bus-and-functions.js';
import { POINT_IN_TIME_RECOVERY } from './migrations/point-in-time-recovery.js';
import { TABLES_STREAMS_QUEUES } from './migrations/tables-streams-queues.js';
import { TIME_CONTROL } from './migrations/time-control.js';
import { SCHEDULER } from './migrations/scheduler.js';
import { PIPES } from './migrations/pipes.js';
import { TOPICS } from './migrations/topics.js';
import { TOPIC_DELIVERIES } from './migrations/topic-deliveries.js';
import { ASYNC_INVOCATION_LEASES } from './migrations/async-invocation-leases.js';
import { CLUSTER } from './migrations/cluster.js';
import { TABLE_VERSIONS } from './migrations/table-versions.js';
import { STORED_STATE } from './migrations/stored-state.js';
import { FUNCTION_CODE } from './migrations/function-code.js';
import { SHARD_ACTIONS } from './migrations/shard-actions.js';

/** One schema step. Versions are consecutive from 1; a shipped migration is never edited, only appended to. */
export interface SqliteMigration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

/** Every migration in order; new ones are appended to the last file (or a new one). */
export const SQLITE_MIGRATIONS: readonly SqliteMigration[] = [...TABLES_STREAMS_QUEUES, ...BUS_AND_FUNCTIONS, ...BACKUPS, ...POINT_IN_TIME_RECOVERY, ...TIME_CONTROL, ...SCHEDULER, ...PIPES, ...TOPICS, ...TOPIC_DELIVERIES, ...ASYNC_INVOCATION_LEASES, ...CLUSTER, ...TABLE_VERSIONS, ...STORED_STATE, ...FUNCTION_CODE, ...SHARD_ACTIONS];

/**
 * Brings the database up to the latest migration in one IMMEDIATE transaction (so two processes
 * opening the same file at once cannot both migrate). Returns the versions applied; re-running is a no-op.
 */
export function applySqliteMigrations(
  db: Database,
  migrations: readonly SqliteMigration[] = SQLITE_MIGRATIONS,
  now: () => Date = () => new Date(),
): number[] {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`SQLite migration ${i} has version ${m.version}, expected ${i + 1}`);
  });
  const applied: number[] = [];
  db.exec('BEGIN IMMEDIATE');
  try {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY,
      applied_at TEXT NOT NULL
    ) STRICT`);
    const row = db.prepare('SELECT max(version) AS version FROM schema_migrations').get() as { version: number | null };
    const current = row.version ?? 0;
    const latest = migrations.length;
    if (current > latest) {
      throw new Error(
        `The database schema is at version ${current}, newer than this version of Eddy supports (${latest}); upgrade Eddy`,
      );
    }
    const record = db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)');
    for (const migration of migrations.slice(current)) {
      db.exec(migration.sql);
      record.run(migration.version, now().toISOString());
      applied.push(migration.version);
    }
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
  return applied;
}
