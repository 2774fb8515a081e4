import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pool } from 'pg';
import { sharedPostgresCluster, testEngines } from '../../../test/helpers/postgres-cluster.js';
import { keyOf, spec, T0 } from '../../../test/helpers/stream-engines.js';
import type { ItemWriteRequest } from '../engine.js';
import { recordingPool } from './fixtures/recording-pool.js';
import { openPgPool, query } from './pg-pool.js';
import { sqlState } from './pg-errors.js';
import { MAX_SESSION_SHAPES, preparedShapes, runStatements, statementShape } from './pg-session-statements.js';
import { PostgresEngine } from './postgres-engine.js';

const skip = !testEngines().includes('postgres') && 'PostgreSQL is not among EDDY_TEST_ENGINES (no initdb on the PATH)';
const cluster = sharedPostgresCluster();
const opened: (() => Promise<void>)[] = [];
after(async () => {
  for (const close of opened.splice(0)) await close();
});

const ADD = statementShape('eddyw_test_add', ['integer', 'integer'], 'SELECT $1::integer + $2::integer AS n');

/** A pool of one connection on a new database, so that what the session holds can be asked on the pool. */
async function onePool(options: { prepared?: boolean; migrated?: boolean; closedByEngine?: boolean } = {}): Promise<Pool> {
  const url = new URL(await (await cluster()).createDatabase({ migrated: options.migrated ?? false }));
  if (options.prepared === false) url.searchParams.set('prepared', 'false');
  const pool = await openPgPool({ url: url.href, size: 1 });
  if (!options.closedByEngine) opened.push(() => pool.end());
  return pool;
}

/** The write path's statements the pool's one connection holds, by name. */
async function held(pool: Pool): Promise<string[]> {
  const rows = await query<{ name: string }>(pool, `SELECT name FROM pg_prepared_statements WHERE left(name, 6) = 'eddyw_' ORDER BY name`);
  return rows.map((row) => row.name);
}

describe('statements prepared per connection', { skip }, () => {
  it('prepares a shape once on a connection, after a leading BEGIN, and answers each statement in the order given', async () => {
    const { pool, leases } = recordingPool(await onePool());
    const client = await pool.connect();
    try {
      const run = () => runStatements(client, ['BEGIN', { shape: ADD, args: ['1', '2'] }, { shape: ADD, args: ['3', '4'] }, 'COMMIT']);
      assert.deepEqual(await run(), [[], [{ n: 3 }], [{ n: 7 }], []]);
      assert.deepEqual(await run(), [[], [{ n: 3 }], [{ n: 7 }], []]);
      const [first, second] = leases[0]!;
      assert.match(first!, /^BEGIN;\nPREPARE eddyw_test_add\(integer, integer\) AS SELECT .*;\nEXECUTE eddyw_test_add\(1, 2\);\nEXECUTE eddyw_test_add\(3, 4\);\nCOMMIT$/);
      assert.equal(second, 'BEGIN;\nEXECUTE eddyw_test_add(1, 2);\nEXECUTE eddyw_test_add(3, 4);\nCOMMIT', 'prepared once');
      assert.deepEqual([...preparedShapes(client)], ['eddyw_test_add']);
    } finally {
      client.release();
    }
    assert.deepEqual(await held(pool), ['eddyw_test_add']);
  });

  it('writes the values into the body on a pool opened with prepared=false, and prepares nothing', async () => {
    const pool = await onePool({ prepared: false });
    const client = await pool.connect();
    try {
      assert.deepEqual(await runStatements(client, [{ shape: ADD, args: ['1', '2'] }]), [[{ n: 3 }]]);
    } finally {
      client.release();
    }
    assert.deepEqual(await held(pool), []);
  });

  it('a statement the session lost fails its text once (26000), and the connection asks the server before its next one', async () => {
    const pool = await onePool();
    const client = await pool.connect();
    try {
      await runStatements(client, [{ shape: ADD, args: ['1', '2'] }]);
      await client.query('DEALLOCATE eddyw_test_add'); // as DISCARD or a pooler would, behind Eddy's back
      await assert.rejects(runStatements(client, [{ shape: ADD, args: ['1', '2'] }]), (error) => sqlState(error) === '26000');
      assert.deepEqual(await runStatements(client, [{ shape: ADD, args: ['2', '2'] }]), [[{ n: 4 }]]);
      assert.deepEqual([...preparedShapes(client)], ['eddyw_test_add'], 'prepared again once the server said it had none');
    } finally {
      client.release();
    }
  });

  it(`a connection prepares at most MAX_SESSION_SHAPES (${MAX_SESSION_SHAPES}) shapes; past that a statement runs with its values written in`, async () => {
    const { pool, leases } = recordingPool(await onePool());
    const shapes = Array.from({ length: MAX_SESSION_SHAPES + 8 }, (_, i) => statementShape(`eddyw_test_${i}`, ['integer'], `SELECT $1::integer + ${i} AS n`));
    const client = await pool.connect();
    try {
      for (let round = 0; round < 2; round++) {
        const answers = await runStatements(client, shapes.map((shape) => ({ shape, args: ['100'] })));
        assert.deepEqual(answers, shapes.map((_, i) => [{ n: 100 + i }]));
      }
      assert.equal(preparedShapes(client).size, MAX_SESSION_SHAPES);
      const last = leases[0]!.at(-1)!;
      assert.match(last, new RegExp(`^EXECUTE eddyw_test_0\\(100\\);`));
      assert.match(last, new RegExp(`;\nSELECT \\(100\\)::integer \\+ ${MAX_SESSION_SHAPES + 7} AS n$`));
    } finally {
      client.release();
    }
    assert.equal((await held(pool)).length, MAX_SESSION_SHAPES);
  });
});

