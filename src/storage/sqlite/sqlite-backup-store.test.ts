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

// The contract cases (restores, index entries, refusals, listing, deletion) are in backup-store.contract.test.ts.
describe('SqliteBackupStore', () => {
  let engine: SqliteEngine;
  let tableId: number;
  before(async () => {
    engine = openSqliteEngine({ path: join(dir, 'backups', 'eddy.db') });
    tableId = (await engine.createTable('T', { v: 1 }))!.id;
  });
  after(() => engine.close());

  // Writes queued before the call go into the group commit that precedes the backup's transaction.
  it('holds every write queued before the call and none queued after', async () => {
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
});
