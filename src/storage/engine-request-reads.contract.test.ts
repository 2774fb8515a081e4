import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeStoreContract } from '../../test/helpers/store-contract.js';
import { ENGINE_OPENERS, item, keyOf } from '../../test/helpers/engine-openers.js';
import { MissingTableError, StaleTableError, type StorageEngine } from './engine.js';

// engine.readItems: TransactGetItems' snapshot, which a request process (`--processes N`) takes on its own
// read-only connection, so it must see what the writing connection committed and refuse as writeItems does.
describeStoreContract<StorageEngine>('StorageEngine readItems', ENGINE_OPENERS, ({ open, database }) => {
  async function put(engine: StorageEngine, tableId: number, name: string, json: string): Promise<void> {
    await engine.writeItems({ targets: [{ tableId, key: keyOf(name) }], decide: () => ({ mutations: [{ target: 0, item: item(json) }], result: undefined }) });
  }

  it('answers the targets in their order, undefined for an absent one, across tables', async () => {
    const engine = await open();
    const a = (await engine.createTable('A', {}))!;
    const b = (await engine.createTable('B', {}))!;
    await put(engine, a.id, 'x', '{"a":"x"}');
    await put(engine, b.id, 'x', '{"b":"x"}');
    const read = await engine.readItems([
      { tableId: b.id, key: keyOf('x') },
      { tableId: a.id, key: keyOf('missing') },
      { tableId: a.id, key: keyOf('x') },
    ]);
    assert.deepEqual(read.map((stored) => stored?.json), ['{"b":"x"}', undefined, '{"a":"x"}']);
    assert.deepEqual(await engine.readItems([]), []);
  });

  it('refuses a deleted table with MissingTableError and a replaced definition with StaleTableError, as writeItems does', async () => {
    const engine = await open();
    const table = (await engine.createTable('T', { n: 0 }))!;
    await put(engine, table.id, 'k', '{}');
    assert.equal((await engine.readItems([{ tableId: table.id, key: keyOf('k'), tableVersion: 1 }]))[0]?.json, '{}');
    await engine.updateTable('T', () => ({ definition: { n: 1 } }));
    await assert.rejects(engine.readItems([{ tableId: table.id, key: keyOf('k'), tableVersion: 1 }]), (error) => error instanceof StaleTableError && error.tableId === table.id);
    assert.equal((await engine.readItems([{ tableId: table.id, key: keyOf('k'), tableVersion: 2 }]))[0]?.json, '{}');
    await engine.deleteTable('T');
    await assert.rejects(engine.readItems([{ tableId: table.id, key: keyOf('k') }]), (error) => error instanceof MissingTableError && error.tableId === table.id);
  });

  it('sees, on another connection, what the writing one committed, tables created after it opened included', async () => {
    const place = await database();
    const writer = await open(place);
    const reader = await open(place);
    const table = (await writer.createTable('Later', {}))!;
    await put(writer, table.id, 'k', '{"v":1}');
    assert.equal((await reader.readItems([{ tableId: table.id, key: keyOf('k') }]))[0]?.json, '{"v":1}');
    await put(writer, table.id, 'k', '{"v":2}');
    assert.equal((await reader.readItems([{ tableId: table.id, key: keyOf('k') }]))[0]?.json, '{"v":2}');
  });
});