/** A write of `count` new items of `tableIds` (in turn), each with a stream record and an index entry; `remove` deletes them instead. */
function write(tableIds: readonly number[], prefix: string, count: number, remove = false): ItemWriteRequest<void> {
  const targets = Array.from({ length: count }, (_, i) => ({ tableId: tableIds[i % tableIds.length]!, key: keyOf(`${prefix}-${i}`) }));
  return {
    targets,
    decide: () => ({
      mutations: targets.map((target, i) => {
        const json = JSON.stringify({ pk: `${prefix}-${i}` });
        const item = remove ? null : { json, size: json.length };
        return { target: i, item, record: { hash: target.key.hash, json }, indexEntries: remove ? [] : [{ index: 'byPk', key: target.key, size: 2, json }] };
      }),
      result: undefined,
    }),
  };
}

describe('PostgreSQL item writes on prepared statements', { skip }, () => {
  /** An engine on a pool of one connection (whose session the test can ask about), and `tables` tables streaming. */
  async function node(tables: number): Promise<{ engine: PostgresEngine; pool: Pool; tableIds: number[] }> {
    const pool = await onePool({ migrated: true, closedByEngine: true });
    const engine = new PostgresEngine(pool, () => T0);
    opened.push(() => engine.close());
    const tableIds: number[] = [];
    for (let i = 0; i < tables; i++) tableIds.push((await engine.createTable(`T${i}`, {}, spec('L', { shardCount: 1 + (i % 3) })))!.id);
    return { engine, pool, tableIds };
  }

  it('writes to many tables, of every size, puts and deletes, hold the same few statements on a connection', async () => {
    const { engine, pool, tableIds } = await node(12);
    const tablesOf = (count: number) => tableIds.slice(0, 1 + (count % tableIds.length));
    for (let count = 1; count <= 40; count++) {
      const tables = tablesOf(count);
      await engine.writeItems(write(tables, `w${count}`, count));
      if (count % 4 === 0) await engine.writeItems(write(tables, `w${count}`, count, true));
    }
    assert.deepEqual(await held(pool), [
      'eddyw_append',
      'eddyw_delete_entries_1',
      'eddyw_delete_entries_16',
      'eddyw_delete_entries_2',
      'eddyw_delete_entries_4',
      'eddyw_delete_entries_8',
      'eddyw_delete_items_16',
      'eddyw_delete_items_4',
      'eddyw_delete_items_8',
      'eddyw_insert_entries',
      'eddyw_lock',
      'eddyw_lookup_1',
      'eddyw_lookup_16',
      'eddyw_lookup_2',
      'eddyw_lookup_4',
      'eddyw_lookup_8',
      'eddyw_put_items',
      'eddyw_recovering_1',
      'eddyw_recovering_2',
      'eddyw_recovering_4',
      'eddyw_recovering_8',
    ], 'the shapes of the write path these sizes use (deletions of 4 to 40 items, 1 to 12 tables), but the versioned lock and the history (no write here names a table version, no table keeps a history)');
    // What they wrote: the 37th write (2 tables) kept its items and entries, the 40th deleted its own.
    const kept = keyOf('w37-36');
    const keptIn = tablesOf(37)[36 % 2]!;
    assert.equal((await engine.getItem(keptIn, kept))?.json, JSON.stringify({ pk: 'w37-36' }));
    const [entry] = await engine.readIndexRange({ tableId: keptIn, index: 'byPk', hash: kept.hash, partition: kept.partition, limit: 5 });
    assert.equal(entry?.json, JSON.stringify({ pk: 'w37-36' }));
    const gone = tablesOf(40)[39 % 5]!;
    assert.equal(await engine.getItem(gone, keyOf('w40-39')), undefined);
    assert.deepEqual(await engine.readIndexRange({ tableId: gone, index: 'byPk', hash: keyOf('w40-39').hash, partition: keyOf('w40-39').partition, limit: 5 }), []);
    assert.equal((await engine.getItem(tablesOf(39)[38 % 4]!, keyOf('w39-38')))?.json, JSON.stringify({ pk: 'w39-38' }), 'the 39th was not deleted');
  });

  it('every statement of a write to a table keeping a recovery history, puts and deletes, settles on its generic plan', async () => {
    const { engine, pool, tableIds } = await node(1);
    const [tableId] = tableIds as [number];
    assert.ok(await engine.pointInTime.enable('T0', 3_600_000, T0));
    for (let round = 0; round < 8; round++) {
      await engine.writeItems(write([tableId], `g${round}`, 1));
      await engine.writeItems(write([tableId], `g${round}`, 1, true));
    }
    const plans = await query<{ name: string; generic_plans: string; custom_plans: string }>(
      pool,
      `SELECT name, generic_plans, custom_plans FROM pg_prepared_statements WHERE left(name, 6) = 'eddyw_' ORDER BY name`,
    );
    assert.deepEqual(
      plans.map((p) => p.name),
      ['eddyw_append', 'eddyw_delete_entries_1', 'eddyw_delete_items_1', 'eddyw_history', 'eddyw_insert_entries', 'eddyw_lock', 'eddyw_lookup_1', 'eddyw_put_items', 'eddyw_recovering_1'],
    );
    // PostgreSQL plans a prepared statement's first five calls for their values, then keeps the generic plan
    // unless it estimates it dearer than those: 16 calls (8 of the puts' and deletes' own) leave generic ones.
    const summary = plans.map((p) => `${p.name}: ${p.custom_plans} custom, ${p.generic_plans} generic`).join('; ');
    for (const { generic_plans: generic } of plans) assert.ok(Number(generic) > 0, summary);
    // The history was written: a put and a delete of each key.
    const [{ n }] = await query<{ n: string }>(pool, `SELECT count(*) AS n FROM recovery_changes WHERE table_id = $1`, [tableId]);
    assert.equal(Number(n), 16);
    assert.equal(await engine.getItem(tableId, keyOf('g7-0')), undefined);
  });

  it('a write after its connection was lost, or after its statements were dropped behind its back, still lands', async () => {
    const { engine, pool, tableIds } = await node(1);
    const [tableId] = tableIds as [number];
    await engine.writeItems(write([tableId], 'before', 3));
    assert.ok((await held(pool)).includes('eddyw_put_items'));

    // Dropped on the session (a pooler or DISCARD would): the write fails once on 26000 and runs again.
    for (const name of await held(pool)) await pool.query(`DEALLOCATE ${name}`);
    await engine.writeItems(write([tableId], 'dropped', 3));
    assert.equal((await engine.getItem(tableId, keyOf('dropped-2')))?.json, JSON.stringify({ pk: 'dropped-2' }));

    // The connection ended by the server: the pool opens another, which prepares them anew.
    const [{ pid }] = await query<{ pid: number }>(pool, 'SELECT pg_backend_pid() AS pid');
    const admin = await onePool();
    const removed = new Promise((resolve) => pool.once('remove', resolve));
    await query(admin, 'SELECT pg_terminate_backend($1)', [pid]);
    await removed;
    await engine.writeItems(write([tableId], 'reconnected', 3));
    assert.equal((await engine.getItem(tableId, keyOf('reconnected-2')))?.json, JSON.stringify({ pk: 'reconnected-2' }));
    assert.notEqual((await query<{ pid: number }>(pool, 'SELECT pg_backend_pid() AS pid'))[0]!.pid, pid);
    assert.ok((await held(pool)).includes('eddyw_put_items'));
  });
});
