import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pool, PoolClient } from 'pg';
import { sharedPostgresCluster, testEngines } from '../../../test/helpers/postgres-cluster.js';
import { ServiceError } from '../../shared/service-error.js';
import { inTransaction, MAX_STATEMENT_NAMES, openPgPool, query, statementName } from './pg-pool.js';

const skip = !testEngines().includes('postgres') && 'PostgreSQL is not among EDDY_TEST_ENGINES (no initdb on the PATH)';
const cluster = sharedPostgresCluster();

/** Resolves once `parties` callers wait on it: lines two transactions up at the point where they conflict. */
function barrier(parties: number): () => Promise<void> {
  let waiting = 0;
  let release!: () => void;
  const all = new Promise<void>((resolve) => (release = resolve));
  return () => {
    if (++waiting === parties) release();
    return all;
  };
}

describe('openPgPool', () => {
  it('refuses what is not a postgres:// URL, and a pool size that is not a whole number ≥ 1', async () => {
    await assert.rejects(openPgPool({ url: 'mysql://localhost/db' }), {
      name: 'StorageError',
      message: "not a PostgreSQL URL: 'mysql://localhost/db' (expected postgres://user:password@host:port/database)",
    });
    await assert.rejects(openPgPool({ url: 'localhost:5432' }), /not a PostgreSQL URL: 'localhost:5432'/);
    await assert.rejects(openPgPool({ url: 'postgres://localhost/db', size: 0 }), { message: 'PostgreSQL pool size must be a whole number ≥ 1, got 0' });
  });
});

