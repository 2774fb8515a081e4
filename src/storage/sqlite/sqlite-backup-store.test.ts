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

const backupOf = (engine: SqliteEngine, table: string, arn: string, createdAt = 1) =>
  engine.backups.create<{ v: number }, { of: number }>(table, (record, stats) => {
    assert.equal(record.name, table);
    assert.equal(typeof stats.itemCount, 'number');
    return { arn, createdAt, type: 'USER', details: { of: record.definition.v } };
  });

const texts = (items: StoredItem[]) => items.map((item) => item.json);

describe('SqliteBackupStore', () => {
  let engine: SqliteEngine;
  let tableId: number;
  before(async () => {
    engine = openSqliteEngine({ path: join(dir, 'backups', 'eddy.db') });
    tableId = (await engine.createTable('T', { v: 1 }))!.id;
  });
  after(() => engine.close());

  it('holds every write accepted before the call and none accepted after', async () => {
    const early = [write(engine, tableId, 'a', '{"a":1}'), write(engine, tableId, 'b', '{"b":22}')];
    const backup = backupOf(engine, 'T', 'arn:1');
    const late = write(engine, tableId, 'c', '{"c":333}');
    await Promise.all([...early, late]);
    const record = (await backup)!;
    assert.deepEqual(record, { arn: 'arn:1', createdAt: 1, type: 'USER', details: { of: 1 }, tableName: 'T', itemCount: 2, sizeBytes: 15 });
    assert.deepEqual(await engine.backups.get('arn:1'), record);

    const restored = await engine.backups.restore({ name: 'R', definition: { v: 2 }, source: { backupArn: 'arn:1' }, indexEntries: () => undefined });
    assert.ok('table' in restored);
    assert.deepEqual(texts(await engine.scan({ tableId: restored.table.id, limit: 10 })).sort(), ['{"a":1}', '{"b":22}']);
    assert.equal((await engine.scan({ tableId, limit: 10 })).length, 3);
    // The restored table takes writes at once.
    await write(engine, restored.table.id, 'z', '{"z":0}');
    assert.equal((await engine.tableStats(restored.table.id)).itemCount, 3);
  });

  it('writes the index entries the domain computes for each restored item, across pages', async () => {
    const big = (await engine.createTable('Big', { v: 3 }))!.id;
    for (let i = 0; i < 1234; i++) void write(engine, big, `k${i}`, JSON.stringify({ i }));
    await backupOf(engine, 'Big', 'arn:big');
    let calls = 0;
    const outcome = await engine.backups.restore({
      name: 'BigCopy',
      definition: { v: 3 },
      source: { backupArn: 'arn:big' },
      indexEntries: (item) => {
        calls++;
        const { i } = JSON.parse(item.json) as { i: number };
        if (i % 2 === 1) return [];
        const partition = encodeKeyValue({ N: String(i % 10) });
        return [{ index: 'even', key: { hash: partitionHash(partition), partition, sort: encodeKeyValue({ N: String(i) }) }, json: item.json, size: item.size }];
      },
    });
    assert.ok('table' in outcome);
    assert.equal(calls, 1234);
    assert.deepEqual([...(await engine.indexStats(outcome.table.id))].map(([name, stats]) => [name, stats.itemCount]), [['even', 617]]);
    const partition = encodeKeyValue({ N: '4' });
    const entries = await engine.readIndexRange({ tableId: outcome.table.id, index: 'even', hash: partitionHash(partition), partition, limit: 1000 });
    assert.equal(entries.length, 123); // 4, 14, …, 1224
    assert.deepEqual(entries.slice(0, 2).map((entry) => entry.json), ['{"i":4}', '{"i":14}']);
  });

  it('refuses a taken name or a missing backup, writing nothing', async () => {
    const restore = (name: string, backupArn: string) =>
      engine.backups.restore({ name, definition: { v: 9 }, source: { backupArn }, indexEntries: () => undefined });
    assert.deepEqual(await restore('T', 'arn:1'), { nameTaken: true });
    assert.deepEqual(await restore('New', 'arn:none'), { sourceMissing: true });
    assert.equal(await engine.getTable('New'), undefined);
    assert.deepEqual((await engine.getTable('T'))!.definition, { v: 1 });
  });

  it('answers undefined for a missing table, and the existing backup for a taken ARN', async () => {
    assert.equal(await backupOf(engine, 'Nope', 'arn:2'), undefined);
    assert.equal((await backupOf(engine, 'T', 'arn:1', 99))!.createdAt, 1);
  });

  it('lists by table, time, type and cursor; deletes with the items', async () => {
    await engine.createTable('U', { v: 4 });
    await engine.backups.create('U', () => ({ arn: 'arn:u1', createdAt: 5, type: 'USER', details: {} }));
    await engine.backups.create('U', () => ({ arn: 'arn:u0', createdAt: 5, type: 'SYSTEM', details: {} }));
    const arns = async (query: Parameters<SqliteEngine['backups']['list']>[0]) => (await engine.backups.list(query)).map((backup) => backup.arn);
    assert.deepEqual(await arns({ limit: 10 }), ['arn:1', 'arn:big', 'arn:u0', 'arn:u1']);
    assert.deepEqual(await arns({ limit: 10, tableName: 'U' }), ['arn:u0', 'arn:u1']);
    assert.deepEqual(await arns({ limit: 10, types: ['USER'] }), ['arn:1', 'arn:big', 'arn:u1']);
    assert.deepEqual(await arns({ limit: 10, from: 5 }), ['arn:u0', 'arn:u1']);
    assert.deepEqual(await arns({ limit: 10, to: 5 }), ['arn:1', 'arn:big']);
    assert.deepEqual(await arns({ limit: 10, after: { createdAt: 5, arn: 'arn:u0' } }), ['arn:u1']);
    assert.deepEqual(await arns({ limit: 1, after: { createdAt: 1, arn: 'arn:1' } }), ['arn:big']);
    assert.deepEqual(await arns({ limit: 10, types: [] }), []);

    assert.equal((await engine.backups.delete('arn:big'))!.itemCount, 1234);
    assert.equal(await engine.backups.delete('arn:big'), undefined);
    assert.deepEqual(await engine.backups.restore({ name: 'X', definition: {}, source: { backupArn: 'arn:big' }, indexEntries: () => undefined }), {
      sourceMissing: true,
    });
  });
});
