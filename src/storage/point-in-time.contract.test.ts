import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeStoreContract } from '../../test/helpers/store-contract.js';
import { openSqliteEngine } from './sqlite/sqlite-engine.js';
import { openPostgresEngine } from './postgres/postgres-engine.js';
import { encodeKeyValue, partitionHash } from './key-encoding.js';
import type { ItemKey, StorageEngine, StoredItem } from './engine.js';

// Every read of the time moves it on by 10 ms: what one transaction stamps must still be one time.
let time = 1_000;
const now = () => (time += 10);

function keyOf(pk: string): ItemKey {
  const partition = encodeKeyValue({ S: pk });
  return { hash: partitionHash(partition), partition, sort: new Uint8Array(0) };
}

const write = (engine: StorageEngine, tableId: number, pk: string, json: string | null) =>
  engine.writeItems({
    targets: [{ tableId, key: keyOf(pk) }],
    decide: () => ({ mutations: [{ target: 0, item: json === null ? null : { json, size: json.length } }], result: undefined }),
  });

const texts = (items: StoredItem[]) => items.map((item) => item.json).sort();

let restores = 0;

/** The source as at `at`, restored into a new table and scanned; or why it could not be. */
const restore = async (engine: StorageEngine, source: string, at: number) => {
  const name = `restored-${++restores}`;
  const outcome = await engine.backups.restore({ name, definition: {}, source: { tableName: source, at }, indexEntries: () => undefined });
  return 'table' in outcome ? texts(await engine.scan({ tableId: outcome.table.id, limit: 1000 })) : outcome;
};

