import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeStoreContract } from '../../test/helpers/store-contract.js';
import { ENGINE_OPENERS, keyOf as key } from '../../test/helpers/engine-openers.js';
import { encodeKeyValue } from './key-encoding.js';
import type { IndexEntry, StorageEngine, StoredIndexEntry } from './engine.js';

const entry = (index: string, partition: string, sort: string, doc: string): IndexEntry => ({
  index,
  key: key(partition, sort),
  json: doc,
  size: doc.length,
});
/** "doc" of each entry read. */
const docs = (entries: StoredIndexEntry[]) => entries.map((e) => e.json);

/** Writes item `id` (table key) with the given entries (none given: leaves them), or deletes it when entries is null. */
async function write(engine: StorageEngine, tableId: number, id: string, entries: IndexEntry[] | null | undefined): Promise<void> {
  await engine.writeItems({
    targets: [{ tableId, key: key(id) }],
    decide: () => ({
      mutations: [entries === null ? { target: 0, item: null } : { target: 0, item: { json: '{}', size: 2 }, ...(entries && { indexEntries: entries }) }],
      result: undefined,
    }),
  });
}

// Secondary-index entries of the StorageEngine contract (engine.ts), on every engine.
describeStoreContract<StorageEngine>('StorageEngine index entries', ENGINE_OPENERS, ({ open }) => {
  it('replaces an item entries on write, keeps equal index keys apart in item order, and removes them on delete', async () => {
    const engine = await open();
    const table = (await engine.createTable('t', {}))!;
    const g = key('red');
    await write(engine, table.id, 'b', [entry('g', 'red', '1', 'b1'), entry('l', 'b', 'x', 'bl')]);
    await write(engine, table.id, 'a', [entry('g', 'red', '1', 'a1')]);
    await write(engine, table.id, 'c', [entry('g', 'red', '0', 'c0')]);
    const range = (extra: object = {}) => engine.readIndexRange({ tableId: table.id, index: 'g', hash: g.hash, partition: g.partition, limit: 10, ...extra });
    assert.deepEqual(docs(await range()), ['c0', 'a1', 'b1']);
    assert.deepEqual(docs(await range({ reverse: true })), ['b1', 'a1', 'c0']);
    const [c, a] = await range();
    const fromOne = { lower: { value: encodeKeyValue({ S: '1' }), inclusive: true } };
    assert.deepEqual(docs(await range({ ...fromOne, after: c })), ['a1', 'b1'], 'a cursor below the range constrains nothing');
    assert.deepEqual(docs(await range({ ...fromOne, after: a, reverse: true })), [], 'nor does it let a reversed read leave the range');
    assert.deepEqual(docs(await range({ after: a })), ['b1']);
    assert.deepEqual(docs(await range({ after: a, reverse: true })), ['c0']);
    assert.deepEqual(docs(await range({ lower: { value: encodeKeyValue({ S: '1' }), inclusive: true }, limit: 1 })), ['a1']);
    assert.deepEqual(docs(await range({ prefix: encodeKeyValue({ S: '1' }).subarray(0, 2), upper: { value: encodeKeyValue({ S: '1' }), inclusive: false } })), []);
    assert.equal(c!.itemKey.sort.length, 0);
    assert.deepEqual(c!.itemKey.partition, key('c').partition);

    await write(engine, table.id, 'b', [entry('g', 'red', '2', 'b2')]); // moves, and leaves index l
    assert.deepEqual(docs(await range()), ['c0', 'a1', 'b2']);
    assert.deepEqual(await engine.indexStats(table.id), new Map([['g', { itemCount: 3, sizeBytes: 6 }]]));
    await write(engine, table.id, 'b', undefined); // a write without entries leaves them
    assert.deepEqual(docs(await range()), ['c0', 'a1', 'b2']);
    await write(engine, table.id, 'c', [entry('g', 'red', '0', 'C0'), entry('l', 'c', 'x', 'cl')]); // the same index key again
    assert.deepEqual(docs(await range()), ['C0', 'a1', 'b2']);
    await write(engine, table.id, 'c', [entry('g', 'red', '0', 'c0')]);
    await write(engine, table.id, 'a', null);
    assert.deepEqual(docs(await range()), ['c0', 'b2']);
  });

  it('applies the entries of the last mutation of an item written twice in one write', async () => {
    const engine = await open();
    const table = (await engine.createTable('t', {}))!;
    const g = key('red');
    const twice = (first: IndexEntry[] | null, second: IndexEntry[] | undefined) =>
      engine.writeItems({
        targets: [{ tableId: table.id, key: key('i') }, { tableId: table.id, key: key('i') }],
        decide: () => ({
          mutations: [
            first === null ? { target: 0, item: null } : { target: 0, item: { json: '{}', size: 2 }, indexEntries: first },
            { target: 1, item: { json: '{}', size: 2 }, ...(second && { indexEntries: second }) },
          ],
          result: undefined,
        }),
      });
    const range = async () => docs(await engine.readIndexRange({ tableId: table.id, index: 'g', hash: g.hash, partition: g.partition, limit: 10 }));
    await twice([entry('g', 'red', '1', 'one')], [entry('g', 'red', '2', 'two')]);
    assert.deepEqual(await range(), ['two']);
    await twice([entry('g', 'red', '3', 'three')], undefined);
    assert.deepEqual(await range(), ['three'], 'a later mutation without entries keeps the earlier one’s');
    await twice(null, undefined);
    assert.deepEqual(await range(), [], 'a deletion in between removes them');
  });

  it('scans an index in (hash, partition, sort, item) order from a cursor, within a hash range', async () => {
    const engine = await open();
    const table = (await engine.createTable('t', {}))!;
    const colors = ['red', 'blue', 'green', 'pink', 'gray'];
    for (let i = 0; i < 20; i++) await write(engine, table.id, `i${i}`, [entry('g', colors[i % 5]!, String(i % 3), `i${i}`)]);
    const all = await engine.scanIndex({ tableId: table.id, index: 'g', limit: 100 });
    assert.equal(all.length, 20);
    const order = all.map((e) => [e.key.hash, Buffer.from(e.key.sort).toString(), Buffer.from(e.itemKey.partition).toString()]);
    const sorted = [...order].sort((x, y) => (x[0] !== y[0] ? Number(x[0]) - Number(y[0]) : x[1] !== y[1] ? (x[1]! < y[1]! ? -1 : 1) : x[2]! < y[2]! ? -1 : 1));
    assert.deepEqual(order, sorted);
    const paged: string[] = [];
    let after: StoredIndexEntry | undefined;
    for (;;) {
      const page = await engine.scanIndex({ tableId: table.id, index: 'g', limit: 3, ...(after && { after }) });
      paged.push(...docs(page));
      if (page.length < 3) break;
      after = page[page.length - 1];
    }
    assert.deepEqual(paged, docs(all));
    const split = all[10]!.key.hash;
    const low = await engine.scanIndex({ tableId: table.id, index: 'g', hashTo: split - 1, limit: 100 });
    const high = await engine.scanIndex({ tableId: table.id, index: 'g', hashFrom: split, limit: 100 });
    assert.deepEqual([...docs(low), ...docs(high)], docs(all));
    assert.deepEqual(await engine.scanIndex({ tableId: table.id, index: 'g', hashFrom: split, after: low.at(-1), limit: 100 }), high, 'a cursor below the segment constrains nothing');
    assert.deepEqual(await engine.scanIndex({ tableId: table.id, index: 'g', limit: 0 }), []);

    await engine.deleteIndexEntries(table.id, 'g');
    assert.deepEqual(await engine.scanIndex({ tableId: table.id, index: 'g', limit: 100 }), []);
    await write(engine, table.id, 'z', [entry('h', 'x', '1', 'z')]);
    assert.deepEqual(await engine.indexStats(table.id), new Map([['h', { itemCount: 1, sizeBytes: 1 }]]));
    await engine.deleteTable('t');
    assert.deepEqual(await engine.indexStats(table.id), new Map());
  });
});
