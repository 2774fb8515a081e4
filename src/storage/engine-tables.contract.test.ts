import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeStoreContract } from '../../test/helpers/store-contract.js';
import { ENGINE_OPENERS, keyOf, put } from '../../test/helpers/engine-openers.js';
import { ServiceError } from '../shared/service-error.js';
import type { StorageEngine } from './engine.js';

// The table catalog of the StorageEngine contract (engine.ts), on every engine.
describeStoreContract<StorageEngine>('StorageEngine tables', ENGINE_OPENERS, ({ open, database }) => {
  it('creates, gets, and refuses a duplicate name without changing the first', async () => {
    const engine = await open();
    const created = await engine.createTable('Orders', { keys: ['id'] });
    assert.ok(created);
    assert.deepEqual(created, { id: created.id, name: 'Orders', definition: { keys: ['id'] }, version: 1 });
    assert.equal(await engine.createTable('Orders', { keys: ['other'] }), undefined);
    assert.deepEqual(await engine.getTable('Orders'), created);
    assert.equal(await engine.getTable('orders'), undefined);
  });

  it('lists tables in byte-wise name order', async () => {
    const engine = await open();
    for (const name of ['b', 'B', 'Orders', 'a.b', 'a-b', '_x', 'A', 'Z9', 'a', 'é', 'z']) await engine.createTable(name, { n: name });
    const names = (await engine.listTables()).map((t) => t.name);
    assert.deepEqual(names, ['A', 'B', 'Orders', 'Z9', '_x', 'a', 'a-b', 'a.b', 'b', 'z', 'é']);
    assert.deepEqual((await engine.listTables<{ n: string }>()).find((t) => t.name === 'a-b')?.definition, { n: 'a-b' });
  });

  it('updates a definition through decide, and aborts with the same error object', async () => {
    const engine = await open();
    await engine.createTable('Orders', { keys: ['id'] });
    const before = (await engine.getTable<{ v: number }>('Orders'))!;
    const updated = await engine.updateTable<{ keys: string[]; v?: number }>('Orders', (current) => {
      assert.deepEqual(current, before);
      return { definition: { ...current.definition, v: 2 } };
    });
    assert.deepEqual(updated, { id: before.id, name: 'Orders', definition: { keys: ['id'], v: 2 }, version: 2 });
    assert.deepEqual(await engine.getTable('Orders'), updated);

    const error = new ServiceError('x#ResourceInUseException', 'in use');
    await assert.rejects(
      engine.updateTable('Orders', () => {
        throw error;
      }),
      (thrown) => thrown === error,
    );
    assert.deepEqual(await engine.getTable('Orders'), updated);
    let called = false;
    assert.equal(await engine.updateTable('Missing', () => ((called = true), { definition: {} })), undefined);
    assert.equal(called, false);
  });

  it('deletes a table with its items, and never reuses its id', async () => {
    const engine = await open();
    const first = (await engine.createTable('Temp', { gen: 1 }))!;
    const other = (await engine.createTable('Kept', {}))!;
    await put(engine, first.id, keyOf('a'), '{"a":1}');
    await put(engine, other.id, keyOf('a'), '{"kept":1}');
    assert.deepEqual(await engine.deleteTable('Temp'), first);
    assert.equal(await engine.getTable('Temp'), undefined);
    assert.equal(await engine.deleteTable('Temp'), undefined);
    assert.deepEqual(await engine.tableStats(first.id), { itemCount: 0, sizeBytes: 0 });
    assert.equal(await engine.getItem(first.id, keyOf('a')), undefined);
    assert.equal((await engine.getItem(other.id, keyOf('a')))?.json, '{"kept":1}');

    const second = (await engine.createTable('Temp', { gen: 2 }))!;
    assert.ok(second.id > other.id, `${second.id} > ${other.id}`);
    assert.equal(await engine.getItem(second.id, keyOf('a')), undefined);
  });

  it('does not reuse the highest id after delete and reopen', async () => {
    const place = await database();
    const first = await open(place);
    const t = (await first.createTable('T', {}))!;
    await first.deleteTable('T');
    await first.close();
    const again = (await (await open(place)).createTable('T', {}))!;
    assert.ok(again.id > t.id, `${again.id} > ${t.id}`);
  });

  it('sees the tables another connection to the same database made', async () => {
    const place = await database();
    const [a, b] = [await open(place), await open(place)];
    const made = (await a.createTable('Shared', { by: 'a' }))!;
    assert.equal(await b.createTable('Shared', { by: 'b' }), undefined);
    assert.deepEqual(await b.getTable('Shared'), made);
    await put(a, made.id, keyOf('k'), '{"from":"a"}');
    assert.equal((await b.getItem(made.id, keyOf('k')))?.json, '{"from":"a"}');
  });

  it('fails every call after close, and close is idempotent', async () => {
    const engine = await open();
    await engine.createTable('T', {});
    await engine.close();
    await engine.close();
    await assert.rejects(engine.getTable('T'), { name: 'StorageError', message: 'The storage engine is closed' });
    await assert.rejects(engine.writeItems({ targets: [], decide: () => ({ mutations: [], result: 1 }) }), {
      name: 'StorageError',
      message: 'The storage engine is closed',
    });
    await assert.rejects(engine.scan({ tableId: 1, limit: 1 }), { message: 'The storage engine is closed' });
  });
});
