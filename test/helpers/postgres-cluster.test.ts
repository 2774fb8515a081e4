import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import pg from 'pg';
import { applyPostgresMigrations } from '../../src/storage/postgres/postgres-migrations.js';
import { openPgPool } from '../../src/storage/postgres/pg-pool.js';
import { sharedPostgresCluster, startPostgresCluster, testEngines, wireTestEngine } from './postgres-cluster.js';

describe('testEngines', () => {
  it('defaults to both engines when initdb is on the PATH, SQLite alone otherwise', () => {
    assert.deepEqual(testEngines({}, () => true), ['sqlite', 'postgres']);
    assert.deepEqual(testEngines({ EDDY_TEST_ENGINES: '' }, () => false), ['sqlite']);
  });

  it('takes the engines EDDY_TEST_ENGINES names, whatever the PATH holds', () => {
    assert.deepEqual(testEngines({ EDDY_TEST_ENGINES: 'postgres' }, () => false), ['postgres']);
    assert.deepEqual(testEngines({ EDDY_TEST_ENGINES: ' sqlite , postgres,sqlite' }, () => false), ['sqlite', 'postgres']);
    assert.deepEqual(testEngines({ EDDY_TEST_ENGINES: 'sqlite' }, () => true), ['sqlite']);
  });

  it('refuses an engine it does not know', () => {
    assert.throws(() => testEngines({ EDDY_TEST_ENGINES: 'sqlite,mysql' }), {
      message: "EDDY_TEST_ENGINES names an unknown engine 'mysql'; known: sqlite, postgres",
    });
  });
});

describe('wireTestEngine', () => {
  it('is PostgreSQL under EDDY_TEST_STORAGE=postgres or when EDDY_TEST_ENGINES names PostgreSQL alone; else SQLite', () => {
    assert.equal(wireTestEngine({ EDDY_TEST_STORAGE: 'postgres' }), 'postgres');
    assert.equal(wireTestEngine({ EDDY_TEST_ENGINES: ' postgres ' }), 'postgres');
    assert.equal(wireTestEngine({ EDDY_TEST_ENGINES: 'sqlite,postgres' }), 'sqlite');
    assert.equal(wireTestEngine({ EDDY_TEST_ENGINES: 'sqlite' }), 'sqlite');
    assert.equal(wireTestEngine({}), 'sqlite', 'unset: SQLite, whatever the PATH holds');
  });
});

describe('startPostgresCluster', { skip: !testEngines().includes('postgres') && 'PostgreSQL is not among EDDY_TEST_ENGINES (no initdb on the PATH)' }, () => {
  it('starts a server that answers on its URL, makes more databases, and leaves nothing behind when stopped', async () => {
    const cluster = await startPostgresCluster();
    const url = new URL(cluster.url);
    assert.equal(url.hostname, '127.0.0.1');
    let dataDir: string;
    const client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ db: string; version: string; dir: string }>(
        "SELECT current_database() AS db, current_setting('server_version_num') AS version, current_setting('data_directory') AS dir",
      );
      assert.equal(rows[0]!.db, 'eddy');
      assert.ok(Number(rows[0]!.version) >= 130000, `server version ${rows[0]!.version}`);
      dataDir = rows[0]!.dir;
      const second = await cluster.createDatabase();
      const other = new pg.Client({ connectionString: second });
      await other.connect();
      assert.equal((await other.query<{ db: string }>('SELECT current_database() AS db')).rows[0]!.db, 'eddy_1');
      await other.end();
    } finally {
      await client.end();
    }
    assert.ok(existsSync(dataDir), 'the data directory exists while the server runs');
    await cluster.stop();
    assert.equal(existsSync(dataDir), false, 'stop() removes the directory');
    const late = new pg.Client({ connectionString: cluster.url, connectionTimeoutMillis: 2000 });
    await assert.rejects(late.connect(), /ECONNREFUSED/);
  });

  const cluster = sharedPostgresCluster();
  it('makes migrated databases, several at once, that Eddy\'s migrations find nothing left to do in; plain ones stay empty', async () => {
    const made = await Promise.all([1, 2, 3].map(() => cluster().then((c) => c.createDatabase({ migrated: true }))));
    assert.equal(new Set(made).size, 3);
    for (const url of made) {
      const pool = await openPgPool({ url, size: 1 });
      try {
        assert.deepEqual(await applyPostgresMigrations(pool), [], url);
      } finally {
        await pool.end();
      }
    }
    const empty = await (await cluster()).createDatabase();
    const pool = await openPgPool({ url: empty, size: 1 });
    try {
      assert.ok((await applyPostgresMigrations(pool)).length > 10, 'a plain database gets every migration');
    } finally {
      await pool.end();
    }
  });
});