describeStoreContract<StorageEngine>(
  'PointInTimeStore contract',
  {
    sqlite(path) {
      const engine = openSqliteEngine({ path, now });
      return { store: engine, close: async () => engine.close() };
    },
    async postgres(url) {
      const engine = await openPostgresEngine({ url, now });
      return { store: engine, close: () => engine.close() };
    },
  },
  ({ open, database }) => {
    it('stamps the writes of one transaction with one time, across tables, so a restore sees them all or none', async () => {
      const engine = await open();
      const g = (await engine.createTable('G', {}))!.id;
      const h = (await engine.createTable('H', {}))!.id;
      await write(engine, g, 'base', '{"base":1}');
      const enabled = (await engine.pointInTime.enable('G', 1_000_000, time))!;
      assert.deepEqual(enabled.recovery, { enabledAt: time, retentionMs: 1_000_000, baseAt: time });
      await engine.pointInTime.enable('H', 1_000_000, time);
      const before = time;
      const json = (pk: string) => `{"${pk}":1}`;
      await engine.writeItems({
        targets: [
          { tableId: g, key: keyOf('a') },
          { tableId: h, key: keyOf('b') },
          { tableId: g, key: keyOf('base') },
        ],
        decide: () => ({
          mutations: [
            { target: 0, item: { json: json('a'), size: 7 } },
            { target: 1, item: { json: json('b'), size: 7 } },
            { target: 2, item: null },
          ],
          result: undefined,
        }),
      });
      const after = time;
      // Every time the clock showed while the write ran: the tables restore as before it or after it, together.
      const seen = new Set<string>();
      for (let at = before; at <= after; at += 10) {
        const both = JSON.stringify([await restore(engine, 'G', at), await restore(engine, 'H', at)]);
        assert.ok(
          [JSON.stringify([['{"base":1}'], []]), JSON.stringify([['{"a":1}'], ['{"b":1}']])].includes(both),
          `at ${at}: ${both}`,
        );
        seen.add(both);
      }
      assert.equal(seen.size, 2);
      // The restored tables are new and untouched by the source's recording.
      await write(engine, g, 'c', '{"c":1}');
      assert.deepEqual(await restore(engine, 'G', after), ['{"a":1}']);
    });

    it('answers why a restore cannot be made, writing nothing', async () => {
      const engine = await open();
      await engine.createTable('Off', {});
      assert.deepEqual(await restore(engine, 'Off', time), { sourceUnavailable: true });
      assert.deepEqual(await restore(engine, 'Nope', time), { sourceMissing: true });
      await engine.pointInTime.enable('Off', 1_000, time);
      assert.deepEqual(await restore(engine, 'Off', time - 100), { sourceUnavailable: true });
      assert.deepEqual(
        (await engine.listTables()).map((table) => table.name),
        ['Off'],
      );
    });

    it('keeps the history when enabled again, changing only the retention', async () => {
      const engine = await open();
      const tableId = (await engine.createTable('Again', {}))!.id;
      const first = (await engine.pointInTime.enable('Again', 1_000, time))!.recovery;
      await write(engine, tableId, 'k', '{"k":1}');
      const again = (await engine.pointInTime.enable('Again', 5_000, time + 500))!;
      assert.deepEqual(again.recovery, { ...first, retentionMs: 5_000 });
      assert.deepEqual((await engine.pointInTime.get('Again'))!.recovery, again.recovery);
      assert.deepEqual(await restore(engine, 'Again', first.baseAt), []);
      assert.deepEqual(await restore(engine, 'Again', time), ['{"k":1}']);
      assert.equal(await engine.pointInTime.enable('Nope', 1_000, time), undefined);
      assert.equal(await engine.pointInTime.disable('Nope'), undefined);
      assert.equal(await engine.pointInTime.get('Nope'), undefined);
    });

    it('trims by folding the changes past the retention into the base, deletions included', async () => {
      const engine = await open();
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
      assert.deepEqual(await restore(engine, 'T', folded), ['{"keep":2}']);
      assert.deepEqual(await restore(engine, 'T', time), ['{"keep":2}', '{"late":1}']);
      assert.deepEqual(await restore(engine, 'T', folded - 1), { sourceUnavailable: true });
      // A trim with nothing past the retention changes nothing.
      await engine.pointInTime.trim(folded + 100);
      assert.equal((await engine.pointInTime.get('T'))!.recovery!.baseAt, folded);
      // Turning recovery off forgets it all; writes are no longer recorded.
      assert.ok(await engine.pointInTime.disable('T'));
      assert.deepEqual(await engine.pointInTime.get('T'), { table: { id: tableId, name: 'T', definition: {}, version: 1 } });
      await write(engine, tableId, 'after', '{"after":1}');
      assert.deepEqual(await restore(engine, 'T', time), { sourceUnavailable: true });
      // On again: a new base, as the table is now, and no trace of the old history.
      const since = time;
      await engine.pointInTime.enable('T', 100, since);
      assert.deepEqual(await restore(engine, 'T', since), ['{"after":1}', '{"keep":2}', '{"late":1}']);
    });

    // Two Eddy nodes sharing a database: recovery turned on or off by one is honoured by the other's writes.

    it("records one node's writes to a table whose recovery the other node turned on, and stops when it is turned off", async () => {
      const shared = await database();
      const a = await open(shared);
      const tableId = (await a.createTable('Shared', {}))!.id;
      // b opens after the table exists, before recovery is on.
      const b = await open(shared);
      await write(b, tableId, 'base', '{"base":1}');
      await a.pointInTime.enable('Shared', 1_000_000, time);
      await write(b, tableId, 'x', '{"x":1}');
      const noted = time;
      await write(b, tableId, 'base', null);
      assert.deepEqual(await restore(a, 'Shared', noted), ['{"base":1}', '{"x":1}']);
      assert.deepEqual(await restore(b, 'Shared', time), ['{"x":1}']);
      await b.pointInTime.disable('Shared');
      await write(a, tableId, 'y', '{"y":1}');
      assert.deepEqual(await restore(a, 'Shared', time), { sourceUnavailable: true });
    });

    it('keeps the SYSTEM backup when one node deletes a table whose recovery the other node turned on', async () => {
      const shared = await database();
      const a = await open(shared);
      const tableId = (await a.createTable('Doomed', {}))!.id;
      const b = await open(shared);
      await write(a, tableId, 'k', '{"k":1}');
      await a.pointInTime.enable('Doomed', 1_000_000, time);
      const describe = () => ({ arn: 'arn:doomed', createdAt: time, type: 'SYSTEM', details: {} });
      assert.ok(await b.deleteTable('Doomed', describe));
      const kept = await a.backups.get('arn:doomed');
      assert.equal(kept?.type, 'SYSTEM');
      assert.equal(kept?.itemCount, 1);
      assert.equal(await a.pointInTime.get('Doomed'), undefined);
      const outcome = await a.backups.restore({ name: 'Back', definition: {}, source: { backupArn: 'arn:doomed' }, indexEntries: () => undefined });
      assert.ok('table' in outcome);
      assert.deepEqual(texts(await a.scan({ tableId: outcome.table.id, limit: 100 })), ['{"k":1}']);
      // Without recovery on, a deletion takes no backup.
      const plain = (await a.createTable('Plain', {}))!.id;
      await write(a, plain, 'k', '{"k":1}');
      assert.ok(await b.deleteTable('Plain', () => ({ arn: 'arn:plain', createdAt: time, type: 'SYSTEM', details: {} })));
      assert.equal(await a.backups.get('arn:plain'), undefined);
    });

    it("loses none of one node's writes while the other node turns recovery on: each is in the base or the history", async () => {
      const shared = await database();
      const a = await open(shared);
      const names = ['Busy0', 'Busy1', 'Busy2', 'Busy3'];
      const ids: number[] = [];
      for (const name of names) ids.push((await a.createTable(name, {}))!.id);
      const b = await open(shared);
      let written = 0;
      let started!: () => void;
      const going = new Promise<void>((resolve) => (started = resolve));
      // Two writers per table on a: each puts its keys one after another and deletes every third one it put.
      const writer = async (tableId: number, n: number) => {
        for (let i = 0; i < 40; i++) {
          await write(a, tableId, `w${n}-${i}`, `{"w":${n},"i":${i}}`);
          if (i % 3 === 2) await write(a, tableId, `w${n}-${i - 1}`, null);
          if (++written === 40) started();
        }
      };
      const writers = ids.flatMap((tableId) => [writer(tableId, 0), writer(tableId, 1)]);
      await going;
      // b turns recovery on for one table after another while the writes go on.
      for (const name of names) await b.pointInTime.enable(name, 1_000_000, time);
      await Promise.all(writers);
      for (const [i, name] of names.entries()) {
        const table = texts(await a.scan({ tableId: ids[i]!, limit: 1000 }));
        assert.equal(table.length, 2 * (40 - 13));
        assert.deepEqual(await restore(b, name, time), table, name);
      }
    });

    it('folds each change once while writes go on and both nodes trim at once', async () => {
      const shared = await database();
      const a = await open(shared);
      const tableId = (await a.createTable('Folding', {}))!.id;
      const b = await open(shared);
      await a.pointInTime.enable('Folding', 0, time);
      let done = false;
      const writer = async (n: number) => {
        for (let i = 0; i < 40; i++) {
          await write(a, tableId, `w${n}-${i % 7}`, `{"w":${n},"i":${i}}`);
          if (i % 5 === 4) await write(a, tableId, `w${n}-${(i + 3) % 7}`, null);
        }
      };
      const writers = Promise.all([0, 1, 2].map(writer)).finally(() => (done = true));
      let trims = 0;
      while (!done) {
        await Promise.all([a.pointInTime.trim(time), b.pointInTime.trim(time)]);
        trims++;
        // SQLite's trims answer without a turn of the event loop, and a write's answer waits for its WAL
        // flush (durability 'power'), which only a turn delivers: without one this loop would starve the writers.
        await new Promise((resolve) => setImmediate(resolve));
      }
      await writers;
      assert.ok(trims > 1);
      const table = texts(await a.scan({ tableId, limit: 1000 }));
      assert.deepEqual(await restore(b, 'Folding', time), table);
      await b.pointInTime.trim(time);
      assert.deepEqual(await restore(a, 'Folding', time), table);
    });
  },
);
