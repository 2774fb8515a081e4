import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pool } from 'pg';
import { sharedPostgresCluster, testEngines } from '../../../test/helpers/postgres-cluster.js';
import { eventually } from '../../../test/helpers/eventually.js';
import { item, keyOf } from '../../../test/helpers/engine-openers.js';
import { ServiceError } from '../../shared/service-error.js';
import { MissingTableError, type StorageEngine } from '../engine.js';
import { openPgPool, query } from './pg-pool.js';
import { openPostgresEngine, type PostgresEngine } from './postgres-engine.js';
import { lockKeys } from './postgres-item-writes.js';

const skip = !testEngines().includes('postgres') && 'PostgreSQL is not among EDDY_TEST_ENGINES (no initdb on the PATH)';
const cluster = sharedPostgresCluster();

/** Two engines (two pools: two Eddy nodes) on one new database, and a plain pool to look at it; closed after the suite. */
async function twoNodes(): Promise<{ a: PostgresEngine; b: PostgresEngine; db: Pool }> {
  const url = await (await cluster()).createDatabase();
  const a = await openPostgresEngine({ url, poolSize: 4 });
  const b = await openPostgresEngine({ url, poolSize: 4 });
  const db = await openPgPool({ url, size: 2 });
  opened.push(() => a.close(), () => b.close(), () => db.end());
  return { a, b, db };
}
const opened: (() => Promise<void>)[] = [];
after(async () => {
  for (const close of opened.splice(0)) await close();
});

const conditionFailed = () => new ServiceError('x#ConditionalCheckFailedException', 'The conditional request failed');

/** Creates item `pk` if it is absent (attribute_not_exists), as `node`; rejects with a conditional check failure if not. */
const createIfAbsent = (engine: StorageEngine, tableId: number, pk: string, node: string) =>
  engine.writeItems({
    targets: [{ tableId, key: keyOf(pk) }],
    decide: ([current]) => {
      if (current) throw conditionFailed();
      return { mutations: [{ target: 0, item: item(JSON.stringify({ node })) }], result: node };
    },
  });

