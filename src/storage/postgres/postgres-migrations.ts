import type { Pool } from 'pg';
import { inTransaction, query } from './pg-pool.js';
import { TIME_CONTROL } from './migrations/time-control.js';
import { TRIGGERS } from './migrations/triggers.js';
import { FUNCTIONS } from './migrations/functions.js';
import { TOPICS } from './migrations/topics.js';
import { SCHEDULER } from './migrations/scheduler.js';
import { QUEUES } from './migrations/queues.js';
import { PIPES } from './migrations/pipes.js';
import { BUS, BUS_DELIVERIES } from './migrations/bus.js';
import { ASYNC_INVOCATION_LEASES } from './migrations/async-invocation-leases.js';
import { TABLES } from './migrations/tables.js';
import { STREAMS } from './migrations/streams.js';
import { BACKUPS } from './migrations/backups.js';
import { CLUSTER } from './migrations/cluster.js';
import { STORED_STATE } from './migrations/stored-state.js';
import { FUNCTION_CODE } from './migrations/function-code.js';
import { SHARD_ACTIONS } from './migrations/shard-actions.js';
import { WRITE_BATCHES } from './migrations/write-batches.js';

/** One schema step. Versions are consecutive from 1; a shipped migration is never edited, only appended to. */
export interface PostgresMigration {
  readonly version: number;
  readonly description: string;
  /** One or more statements, run in the migrating transaction (PostgreSQL's DDL is transactional). */
  readonly sql: string;
}

/** Every migration in order; new ones are appended to the last file (or a new one) under migrations/. */
export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  ...TIME_CONTROL, ...TRIGGERS, ...FUNCTIONS, ...TOPICS, ...SCHEDULER, ...PIPES, ...QUEUES, ...BUS, ...BUS_DELIVERIES, ...ASYNC_INVOCATION_LEASES,
  ...TABLES, ...STREAMS, ...BACKUPS, ...CLUSTER, ...STORED_STATE, ...FUNCTION_CODE, ...SHARD_ACTIONS, ...WRITE_BATCHES,
];

/**
 * The key of the advisory lock migrations run under: any fixed 64-bit number, chosen not to look like an
 * id ('eddy' in ASCII, then 'migr'). Other applications on the same database would have to pick the same
 * one by chance to wait on it.
 */
export const MIGRATION_LOCK_KEY = 0x65646479_6d696772n;

/**
 * Brings the database up to the latest migration and answers the versions applied (none when it is
 * current). Everything happens in one transaction that first takes a transaction-level advisory lock
 * (`pg_advisory_xact_lock`, released by its COMMIT or ROLLBACK, so no failure path can leave it held):
 * several Eddy nodes starting together on one database queue on it, the first applies the migrations,
 * and the others, reading `eddy_migrations` after the first has committed (READ COMMITTED reads each
 * statement's snapshot), apply nothing. A failing migration rolls back the whole run.
 */
export async function applyPostgresMigrations(pool: Pool, migrations: readonly PostgresMigration[] = POSTGRES_MIGRATIONS): Promise<number[]> {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`PostgreSQL migration ${i} has version ${m.version}, expected ${i + 1}`);
  });
  return inTransaction(pool, async (client) => {
    await query(client, 'SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
    await query(
      client,
      `CREATE TABLE IF NOT EXISTS eddy_migrations (
        version integer PRIMARY KEY,
        description text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`,
    );
    const [row] = await query<{ version: number | null }>(client, 'SELECT max(version) AS version FROM eddy_migrations');
    const current = row?.version ?? 0;
    const latest = migrations.length;
    if (current > latest) {
      throw new Error(`The database schema is at version ${current}, newer than this version of Eddy supports (${latest}); upgrade Eddy`);
    }
    const applied: number[] = [];
    for (const migration of migrations.slice(current)) {
      await query(client, migration.sql);
      await query(client, 'INSERT INTO eddy_migrations (version, description) VALUES ($1, $2)', [migration.version, migration.description]);
      applied.push(migration.version);
    }
    return applied;
  });
}
