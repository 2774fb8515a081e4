import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pool } from 'pg';
import { sharedPostgresCluster, testEngines } from '../../../test/helpers/postgres-cluster.js';
import { openPgPool, query } from './pg-pool.js';
import { POSTGRES_MIGRATIONS, applyPostgresMigrations, type PostgresMigration } from './postgres-migrations.js';

const skip = !testEngines().includes('postgres') && 'PostgreSQL is not among EDDY_TEST_ENGINES (no initdb on the PATH)';
const cluster = sharedPostgresCluster();
const pools: Pool[] = [];

/** A pool on a new database of the file's cluster (ended after the test). */
async function freshPool(url?: string): Promise<Pool> {
  const pool = await openPgPool({ url: url ?? (await (await cluster()).createDatabase()), size: 2 });
  pools.push(pool);
  return pool;
}

const recorded = async (pool: Pool) =>
  (await query<{ version: number; description: string }>(pool, 'SELECT version, description FROM eddy_migrations ORDER BY version')).map((r) => r.version);
const tableNames = async (pool: Pool) =>
  (await query<{ name: string }>(pool, "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")).map((r) => r.name);
/** Every version from `from` to the latest, so a new migration changes no list here. */
const through = (from: number) => Array.from({ length: POSTGRES_MIGRATIONS.length - from + 1 }, (_, i) => from + i);

describe('PostgreSQL migrations', { skip }, () => {
  afterEach(async () => {
    for (const pool of pools.splice(0)) await pool.end();
  });

  it('creates the schema on an empty database and records each version once; running again applies nothing', async () => {
    const pool = await freshPool();
    assert.deepEqual(await applyPostgresMigrations(pool), through(1));
    assert.deepEqual(await recorded(pool), through(1));
    // Every store adds tables of its own: the first migration's and the bookkeeping table are the ones named here.
    const tables = await tableNames(pool);
    for (const table of ['eddy_migrations', 'time_offset']) assert.ok(tables.includes(table), `${table} in ${tables.join(', ')}`);
    assert.deepEqual(await applyPostgresMigrations(pool), []);
    assert.deepEqual(await recorded(pool), through(1));
  });

  it('applies each migration once when several nodes start together on one database', async () => {
    const url = await (await cluster()).createDatabase();
    const nodes = await Promise.all([freshPool(url), freshPool(url), freshPool(url), freshPool(url)]);
    const applied = await Promise.all(nodes.map((pool) => applyPostgresMigrations(pool)));
    assert.deepEqual(applied.flat().sort((a, b) => a - b), through(1), `applied per node: ${JSON.stringify(applied)}`);
    assert.equal(applied.filter((versions) => versions.length > 0).length, 1, 'one node applied them all');
    assert.deepEqual(await recorded(nodes[0]!), through(1));
    assert.deepEqual(await query(nodes[1]!, 'SELECT count(*)::int AS n FROM time_offset'), [{ n: 1 }]);
  });

  it('applies only the migrations not yet applied, in order', async () => {
    const pool = await freshPool();
    await applyPostgresMigrations(pool);
    const next: PostgresMigration[] = [
      ...POSTGRES_MIGRATIONS,
      { version: POSTGRES_MIGRATIONS.length + 1, description: 'a', sql: 'CREATE TABLE extra_a (x integer)' },
      { version: POSTGRES_MIGRATIONS.length + 2, description: 'b', sql: 'ALTER TABLE extra_a ADD COLUMN y text; INSERT INTO extra_a VALUES (1, $$one$$)' },
    ];
    assert.deepEqual(await applyPostgresMigrations(pool, next), [POSTGRES_MIGRATIONS.length + 1, POSTGRES_MIGRATIONS.length + 2]);
    assert.deepEqual(await query(pool, 'SELECT x, y FROM extra_a'), [{ x: 1, y: 'one' }]);
    assert.deepEqual(await applyPostgresMigrations(pool, next), []);
  });

  it('rolls back every migration of the run when one fails', async () => {
    const pool = await freshPool();
    const broken: PostgresMigration[] = [
      ...POSTGRES_MIGRATIONS,
      { version: POSTGRES_MIGRATIONS.length + 1, description: 'ok', sql: 'CREATE TABLE extra_ok (x integer)' },
      { version: POSTGRES_MIGRATIONS.length + 2, description: 'bad', sql: 'SELECT * FROM missing' },
    ];
    await assert.rejects(applyPostgresMigrations(pool, broken), {
      name: 'StorageError',
      message: 'PostgreSQL storage failure (SQLSTATE 42P01): relation "missing" does not exist',
    });
    assert.deepEqual(await tableNames(pool), []);
    assert.deepEqual(await applyPostgresMigrations(pool), through(1), 'the next start migrates from scratch');
  });

  it('refuses a database migrated by a newer Eddy', async () => {
    const pool = await freshPool();
    const latest = POSTGRES_MIGRATIONS.length;
    await applyPostgresMigrations(pool, [...POSTGRES_MIGRATIONS, { version: latest + 1, description: 'future', sql: 'SELECT 1' }]);
    await assert.rejects(applyPostgresMigrations(pool), {
      message: `The database schema is at version ${latest + 1}, newer than this version of Eddy supports (${latest}); upgrade Eddy`,
    });
  });

  it('rejects a migration list with a gap before touching the database', async () => {
    const pool = await freshPool();
    await assert.rejects(applyPostgresMigrations(pool, [{ version: 2, description: 'x', sql: 'SELECT 1' }]), {
      message: 'PostgreSQL migration 0 has version 2, expected 1',
    });
    assert.deepEqual(await tableNames(pool), []);
  });
});
