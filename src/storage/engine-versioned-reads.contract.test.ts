import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeStoreContract } from '../../test/helpers/store-contract.js';
import { ENGINE_OPENERS, keyOf } from '../../test/helpers/engine-openers.js';
import { encodeKeyValue } from './key-encoding.js';
import { MissingTableError, StaleTableError, type StorageEngine, type StoredItem } from './engine.js';

/** Writes item (pk, sk) with one entry in index `g` (partition 'red', sort = sk). */
async function put(engine: StorageEngine, tableId: number, pk: string, sk: string): Promise<void> {
  const json = JSON.stringify({ pk, sk });
  await engine.writeItems({
    targets: [{ tableId, key: keyOf(pk, sk) }],
    decide: () => ({
      mutations: [{ target: 0, item: { json, size: json.length }, indexEntries: [{ index: 'g', key: keyOf('red', sk), json, size: json.length }] }],
      result: undefined,
    }),
  });
}

const docs = (items: readonly (StoredItem | undefined)[]) => items.map((stored) => stored?.json);

/** Every item read of the contract that takes a `tableVersion`, for one table, each answering its items' JSON. */
function reads(engine: StorageEngine, tableId: number) {
  const p = keyOf('p');
  const red = keyOf('red');
  return {
    getItem: async (tableVersion?: number) => docs([await engine.getItem(tableId, keyOf('p', '1'), tableVersion)]),
    readRange: async (tableVersion?: number) => docs(await engine.readRange({ tableId, hash: p.hash, partition: p.partition, reverse: true, limit: 10, tableVersion })),
    scan: async (tableVersion?: number) => docs(await engine.scan({ tableId, limit: 10, tableVersion })),
    readIndexRange: async (tableVersion?: number) =>
      docs(await engine.readIndexRange({ tableId, index: 'g', hash: red.hash, partition: red.partition, limit: 10, tableVersion })),
    scanIndex: async (tableVersion?: number) => docs(await engine.scanIndex({ tableId, index: 'g', limit: 10, tableVersion })),
  };
}

const refused = (kind: typeof MissingTableError | typeof StaleTableError, tableId: number) => (error: unknown) => error instanceof kind && error.tableId === tableId;

// Item reads naming the table version a cached definition was read at (a request process's catalog, `--processes N`):
// the answer of the plain read while the table has that version, MissingTableError or StaleTableError once not.
describeStoreContract<StorageEngine>('StorageEngine item reads at a table version', ENGINE_OPENERS, ({ open, database }) => {
  it('answer what the plain read answers, in its order, while the table has the version', async () => {
    const engine = await open();
    const table = (await engine.createTable('T', {}))!;
    for (const sk of ['1', '2', '3']) await put(engine, table.id, 'p', sk);
    await put(engine, table.id, 'q', '4');
    for (const [name, read] of Object.entries(reads(engine, table.id))) {
      const plain = await read();
      assert.ok(plain.length > 0 && plain[0] !== undefined, name);
      assert.deepEqual(await read(1), plain, name);
    }
    assert.deepEqual(await reads(engine, table.id).readRange(1), ['{"pk":"p","sk":"3"}', '{"pk":"p","sk":"2"}', '{"pk":"p","sk":"1"}']);
  });

  it('answer nothing found, not a refusal, for an empty table at its version', async () => {
    const engine = await open();
    const table = (await engine.createTable('Empty', {}))!;
    const all = reads(engine, table.id);
    assert.deepEqual(await all.getItem(1), [undefined]);
    for (const read of [all.readRange, all.scan, all.readIndexRange, all.scanIndex]) assert.deepEqual(await read(1), []);
  });

  it('are refused with StaleTableError once another connection changed the definition, and MissingTableError once it deleted the table', async () => {
    const place = await database();
    const writer = await open(place);
    const reader = await open(place);
    const table = (await writer.createTable('T', { n: 0 }))!;
    await put(writer, table.id, 'p', '1');
    const all = Object.entries(reads(reader, table.id));
    await writer.updateTable('T', () => ({ definition: { n: 1 } }));
    for (const [name, read] of all) {
      await assert.rejects(read(1), refused(StaleTableError, table.id), name);
      assert.deepEqual(await read(2), await read(), name);
    }
    await writer.deleteTable('T');
    await writer.createTable('T', { n: 0 }); // the same name again: a new id, version 1
    for (const [name, read] of all) await assert.rejects(read(2), refused(MissingTableError, table.id), name);
  });

  it('are refused even when their bounds leave nothing to read', async () => {
    const engine = await open();
    const table = (await engine.createTable('T', { n: 0 }))!;
    await engine.updateTable('T', () => ({ definition: { n: 1 } }));
    const p = keyOf('p');
    const red = keyOf('red');
    // A lower bound above the upper one: no sort key is in the range.
    const empty = { lower: { value: encodeKeyValue({ S: 'b' }), inclusive: true }, upper: { value: encodeKeyValue({ S: 'a' }), inclusive: true } };
    const stale = refused(StaleTableError, table.id);
    await assert.rejects(engine.readRange({ tableId: table.id, hash: p.hash, partition: p.partition, ...empty, limit: 10, tableVersion: 1 }), stale);
    await assert.rejects(engine.readRange({ tableId: table.id, hash: p.hash, partition: p.partition, limit: 0, tableVersion: 1 }), stale);
    await assert.rejects(engine.readIndexRange({ tableId: table.id, index: 'g', hash: red.hash, partition: red.partition, ...empty, limit: 10, tableVersion: 1 }), stale);
    await assert.rejects(engine.scan({ tableId: table.id, hashFrom: 9, hashTo: 8, limit: 10, tableVersion: 1 }), stale);
    await assert.rejects(engine.scanIndex({ tableId: table.id, index: 'g', limit: 0, tableVersion: 1 }), stale);
    assert.deepEqual(await engine.readRange({ tableId: table.id, hash: p.hash, partition: p.partition, ...empty, limit: 10, tableVersion: 2 }), []);
  });
});
