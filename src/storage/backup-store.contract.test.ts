import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeStoreContract } from '../../test/helpers/store-contract.js';
import { openSqliteEngine } from './sqlite/sqlite-engine.js';
import { openPostgresEngine } from './postgres/postgres-engine.js';
import { encodeKeyValue, partitionHash } from './key-encoding.js';
import type { ItemKey, StorageEngine, StoredItem } from './engine.js';
import type { BackupQuery } from './backup-store.js';

function keyOf(pk: string): ItemKey {
  const partition = encodeKeyValue({ S: pk });
  return { hash: partitionHash(partition), partition, sort: new Uint8Array(0) };
}

/** Puts (or, json null, deletes) the items in one transaction. */
const write = (engine: StorageEngine, tableId: number, items: Record<string, string | null>) => {
  const entries = Object.entries(items);
  return engine.writeItems({
    targets: entries.map(([pk]) => ({ tableId, key: keyOf(pk) })),
    decide: () => ({
      mutations: entries.map(([, json], target) => ({ target, item: json === null ? null : { json, size: json.length } })),
      result: undefined,
    }),
  });
};

const backupOf = (engine: StorageEngine, table: string, arn: string, createdAt = 1) =>
  engine.backups.create<{ v: number }, { of: number }>(table, (record, stats) => {
    assert.equal(record.name, table);
    assert.equal(typeof stats.itemCount, 'number');
    return { arn, createdAt, type: 'USER', details: { of: record.definition.v } };
  });

const restoreOf = (engine: StorageEngine, name: string, backupArn: string) =>
  engine.backups.restore({ name, definition: { v: 2 }, source: { backupArn }, indexEntries: () => undefined });

const texts = (items: StoredItem[]) => items.map((item) => item.json).sort();

