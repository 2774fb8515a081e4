import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sharedPostgresCluster, testEngines } from '../../../test/helpers/postgres-cluster.js';
import { keyOf, records, spec, T0 } from '../../../test/helpers/stream-engines.js';
import type { ItemWriteRequest } from '../engine.js';
import { StorageError } from '../storage-errors.js';
import { recordingPool, type Lease } from './fixtures/recording-pool.js';
import { openPgPool } from './pg-pool.js';
import { PostgresEngine } from './postgres-engine.js';
import type { WriteGroupOptions } from './postgres-write-groups.js';

const skip = !testEngines().includes('postgres') && 'PostgreSQL is not among EDDY_TEST_ENGINES (no initdb on the PATH)';
const cluster = sharedPostgresCluster();
const opened: (() => Promise<void>)[] = [];
after(async () => {
  for (const close of opened.splice(0)) await close();
});

/** An engine on a new database whose pool records each lent connection's queries, with a table T streaming to L. */
async function node(groups: WriteGroupOptions): Promise<{ engine: PostgresEngine; leases: Lease[]; tableId: number; url: string }> {
  const url = await (await cluster()).createDatabase({ migrated: true });
  const { pool, leases } = recordingPool(await openPgPool({ url, size: 4 }));
  const engine = new PostgresEngine(pool, () => T0, groups);
  opened.push(() => engine.close());
  const tableId = (await engine.createTable('T', {}, spec('L')))!.id;
  return { engine, leases, tableId, url };
}

/** Puts {pk} under `pk` with a stream record, stored with the size given (the item's size column is an int4). */
function put(tableId: number, pk: string, size?: number): ItemWriteRequest<string> {
  const key = keyOf(pk);
  const json = JSON.stringify({ pk });
  return {
    targets: [{ tableId, key }],
    decide: () => ({ mutations: [{ target: 0, item: { json, size: size ?? json.length }, record: { hash: key.hash, json } }], result: pk }),
  };
}

/** The transactions run from `from` on: leases that began one. */
const transactions = (leases: Lease[], from: number) => leases.slice(from).filter((lease) => lease[0]?.startsWith('BEGIN'));

describe('PostgreSQL item writes in groups', { skip }, () => {
  it('writes in flight together share a transaction: 20 writes, 2 commits, each its own result and record', async () => {
    const { engine, leases, tableId } = await node({ inFlight: 1 });
    await engine.writeItems(put(tableId, 'known')); // the node learns the table's shards
    const from = leases.length;
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => engine.writeItems(put(tableId, `p${i}`))));
    assert.deepEqual(results, Array.from({ length: 20 }, (_, i) => `p${i}`));
    const ran = transactions(leases, from);
    // The first went alone, at once; the 19 that arrived while it ran went together when it ended.
    assert.equal(ran.length, 2, ran.map((t) => t.join('\n---\n')).join('\n======\n'));
    for (const transaction of ran) {
      assert.equal(transaction.length, 2, 'two round trips, however many writes');
      assert.ok(transaction[1]!.trimEnd().endsWith('COMMIT'));
    }
    const stream = (await records(engine, 'T', 'L')).map((r) => (JSON.parse(r.json) as { pk: string }).pk);
    assert.deepEqual(stream, ['known', ...results], 'sequence order is the order of arrival');
  });

  it('a group the server refuses runs again one write at a time: only the writes at fault fail', async () => {
    const { engine, leases, tableId } = await node({ inFlight: 1 });
    const from = leases.length;
    // Write 4's size is out of the int4 column's range (the server refuses the group's INSERT); write 7's is
    // no whole number (refused before anything is sent).
    const sizes = new Map([
      [4, 2 ** 40],
      [7, 1.5],
    ]);
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => engine.writeItems(put(tableId, `p${i}`, sizes.get(i)))));
    outcomes.forEach((outcome, i) => {
      if (sizes.has(i)) assert.ok(outcome.status === 'rejected' && outcome.reason instanceof StorageError, `write ${i}: ${JSON.stringify(outcome)}`);
      else assert.deepEqual(outcome, { status: 'fulfilled', value: `p${i}` }, `write ${i}`);
    });
    const ran = transactions(leases, from);
    assert.equal(ran.length, 1 + 1 + 9, 'the first alone, the refused group of 9, then its 9 one by one');
    assert.ok(ran[1]!.includes('ROLLBACK'));
    const stream = (await records(engine, 'T', 'L')).map((r) => (JSON.parse(r.json) as { pk: string }).pk);
    assert.deepEqual(stream, ['p0', 'p1', 'p2', 'p3', 'p5', 'p6', 'p8', 'p9']);
    assert.equal(await engine.getItem(tableId, keyOf('p4')), undefined);
  });

  it('writes to a table whose row another transaction holds wait; writes to other tables go on meanwhile', { timeout: 30_000 }, async () => {
    const { engine, tableId, url } = await node({ inFlight: 1 });
    const other = (await engine.createTable('U', {}))!.id;
    // As a DeleteTable or an index removal would: T's row FOR UPDATE, until ROLLBACK.
    const holder = await openPgPool({ url, size: 1 });
    opened.push(() => holder.end());
    const held = await holder.connect();
    await held.query('BEGIN');
    await held.query('SELECT 1 FROM ddb_tables WHERE id = $1 FOR UPDATE', [tableId]);
    let waiting = 0;
    const blocked = Array.from({ length: 3 }, (_, i) => engine.writeItems(put(tableId, `t${i}`)).finally(() => waiting--));
    waiting = blocked.length;
    assert.deepEqual(await Promise.all([engine.writeItems(put(other, 'u0')), engine.writeItems(put(other, 'u1'))]), ['u0', 'u1']);
    assert.equal(waiting, 3, "T's writes still wait for its row");
    await held.query('ROLLBACK');
    held.release();
    assert.deepEqual(await Promise.all(blocked), ['t0', 't1', 't2']);
  });
});
