import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openSqliteEngine, type SqliteEngine } from './sqlite-engine.js';
import { encodeKeyValue, partitionHash } from '../key-encoding.js';
import type { ItemKey, StoredItem } from '../engine.js';
import { tempDir } from './fixtures/temp-dir.js';

const dir = tempDir();

function keyOf(pk: string): ItemKey {
  const partition = encodeKeyValue({ S: pk });
  return { hash: partitionHash(partition), partition, sort: new Uint8Array(0) };
}

const write = (engine: SqliteEngine, tableId: number, pk: string, json: string | null) =>
  engine.writeItems({
    targets: [{ tableId, key: keyOf(pk) }],
    decide: () => ({ mutations: [{ target: 0, item: json === null ? null : { json, size: json.length } }], result: undefined }),
  });

const texts = (items: StoredItem[]) => items.map((item) => item.json).sort();

describe('SqlitePointInTime', () => {
  let engine: SqliteEngine;
  // Every read of the time moves it on by 10 ms: what one transaction stamps must still be one time.
  let time = 1_000;
  const now = () => (time += 10);
  before(() => {
    engine = openSqliteEngine({ path: join(dir, 'pitr', 'eddy.db'), now });
  });
  after(() => engine.close());

  const restore = async (source: string, name: string, at: number) => {
    const outcome = await engine.backups.restore({ name, definition: {}, source: { tableName: source, at }, indexEntries: () => undefined });
    return 'table' in outcome ? texts(await engine.scan({ tableId: outcome.table.id, limit: 100 })) : outcome;
  };

  it('stamps the writes of one group commit with one time, so a restore sees them all or none', async () => {
    const tableId = (await engine.createTable('G', {}))!.id;
    await write(engine, tableId, 'base', '{"base":1}');
    const enabled = (await engine.pointInTime.enable('G', 1_000_000, time))!;
    assert.deepEqual(enabled.recovery, { enabledAt: time, retentionMs: 1_000_000, baseAt: time });
    const start = time;
    await Promise.all([write(engine, tableId, 'a', '{"a":1}'), write(engine, tableId, 'b', '{"b":1}'), write(engine, tableId, 'base', null)]);
    const stamped = start + 10; // the first read of the time in the commit
    assert.deepEqual(await restore('G', 'G1', stamped - 1), ['{"base":1}']);
    assert.deepEqual(await restore('G', 'G2', stamped), ['{"a":1}', '{"b":1}']);
    // The restored tables are new and untouched by the source's recording.
    await write(engine, tableId, 'c', '{"c":1}');
    assert.deepEqual(await restore('G', 'G3', stamped), ['{"a":1}', '{"b":1}']);
  });

  it('answers why a restore cannot be made, writing nothing', async () => {
    await engine.createTable('Off', {});
    assert.deepEqual(await restore('Off', 'X1', time), { sourceUnavailable: true });
    assert.deepEqual(await restore('Nope', 'X2', time), { sourceMissing: true });
    await engine.pointInTime.enable('Off', 1_000, time);
    assert.deepEqual(await restore('Off', 'X3', time - 100), { sourceUnavailable: true });
    assert.equal(await engine.getTable('X1'), undefined);
    assert.equal(await engine.getTable('X3'), undefined);
  });

  it('trims by folding the changes past the retention into the base, deletions included', async () => {
    const tableId = (await engine.createTable('T', {}))!.id;
    await write(engine, tableId, 'keep', '{"keep":1}');
    await write(engine, tableId, 'gone', '{"gone":1}');
    await engine.pointInTime.enable('T', 100, time);
    await write(engine, tableId, 'gone', null);
    await write(engine, tableId, 'keep', '{"keep":2}');
    const folded = time;
    await write(engine, tableId, 'late', '{"late":1}');
    await engine.pointInTime.trim(folded + 100);
    assert.equal((await engine.pointInTime.get('T'))!.recovery!.baseAt, folded);
    assert.deepEqual(await restore('T', 'T1', folded), ['{"keep":2}']);
    assert.deepEqual(await restore('T', 'T2', time), ['{"keep":2}', '{"late":1}']);
    assert.deepEqual(await restore('T', 'T3', folded - 1), { sourceUnavailable: true });
    // Turning recovery off forgets it all; writes are no longer recorded.
    assert.ok(await engine.pointInTime.disable('T'));
    assert.deepEqual(await engine.pointInTime.get('T'), { table: { id: tableId, name: 'T', definition: {} } });
    await write(engine, tableId, 'after', '{"after":1}');
    assert.deepEqual(await restore('T', 'T4', time), { sourceUnavailable: true });
  });
});

describe('SqlitePointInTime with two engines on one database file', () => {
  // Two Eddy nodes sharing a database: recovery turned on or off by one is honoured by the other's writes.
  let a: SqliteEngine;
  let b: SqliteEngine;
  let time = 1_000;
  const now = () => (time += 10);
  before(() => {
    const path = join(dir, 'pitr-two-nodes', 'eddy.db');
    a = openSqliteEngine({ path, now });
    b = openSqliteEngine({ path, now });
  });
  after(() => {
    a.close();
    b.close();
  });

  const restore = async (engine: SqliteEngine, source: string, name: string, at: number) => {
    const outcome = await engine.backups.restore({ name, definition: {}, source: { tableName: source, at }, indexEntries: () => undefined });
    return 'table' in outcome ? texts(await engine.scan({ tableId: outcome.table.id, limit: 100 })) : outcome;
  };

  it("records one node's writes to a table whose recovery the other node turned on, and stops when it is turned off", async () => {
    const tableId = (await a.createTable('Shared', {}))!.id;
    // b opens after the table exists (its live-table set is loaded at open) but before recovery is on.
    b.close();
    b = openSqliteEngine({ path: join(dir, 'pitr-two-nodes', 'eddy.db'), now });
    await write(b, tableId, 'base', '{"base":1}');
    await a.pointInTime.enable('Shared', 1_000_000, time);
    await write(b, tableId, 'x', '{"x":1}');
    const noted = time;
    await write(b, tableId, 'base', null);
    assert.deepEqual(await restore(a, 'Shared', 'S1', noted), ['{"base":1}', '{"x":1}']);
    assert.deepEqual(await restore(b, 'Shared', 'S2', time), ['{"x":1}']);
    await b.pointInTime.disable('Shared');
    await write(a, tableId, 'y', '{"y":1}');
    assert.deepEqual(await restore(a, 'Shared', 'S3', time), { sourceUnavailable: true });
  });

  it("keeps the SYSTEM backup when one node deletes a table whose recovery the other node turned on", async () => {
    const tableId = (await a.createTable('Doomed', {}))!.id;
    b.close();
    b = openSqliteEngine({ path: join(dir, 'pitr-two-nodes', 'eddy.db'), now });
    await write(a, tableId, 'k', '{"k":1}');
    await a.pointInTime.enable('Doomed', 1_000_000, time);
    const describe = () => ({ arn: 'arn:doomed', createdAt: time, type: 'SYSTEM', details: {} });
    assert.ok(await b.deleteTable('Doomed', describe));
    const kept = await a.backups.get('arn:doomed');
    assert.equal(kept?.type, 'SYSTEM');
    assert.equal(kept?.itemCount, 1);
    const outcome = await a.backups.restore({ name: 'Back', definition: {}, source: { backupArn: 'arn:doomed' }, indexEntries: () => undefined });
    assert.ok('table' in outcome);
    assert.deepEqual(texts(await a.scan({ tableId: outcome.table.id, limit: 100 })), ['{"k":1}']);
  });
});