describe('PostgreSQL pool and transactions', { skip }, () => {
  let pool: Pool;
  before(async () => {
    pool = await openPgPool({ url: (await cluster()).url, size: 4 });
    await query(pool, 'CREATE TABLE counters (id text PRIMARY KEY, n integer NOT NULL)');
  });
  after(() => pool?.end());

  const counter = async (id: string) => (await query<{ n: number }>(pool, 'SELECT n FROM counters WHERE id = $1', [id]))[0]?.n;

  it('commits what the body wrote and answers its result; rolls it all back when the body throws, rethrowing its error', async () => {
    const answer = await inTransaction(pool, async (client) => {
      await query(client, "INSERT INTO counters VALUES ('kept', 1)");
      return 'done';
    });
    assert.equal(answer, 'done');
    assert.equal(await counter('kept'), 1);
    const refused = new Error('refused');
    await assert.rejects(
      inTransaction(pool, async (client) => {
        await query(client, "INSERT INTO counters VALUES ('dropped', 1)");
        await query(client, "UPDATE counters SET n = 2 WHERE id = 'kept'");
        throw refused;
      }),
      (error) => error === refused,
    );
    assert.equal(await counter('dropped'), undefined);
    assert.equal(await counter('kept'), 1);
  });

  it('runs the body again after a serialization failure (40001), so both conflicting transactions land', async () => {
    await query(pool, "INSERT INTO counters VALUES ('serial', 0)");
    const bothRead = barrier(2);
    let runs = 0;
    const increment = () =>
      inTransaction(
        pool,
        async (client) => {
          runs += 1;
          const [row] = await query<{ n: number }>(client, "SELECT n FROM counters WHERE id = 'serial'");
          if (runs <= 2) await bothRead(); // the first two runs both read 0 before either writes
          await query(client, "UPDATE counters SET n = $1 WHERE id = 'serial'", [row!.n + 1]);
        },
        { isolation: 'REPEATABLE READ' },
      );
    await Promise.all([increment(), increment()]);
    assert.equal(runs, 3, 'the loser of the conflict ran once more');
    assert.equal(await counter('serial'), 2);
  });

  it('runs the body again after a deadlock (40P01)', async () => {
    await query(pool, "INSERT INTO counters VALUES ('a', 0), ('b', 0)");
    const bothLocked = barrier(2);
    let runs = 0;
    const lockBoth = (first: string, second: string) =>
      inTransaction(pool, async (client: PoolClient) => {
        runs += 1;
        await query(client, "SET LOCAL deadlock_timeout = '10ms'"); // a superuser's setting: the tests' cluster
        await query(client, 'UPDATE counters SET n = n + 1 WHERE id = $1', [first]);
        if (runs <= 2) await bothLocked();
        await query(client, 'UPDATE counters SET n = n + 1 WHERE id = $1', [second]);
      });
    await Promise.all([lockBoth('a', 'b'), lockBoth('b', 'a')]);
    assert.equal(runs, 3);
    assert.deepEqual([await counter('a'), await counter('b')], [2, 2]);
  });

  it('gives up after maxAttempts: the conflict surfaces as a ThrottlingException the SDKs retry', async () => {
    await query(pool, "INSERT INTO counters VALUES ('bounded', 0)");
    const bothRead = barrier(2);
    const increment = () =>
      inTransaction(
        pool,
        async (client) => {
          const [row] = await query<{ n: number }>(client, "SELECT n FROM counters WHERE id = 'bounded'");
          await bothRead();
          await query(client, "UPDATE counters SET n = $1 WHERE id = 'bounded'", [row!.n + 1]);
        },
        { isolation: 'SERIALIZABLE', maxAttempts: 1 },
      );
    const outcomes = await Promise.allSettled([increment(), increment()]);
    const failed = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    assert.equal(failed.length, 1);
    assert.ok(failed[0]!.reason instanceof ServiceError);
    assert.equal(failed[0]!.reason.code, 'ThrottlingException');
    assert.match(failed[0]!.reason.message, /concurrent transactions on the PostgreSQL database kept conflicting/);
    assert.equal(await counter('bounded'), 1);
  });

  it('translates other driver errors without retrying them, and keeps the pool usable', async () => {
    let runs = 0;
    await assert.rejects(
      inTransaction(pool, async (client) => {
        runs += 1;
        await query(client, 'SELECT * FROM nowhere');
      }),
      { name: 'StorageError', message: 'PostgreSQL storage failure (SQLSTATE 42P01): relation "nowhere" does not exist' },
    );
    assert.equal(runs, 1);
    await assert.rejects(query(pool, "INSERT INTO counters VALUES ('kept', 5)"), /SQLSTATE 23505/);
    assert.deepEqual(await query(pool, 'SELECT 1 AS one'), [{ one: 1 }]);
  });

  it('prepares a statement with parameters once on a connection and runs it again from there, in transactions too; runs one without parameters unprepared', async () => {
    const one = await openPgPool({ url: (await cluster()).url, size: 1 });
    try {
      const read = 'SELECT n FROM counters WHERE id = $1 AND n >= $2';
      const write = 'UPDATE counters SET n = n + $2 WHERE id = $1';
      for (let i = 0; i < 3; i++) await query(one, read, ['kept', 0]);
      // A prepared statement belongs to the session: a transaction rolled back keeps it.
      await assert.rejects(
        inTransaction(one, async (client) => {
          await query(client, write, ['kept', 1]);
          throw new Error('rolled back');
        }),
        /rolled back/,
      );
      await inTransaction(one, (client) => query(client, write, ['kept', 0]));
      const prepared = await query<{ name: string; statement: string; runs: number }>(
        one,
        'SELECT name, statement, (generic_plans + custom_plans)::int AS runs FROM pg_prepared_statements ORDER BY statement',
      );
      assert.deepEqual(prepared, [
        { name: statementName(read), statement: read, runs: 3 },
        { name: statementName(write), statement: write, runs: 2 },
      ]);
    } finally {
      await one.end();
    }
  });

  it('runs every statement unnamed on a pool opened with prepared=false, in transactions too (for a pooler in transaction mode)', async () => {
    const url = new URL((await cluster()).url);
    url.searchParams.set('prepared', 'false');
    const unprepared = await openPgPool({ url: url.href, size: 1 });
    try {
      for (let i = 0; i < 2; i++) assert.deepEqual(await query(unprepared, 'SELECT $1::int + $2::int AS n', [i, 1]), [{ n: i + 1 }]);
      await inTransaction(unprepared, (client) => query(client, 'UPDATE counters SET n = n + $2 WHERE id = $1', ['kept', 0]));
      assert.deepEqual(await query(unprepared, 'SELECT name FROM pg_prepared_statements'), []);
    } finally {
      await unprepared.end();
    }
    url.searchParams.set('prepared', 'no');
    await assert.rejects(openPgPool({ url: url.href }), { name: 'StorageError', message: "the PostgreSQL URL's prepared parameter takes true or false, got 'no'" });
  });

  it('reports an unreachable server as a StorageError', async () => {
    const nowhere = await openPgPool({ url: 'postgres://postgres@127.0.0.1:1/eddy', size: 1 });
    try {
      await assert.rejects(query(nowhere, 'SELECT 1'), { name: 'StorageError', message: /^PostgreSQL unreachable \(ECONNREFUSED\)/ });
      await assert.rejects(inTransaction(nowhere, async () => {}), { name: 'StorageError', message: /^PostgreSQL unreachable \(ECONNREFUSED\)/ });
    } finally {
      await nowhere.end();
    }
  });
});

describe('statementName', () => {
  it('names one text alike every time and two texts apart, and names no more than MAX_STATEMENT_NAMES texts', () => {
    const first = statementName('SELECT $1::int AS first');
    assert.match(first!, /^eddy_[\w-]{22}$/);
    assert.equal(statementName('SELECT $1::int AS first'), first);
    assert.notEqual(statementName('SELECT $1::int AS second'), first);
    // The names are the process's: this file's earlier tests have taken a dozen or so before this loop.
    const names = new Set<string>();
    let n = 0;
    for (; n < MAX_STATEMENT_NAMES; n++) {
      const name = statementName(`SELECT $1::int AS n${n}`);
      if (name === undefined) break;
      names.add(name);
    }
    assert.ok(n > MAX_STATEMENT_NAMES - 100 && n < MAX_STATEMENT_NAMES, `named ${n} texts, then none`);
    assert.equal(names.size, n, 'each text a name of its own');
    assert.equal(statementName('SELECT $1::int AS another'), undefined, 'past the cap a text runs unnamed');
    assert.equal(statementName('SELECT $1::int AS first'), first, 'a text named before keeps its name');
  });
});
