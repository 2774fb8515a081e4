import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sharedPostgresCluster, testEngines } from '../../../test/helpers/postgres-cluster.js';
import { keyOf, records, spec, T0 } from '../../../test/helpers/stream-engines.js';
import type { IndexEntry, StorageEngine } from '../engine.js';
import { recordingPool, type Lease } from './fixtures/recording-pool.js';
import { openPgPool, query } from './pg-pool.js';
import { PostgresEngine } from './postgres-engine.js';
import { applyPostgresMigrations } from './postgres-migrations.js';

const skip = !testEngines().includes('postgres') && 'PostgreSQL is not among EDDY_TEST_ENGINES (no initdb on the PATH)';
const cluster = sharedPostgresCluster();
const opened: (() => Promise<void>)[] = [];
after(async () => {
  for (const close of opened.splice(0)) await close();
});

/** Two nodes on one new database: `a` on a recording pool. */
async function nodes(): Promise<{ a: PostgresEngine; b: PostgresEngine; leases: Lease[]; url: string }> {
  const url = await (await cluster()).createDatabase();
  const raw = await openPgPool({ url, size: 4 });
  await applyPostgresMigrations(raw);
  const { pool, leases } = recordingPool(raw);
  const a = new PostgresEngine(pool, () => T0);
  const b = new PostgresEngine(await openPgPool({ url, size: 4 }), () => T0);
  opened.push(() => a.close(), () => b.close());
  return { a, b, leases, url };
}

/** Puts `pk` with a stream record and, when given, one index entry; answers the round trips of each transaction it ran. */
async function putCounted(engine: StorageEngine, leases: Lease[], tableId: number, pk: string, entry?: IndexEntry): Promise<Lease[]> {
  const from = leases.length;
  const key = keyOf(pk);
  const json = JSON.stringify({ pk });
  await engine.writeItems({
    targets: [{ tableId, key }],
    decide: () => ({
      mutations: [{ target: 0, item: { json, size: json.length }, record: { hash: key.hash, json }, ...(entry && { indexEntries: [entry] }) }],
      result: undefined,
    }),
  });
  return leases.slice(from).filter((lease) => lease[0]?.startsWith('BEGIN'));
}