describe('PostgresEngine: several nodes on one database', { skip }, () => {
  it('lets exactly one of two nodes create an item that did not exist (the key is locked, not the absent row)', async () => {
    const { a, b } = await twoNodes();
    const tableId = (await a.createTable('T', {}))!.id;
    const keys = Array.from({ length: 40 }, (_, i) => `new-${i}`);
    const outcomes = await Promise.allSettled(keys.flatMap((pk) => [createIfAbsent(a, tableId, pk, 'a'), createIfAbsent(b, tableId, pk, 'b')]));
    for (let i = 0; i < keys.length; i++) {
      const [fromA, fromB] = [outcomes[2 * i]!, outcomes[2 * i + 1]!];
      const winners = [fromA, fromB].filter((o) => o.status === 'fulfilled');
      assert.equal(winners.length, 1, `${keys[i]}: ${fromA.status} / ${fromB.status}`);
      const loser = [fromA, fromB].find((o) => o.status === 'rejected') as PromiseRejectedResult;
      assert.equal((loser.reason as ServiceError).code, 'ConditionalCheckFailedException');
      const stored = await b.getItem(tableId, keyOf(keys[i]!));
      assert.equal(stored?.json, JSON.stringify({ node: (winners[0] as PromiseFulfilledResult<string>).value }));
    }
  });

  it('reads a target only once its lock is granted: a write waits for the holder, then decides against what it committed', async () => {
    const { a, db } = await twoNodes();
    const tableId = (await a.createTable('T', {}))!.id;
    const key = keyOf('held');
    const [[classId, objectId]] = lockKeys([{ tableId, key }]) as [[number, number]];
    const holder = await db.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock($1::int4, $2::int4)', [classId, objectId]);
      await holder.query('INSERT INTO items (table_id, hash, pk, sk, size, doc) VALUES ($1, $2, $3, $4, 2, $5)', [
        tableId, key.hash, Buffer.from(key.partition), Buffer.from(key.sort), '{"n":41}',
      ]);
      let seen: string | undefined = 'not called';
      const write = a.writeItems({
        targets: [{ tableId, key }],
        decide: ([current]) => {
          seen = current?.json;
          const n = current ? (JSON.parse(current.json) as { n: number }).n + 1 : 1;
          return { mutations: [{ target: 0, item: item(JSON.stringify({ n })) }], result: n };
        },
      });
      await eventually('the write waiting on the advisory lock', async () => {
        const rows = await query(db, "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND classid = $1::int4::oid", [classId >>> 0]);
        return rows.length > 0 ? true : undefined;
      });
      assert.equal(seen, 'not called');
      await holder.query('COMMIT');
      assert.equal(await write, 42);
      assert.equal(seen, '{"n":41}');
    } finally {
      holder.release();
    }
  });

  it('sums increments from both nodes, and never deadlocks on multi-item writes taken in opposite orders', async () => {
    const { a, b } = await twoNodes();
    const tableId = (await a.createTable('T', {}))!.id;
    const names = ['x', 'y', 'z'];
    /** Adds one to every named counter in one write, targets in the order given. */
    const incrementAll = (engine: StorageEngine, order: string[]) =>
      engine.writeItems({
        targets: order.map((pk) => ({ tableId, key: keyOf(pk) })),
        decide: (current) => ({
          mutations: current.map((c, target) => ({ target, item: item(JSON.stringify({ n: c ? (JSON.parse(c.json) as { n: number }).n + 1 : 1 })) })),
          result: undefined,
        }),
      });
    const writes = Array.from({ length: 30 }, (_, i) => [incrementAll(a, names), incrementAll(b, [...names].reverse()), incrementAll(i % 2 ? a : b, ['y', 'x', 'z'])]).flat();
    await Promise.all(writes);
    for (const pk of names) assert.equal((await a.getItem(tableId, keyOf(pk)))?.json, '{"n":90}');
  });

  it('leaves no item or index entry under the id of a table deleted while another node writes to it', async () => {
    const { a, b, db } = await twoNodes();
    const table = (await a.createTable('Doomed', {}))!;
    // Handled at once (a write may be refused before the test looks at it), read by allSettled below.
    const handled = <T>(promise: Promise<T>) => (promise.catch(() => undefined), promise);
    const write = (i: number) =>
      handled(b.writeItems({
        targets: [{ tableId: table.id, key: keyOf(`k${i % 7}`) }, { tableId: table.id, key: keyOf(`j${i}`) }],
        decide: () => ({
          mutations: [0, 1].map((target) => ({
            target,
            item: item(`{"i":${i}}`),
            indexEntries: [{ index: 'g', key: keyOf('g', String(i)), json: '{}', size: 2 }],
          })),
          result: i,
        }),
      }));
    const writes: Promise<number>[] = [];
    for (let i = 0; i < 20; i++) writes.push(write(i));
    await eventually('a write committed', async () => ((await b.tableStats(table.id)).itemCount > 0 ? true : undefined));
    const deleting = a.deleteTable('Doomed');
    for (let i = 20; i < 60; i++) writes.push(write(i));
    assert.deepEqual(await deleting, table);
    const outcomes = await Promise.allSettled(writes);
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') assert.ok(outcome.reason instanceof MissingTableError, String(outcome.reason));
    }
    assert.ok(outcomes.some((o) => o.status === 'fulfilled'));
    await assert.rejects(write(99), MissingTableError);
    const [left] = await query<{ items: string; entries: string }>(
      db,
      'SELECT (SELECT count(*) FROM items WHERE table_id = $1) AS items, (SELECT count(*) FROM index_entries WHERE table_id = $1) AS entries',
      [table.id],
    );
    assert.deepEqual(left, { items: '0', entries: '0' });
  });

  it('does not hold item writes back while a table definition is being updated (FOR NO KEY UPDATE)', async () => {
    const { a, db } = await twoNodes();
    const table = (await a.createTable('T', { v: 1 }))!;
    const holder = await db.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM ddb_tables WHERE id = $1 FOR NO KEY UPDATE', [table.id]); // as updateTable holds it
      await a.writeItems({ targets: [{ tableId: table.id, key: keyOf('k') }], decide: () => ({ mutations: [{ target: 0, item: item('{}') }], result: 0 }) });
      await holder.query('COMMIT');
    } finally {
      holder.release();
    }
    assert.equal((await a.getItem(table.id, keyOf('k')))?.json, '{}');
  });
});