describeStoreContract<StorageEngine>(
  'BackupStore contract',
  {
    sqlite(path) {
      const engine = openSqliteEngine({ path });
      return { store: engine, close: async () => engine.close() };
    },
    async postgres(url) {
      const engine = await openPostgresEngine({ url });
      return { store: engine, close: () => engine.close() };
    },
  },
  ({ open, database }) => {
    it('holds every write accepted before the call and none after; restores into a new table that takes writes', async () => {
      const engine = await open();
      const tableId = (await engine.createTable('T', { v: 1 }, { label: 'L1', enabled: true, meta: {} }))!.id;
      await write(engine, tableId, { a: '{"a":1}' });
      await write(engine, tableId, { b: '{"b":22}' });
      const record = (await backupOf(engine, 'T', 'arn:1'))!;
      await write(engine, tableId, { c: '{"c":333}', a: null });
      assert.deepEqual(record, { arn: 'arn:1', createdAt: 1, type: 'USER', details: { of: 1 }, tableName: 'T', itemCount: 2, sizeBytes: 15 });
      assert.deepEqual(await engine.backups.get('arn:1'), record);

      const restored = await restoreOf(engine, 'R', 'arn:1');
      assert.ok('table' in restored);
      assert.deepEqual(restored.table, { id: restored.table.id, name: 'R', definition: { v: 2 }, version: 1 });
      assert.notEqual(restored.table.id, tableId);
      assert.deepEqual(await engine.getTable('R'), restored.table);
      assert.deepEqual(texts(await engine.scan({ tableId: restored.table.id, limit: 10 })), ['{"a":1}', '{"b":22}']);
      assert.deepEqual(texts(await engine.scan({ tableId, limit: 10 })), ['{"b":22}', '{"c":333}']);
      // The restored table takes writes at once, and has no stream (the source's is not copied).
      await write(engine, restored.table.id, { z: '{"z":0}' });
      assert.equal((await engine.tableStats(restored.table.id)).itemCount, 3);
      assert.deepEqual((await engine.listStreams()).map((stream) => stream.tableName), ['T']);
    });

    it('counts and copies one state of the table while other writes go on', async () => {
      const engine = await open();
      const tableId = (await engine.createTable('Busy', { v: 1 }))!.id;
      await write(engine, tableId, { first: '{"first":1}' });
      let stop = false;
      const writer = async (n: number) => {
        for (let i = 0; !stop; i++) await write(engine, tableId, { [`w${n}-${i}`]: `{"w":${n},"i":${i}}`, [`w${n}-${i - 1}`]: null });
      };
      const writers = [0, 1, 2].map(writer);
      const backups = [];
      for (let i = 0; i < 5; i++) backups.push((await backupOf(engine, 'Busy', `arn:busy-${i}`))!);
      stop = true;
      await Promise.all(writers);
      for (const backup of backups) {
        const restored = await restoreOf(engine, `R-${backup.arn}`, backup.arn);
        assert.ok('table' in restored);
        const items = await engine.scan({ tableId: restored.table.id, limit: 1000 });
        assert.ok(texts(items).includes('{"first":1}'));
        assert.equal(backup.itemCount, items.length, backup.arn);
        assert.equal(backup.sizeBytes, items.reduce((sum, item) => sum + item.size, 0), backup.arn);
      }
    });

    it('writes the index entries the domain computes for each restored item, across pages', async () => {
      const engine = await open();
      const big = (await engine.createTable('Big', { v: 3 }))!.id;
      for (let start = 0; start < 1234; start += 25) {
        const batch: Record<string, string> = {};
        for (let i = start; i < Math.min(start + 25, 1234); i++) batch[`k${i}`] = JSON.stringify({ i });
        await write(engine, big, batch);
      }
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
      assert.deepEqual(entries[0]!.itemKey.partition, keyOf('k4').partition);
      // A table without indexes: the domain is asked once, nothing is written.
      let asked = 0;
      const plain = await engine.backups.restore({ name: 'Plain', definition: {}, source: { backupArn: 'arn:big' }, indexEntries: () => (asked++, undefined) });
      assert.ok('table' in plain);
      assert.equal(asked, 1);
      assert.equal((await engine.indexStats(plain.table.id)).size, 0);
      assert.equal((await engine.tableStats(plain.table.id)).itemCount, 1234);
    });

    it('refuses a taken name or a missing backup, writing nothing', async () => {
      const engine = await open();
      await engine.createTable('T', { v: 1 });
      await backupOf(engine, 'T', 'arn:1');
      assert.deepEqual(await restoreOf(engine, 'T', 'arn:1'), { nameTaken: true });
      assert.deepEqual(await restoreOf(engine, 'New', 'arn:none'), { sourceMissing: true });
      assert.equal(await engine.getTable('New'), undefined);
      assert.deepEqual((await engine.getTable('T'))!.definition, { v: 1 });
    });

    it('answers undefined for a missing table, and the existing backup for a taken ARN', async () => {
      const engine = await open();
      const tableId = (await engine.createTable('T', { v: 1 }))!.id;
      assert.equal(await backupOf(engine, 'Nope', 'arn:2'), undefined);
      assert.equal(await engine.backups.get('arn:2'), undefined);
      await write(engine, tableId, { a: '{"a":1}' });
      await backupOf(engine, 'T', 'arn:1');
      await write(engine, tableId, { b: '{"b":1}' });
      const again = (await backupOf(engine, 'T', 'arn:1', 99))!;
      assert.equal(again.createdAt, 1);
      assert.equal(again.itemCount, 1);
      const restored = await restoreOf(engine, 'R', 'arn:1');
      assert.ok('table' in restored);
      assert.deepEqual(texts(await engine.scan({ tableId: restored.table.id, limit: 10 })), ['{"a":1}']);
    });

    it('lists by table, time, type and cursor; deletes with the items', async () => {
      const engine = await open();
      const tableId = (await engine.createTable('T', { v: 1 }))!.id;
      await write(engine, tableId, { a: '{"a":1}', b: '{"b":1}' });
      await backupOf(engine, 'T', 'arn:1');
      await backupOf(engine, 'T', 'arn:big');
      await engine.createTable('U', { v: 4 });
      await engine.backups.create('U', () => ({ arn: 'arn:u1', createdAt: 5, type: 'USER', details: {} }));
      await engine.backups.create('U', () => ({ arn: 'arn:u0', createdAt: 5, type: 'SYSTEM', details: {} }));
      // Byte order: 'arn:Z' sorts before 'arn:a', whatever the database's locale.
      await engine.backups.create('U', () => ({ arn: 'arn:Z', createdAt: 7, type: 'USER', details: {} }));
      await engine.backups.create('U', () => ({ arn: 'arn:a', createdAt: 7, type: 'USER', details: {} }));
      const arns = async (query: BackupQuery) => (await engine.backups.list(query)).map((backup) => backup.arn);
      assert.deepEqual(await arns({ limit: 10 }), ['arn:1', 'arn:big', 'arn:u0', 'arn:u1', 'arn:Z', 'arn:a']);
      assert.deepEqual(await arns({ limit: 10, tableName: 'U', to: 7 }), ['arn:u0', 'arn:u1']);
      assert.deepEqual(await arns({ limit: 10, types: ['USER'], to: 7 }), ['arn:1', 'arn:big', 'arn:u1']);
      assert.deepEqual(await arns({ limit: 10, types: ['SYSTEM', 'AWS_BACKUP'] }), ['arn:u0']);
      assert.deepEqual(await arns({ limit: 10, from: 5, to: 7 }), ['arn:u0', 'arn:u1']);
      assert.deepEqual(await arns({ limit: 10, to: 5 }), ['arn:1', 'arn:big']);
      assert.deepEqual(await arns({ limit: 10, after: { createdAt: 5, arn: 'arn:u0' } }), ['arn:u1', 'arn:Z', 'arn:a']);
      assert.deepEqual(await arns({ limit: 10, after: { createdAt: 7, arn: 'arn:Z' } }), ['arn:a']);
      assert.deepEqual(await arns({ limit: 1, after: { createdAt: 1, arn: 'arn:1' } }), ['arn:big']);
      assert.deepEqual(await arns({ limit: 10, types: [] }), []);
      assert.deepEqual(await arns({ limit: 0 }), []);
      const listed = (await engine.backups.list({ limit: 1, tableName: 'T' }))[0];
      assert.deepEqual(listed, await engine.backups.get('arn:1'));

      assert.equal((await engine.backups.delete('arn:big'))!.itemCount, 2);
      assert.equal(await engine.backups.delete('arn:big'), undefined);
      assert.equal(await engine.backups.get('arn:big'), undefined);
      assert.deepEqual(await restoreOf(engine, 'X', 'arn:big'), { sourceMissing: true });
      // The other backup of the table keeps its items.
      const restored = await restoreOf(engine, 'Y', 'arn:1');
      assert.ok('table' in restored);
      assert.equal((await engine.tableStats(restored.table.id)).itemCount, 2);
    });

    it('takes one backup when two nodes back a table up under one ARN at once', async () => {
      const shared = await database();
      const a = await open(shared);
      const tableId = (await a.createTable('T', { v: 1 }))!.id;
      await write(a, tableId, { a: '{"a":1}' });
      const b = await open(shared);
      const [fromA, fromB] = await Promise.all([backupOf(a, 'T', 'arn:same', 1), backupOf(b, 'T', 'arn:same', 2)]);
      assert.deepEqual(fromA, fromB);
      assert.equal((await a.backups.list({ limit: 10 })).length, 1);
      const restored = await restoreOf(b, 'R', 'arn:same');
      assert.ok('table' in restored);
      assert.deepEqual(texts(await a.scan({ tableId: restored.table.id, limit: 10 })), ['{"a":1}']);
    });

    it('restores a backup being deleted by another node whole, or answers that it is gone', async () => {
      const shared = await database();
      const a = await open(shared);
      const tableId = (await a.createTable('T', { v: 1 }))!.id;
      const batch: Record<string, string> = {};
      for (let i = 0; i < 200; i++) batch[`k${i}`] = `{"i":${i}}`;
      await write(a, tableId, batch);
      const b = await open(shared);
      const arns = Array.from({ length: 10 }, (_, i) => `arn:race-${i}`);
      for (const arn of arns) await backupOf(a, 'T', arn);
      const outcomes = await Promise.all(
        arns.map(async (arn, i) => {
          const [restored] = await Promise.all([restoreOf(a, `R${i}`, arn), b.backups.delete(arn)]);
          return restored;
        }),
      );
      for (const outcome of outcomes) {
        if ('sourceMissing' in outcome) continue;
        assert.ok('table' in outcome, JSON.stringify(outcome));
        assert.equal((await a.tableStats(outcome.table.id)).itemCount, 200);
      }
      assert.deepEqual(await a.backups.list({ limit: 10 }), []);
    });
  },
);