describe('PostgreSQL item writes: round trips', { skip }, () => {
  it('a write with a stream record and index entries is one transaction of two round trips once the node knows the shards', async () => {
    const { a, leases } = await nodes();
    const tableId = (await a.createTable('T', {}, spec('L', { shardCount: 2 })))!.id;
    const [first] = await putCounted(a, leases, tableId, 'p0');
    assert.equal(first?.length, 3, `the first write also reads the open shards: ${first?.join('\n---\n')}`);
    const entry: IndexEntry = { index: 'byV', key: keyOf('v1'), size: 4, json: '{"v":"it\'s \\\\ here"}' };
    for (const [pk, withEntry] of [['p1', false], ['p2', true], ["p'3", true]] as const) {
      const transactions = await putCounted(a, leases, tableId, pk, withEntry ? entry : undefined);
      assert.equal(transactions.length, 1, pk);
      assert.equal(transactions[0]!.length, 2, `${pk}: ${transactions[0]!.join('\n---\n')}`);
      assert.ok(transactions[0]![1]!.trimEnd().endsWith('COMMIT'), 'the appends and COMMIT travel together');
    }
    // What the two round trips wrote is all there: items, the entry (with its quote and backslash), records.
    assert.equal((await a.getItem(tableId, keyOf("p'3")))?.json, JSON.stringify({ pk: "p'3" }));
    const [stored] = await a.readIndexRange({ tableId, index: 'byV', hash: entry.key.hash, partition: entry.key.partition, limit: 10 });
    assert.equal(stored?.json, entry.json);
    assert.deepEqual((await records(a, 'T', 'L')).map((r) => JSON.parse(r.json).pk).sort(), ["p'3", 'p0', 'p1', 'p2']);
  });

  it('a write to a table keeping a recovery history takes the same two round trips, its history sent with the items', async () => {
    const { a, leases, url } = await nodes();
    const tableId = (await a.createTable('T', {}, spec('L')))!.id;
    await putCounted(a, leases, tableId, 'p0'); // the node learns the shards
    assert.ok(await a.pointInTime.enable('T', 3_600_000, T0));
    const transactions = await putCounted(a, leases, tableId, 'p1');
    assert.equal(transactions.length, 1);
    assert.equal(transactions[0]!.length, 2, transactions[0]!.join('\n---\n'));
    assert.match(transactions[0]![1]!, /eddyw_history/, 'the history goes with the items and COMMIT');
    const raw = await openPgPool({ url, size: 1 });
    opened.push(() => raw.end());
    const history = await query<{ pk: Buffer; doc: string | null }>(raw, 'SELECT pk, doc FROM recovery_changes WHERE table_id = $1 ORDER BY id', [tableId]);
    assert.deepEqual(
      history.map((h) => [Buffer.from(h.pk).equals(Buffer.from(keyOf('p1').partition)), h.doc]),
      [[true, JSON.stringify({ pk: 'p1' })]],
      'p1 recorded, p0 (before recovery) in the base',
    );
  });

  it('a write with no targets answers what decide answers, without a transaction', async () => {
    const { a, leases } = await nodes();
    const from = leases.length;
    assert.equal(await a.writeItems({ targets: [], decide: (current) => ({ mutations: [], result: current.length }) }), 0);
    assert.equal(leases.length, from);
  });

  it('a write whose known shard was closed by another node aborts, forgets the shards and lands in the open ones', async () => {
    const { a, b, leases } = await nodes();
    const tableId = (await a.createTable('T', {}, spec('L')))!.id;
    await putCounted(a, leases, tableId, 'before');
    const streamId = (await b.getStream('T', 'L'))!.stream.id;
    await b.rotateShards(streamId, T0 + 1);
    const transactions = await putCounted(a, leases, tableId, 'after');
    assert.equal(transactions.length, 2, 'the refused transaction, then the one run again');
    assert.ok(transactions[0]!.includes('ROLLBACK'), transactions[0]!.join('\n---\n'));
    const placed = await records(b, 'T', 'L');
    const shardOf = (pk: string) => placed.find((r) => JSON.parse(r.json).pk === pk)?.shardId;
    assert.equal(placed.length, 2);
    assert.notEqual(shardOf('after'), undefined);
    assert.notEqual(shardOf('after'), shardOf('before'), 'the record went to the child shard');
  });

  it('appendStreamRecords takes the same two round trips, and lands in the open shards after another node closed the one it knew', async () => {
    const { a, b, leases } = await nodes();
    const tableId = (await a.createTable('T', {}, spec('L')))!.id;
    await a.appendStreamRecords(tableId, [{ hash: 1, json: '{"pk":"first"}' }]); // the node learns the shards
    let from = leases.length;
    const [placed] = await a.appendStreamRecords(tableId, [{ hash: 1, json: '{"pk":"known"}' }]);
    const known = leases.slice(from).filter((lease) => lease[0]?.startsWith('BEGIN'));
    assert.equal(known.length, 1);
    assert.equal(known[0]!.length, 2, known[0]!.join('\n---\n'));
    assert.ok(known[0]![1]!.trimEnd().endsWith('COMMIT'), 'the append and COMMIT travel together');

    await b.rotateShards((await b.getStream('T', 'L'))!.stream.id, T0 + 1);
    from = leases.length;
    const [moved] = await a.appendStreamRecords(tableId, [{ hash: 1, json: '{"pk":"after"}' }]);
    const ran = leases.slice(from).filter((lease) => lease[0]?.startsWith('BEGIN'));
    assert.equal(ran.length, 2, 'the refused transaction, then the one run again');
    assert.ok(ran[0]!.includes('ROLLBACK'), ran[0]!.join('\n---\n'));
    assert.notEqual(moved?.shardId, placed?.shardId, 'the record went to the child shard');
    const stored = await records(b, 'T', 'L');
    assert.deepEqual(
      stored.map((r) => [r.shardId, r.sequence, JSON.parse(r.json).pk]),
      [
        [placed!.shardId, stored[0]!.sequence, 'first'],
        [placed!.shardId, placed!.sequence, 'known'],
        [moved!.shardId, moved!.sequence, 'after'],
      ],
    );
  });
});
