import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeStoreContract } from '../../test/helpers/store-contract.js';
import { ENGINE_OPENERS, item, keyOf, put } from '../../test/helpers/engine-openers.js';
import { ServiceError } from '../shared/service-error.js';
import { MissingTableError, type StorageEngine, type StoredItem } from './engine.js';

/** A fresh engine with tables T and U. */
async function withTables(open: () => Promise<StorageEngine>) {
  const engine = await open();
  const tableId = (await engine.createTable('T', {}))!.id;
  const otherId = (await engine.createTable('U', {}))!.id;
  return { engine, tableId, otherId };
}

/** Adds one to item `key`'s counter (n) after reading it; answers the value written. */
const increment = (engine: StorageEngine, tableId: number, pk: string) =>
  engine.writeItems({
    targets: [{ tableId, key: keyOf(pk) }],
    decide: ([current]) => {
      const n = current ? (JSON.parse(current.json) as { n: number }).n + 1 : 1;
      return { mutations: [{ target: 0, item: item(JSON.stringify({ n })) }], result: n };
    },
  });

// Items of the StorageEngine contract (engine.ts): writeItems, getItem and tableStats, on every engine.
describeStoreContract<StorageEngine>('StorageEngine items', ENGINE_OPENERS, ({ open, database }) => {
  it('puts, replaces, reads and deletes', async () => {
    const { engine, tableId, otherId } = await withTables(open);
    const key = keyOf('user#1', 'profile');
    assert.equal(await engine.getItem(tableId, key), undefined);
    await put(engine, tableId, key, '{"v":{"N":"1"}}');
    assert.deepEqual(await engine.getItem(tableId, key), { key, json: '{"v":{"N":"1"}}', size: 15 });
    await put(engine, tableId, key, '{"v":{"N":"22"}}');
    assert.deepEqual(await engine.getItem(tableId, key), { key, json: '{"v":{"N":"22"}}', size: 16 });
    assert.equal(await engine.getItem(otherId, key), undefined);
    assert.equal(await engine.getItem(tableId, keyOf('user#1', 'profilE')), undefined);
    await put(engine, tableId, key, null);
    assert.equal(await engine.getItem(tableId, key), undefined);
    await put(engine, tableId, key, null); // deleting an absent item is fine
  });

  it('gives decide the current versions and returns its result; later mutations of one item win', async () => {
    const { engine, tableId, otherId } = await withTables(open);
    const a = keyOf('a');
    const b = keyOf('b');
    await put(engine, tableId, a, '{"old":"a"}');
    let seen: readonly (StoredItem | undefined)[] = [];
    const result = await engine.writeItems({
      targets: [
        { tableId, key: a },
        { tableId: otherId, key: b },
        { tableId, key: a },
      ],
      decide(current) {
        seen = current;
        return {
          mutations: [
            { target: 1, item: item('{"new":"b"}') },
            { target: 0, item: item('{"first":"a"}') },
            { target: 2, item: item('{"last":"a"}') },
          ],
          result: { ok: 42 },
        };
      },
    });
    assert.deepEqual(result, { ok: 42 });
    assert.deepEqual(seen, [{ key: a, json: '{"old":"a"}', size: 11 }, undefined, { key: a, json: '{"old":"a"}', size: 11 }]);
    assert.equal((await engine.getItem(tableId, a))?.json, '{"last":"a"}');
    assert.equal((await engine.getItem(otherId, b))?.json, '{"new":"b"}');
    assert.equal(await engine.getItem(tableId, b), undefined);

    await engine.writeItems({
      targets: [{ tableId, key: a }, { tableId, key: a }],
      decide: () => ({ mutations: [{ target: 0, item: item('{"again":1}') }, { target: 1, item: null }], result: undefined }),
    });
    assert.equal(await engine.getItem(tableId, a), undefined, 'a put then a delete of one item deletes it');
    await engine.writeItems({
      targets: [{ tableId, key: a }, { tableId, key: a }],
      decide: () => ({ mutations: [{ target: 1, item: null }, { target: 0, item: item('{"back":1}') }], result: undefined }),
    });
    assert.equal((await engine.getItem(tableId, a))?.json, '{"back":1}', 'a delete then a put of one item puts it');
  });

  it('writes nothing when decide throws, and rejects with the same error object', async () => {
    const { engine, tableId } = await withTables(open);
    const key = keyOf('abort');
    await put(engine, tableId, key, '{"v":1}');
    for (const error of [new ServiceError('x#ConditionalCheckFailedException', 'The conditional request failed'), Object.assign(new Error('coded'), { code: 'ECONNRESET' })]) {
      await assert.rejects(
        engine.writeItems({
          targets: [{ tableId, key }],
          decide: () => {
            throw error;
          },
        }),
        (thrown) => thrown === error,
      );
    }
    assert.equal((await engine.getItem(tableId, key))?.json, '{"v":1}');
  });

  it('rolls back mutations already applied when a later one is invalid', async () => {
    const { engine, tableId } = await withTables(open);
    const key = keyOf('partial');
    await assert.rejects(
      engine.writeItems({
        targets: [{ tableId, key }],
        decide: () => ({ mutations: [{ target: 0, item: item('{"x":1}') }, { target: 1, item: null }], result: 0 }),
      }),
      { name: 'StorageError', message: 'decide returned a mutation for unknown target 1' },
    );
    assert.equal(await engine.getItem(tableId, key), undefined);
    await put(engine, tableId, key, '{"after":1}'); // the engine is usable again
    assert.equal((await engine.getItem(tableId, key))?.json, '{"after":1}');
  });

  it('refuses a write to a deleted table without calling decide, and writes nothing', async () => {
    const { engine, tableId } = await withTables(open);
    const doomed = (await engine.createTable('Doomed', {}))!.id;
    const key = keyOf('late');
    let decided = 0;
    await put(engine, doomed, key, '{"early":1}');
    await engine.deleteTable('Doomed');
    for (const targets of [[{ tableId: doomed, key }], [{ tableId, key }, { tableId: doomed, key }]]) {
      await assert.rejects(
        engine.writeItems({
          targets,
          decide: () => (decided++, { mutations: targets.map((_, target) => ({ target, item: item('{"late":1}') })), result: 'late' }),
        }),
        (error: unknown) => error instanceof MissingTableError && error.tableId === doomed,
      );
    }
    assert.equal(decided, 0);
    assert.equal(await engine.getItem(doomed, key), undefined);
    assert.equal(await engine.getItem(tableId, key), undefined, 'nothing of a refused write lands in a live table either');
    assert.deepEqual(await engine.tableStats(doomed), { itemCount: 0, sizeBytes: 0 });
  });

  it('isolates concurrent writes to one item: each decides against the one before, a failing one fails alone', async () => {
    const { engine, tableId } = await withTables(open);
    const key = keyOf('counter');
    const writes = Array.from({ length: 50 }, (_, i) =>
      engine.writeItems({
        targets: [{ tableId, key }],
        decide: ([current]) => {
          const n = current ? (JSON.parse(current.json) as { n: number }).n + 1 : 1;
          if (i === 24) throw new Error('the 25th fails alone');
          return { mutations: [{ target: 0, item: item(JSON.stringify({ n })) }], result: n };
        },
      }),
    );
    const outcomes = await Promise.allSettled(writes);
    assert.equal(outcomes.filter((o) => o.status === 'rejected').length, 1);
    const written = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : [])).sort((x, y) => x - y);
    assert.deepEqual(written, Array.from({ length: 49 }, (_, i) => i + 1));
    assert.equal((await engine.getItem(tableId, key))?.json, '{"n":49}');
  });

  it('isolates writes from two connections to one database (two processes, or two nodes)', async () => {
    const place = await database();
    const a = await open(place);
    const tableId = (await a.createTable('T', {}))!.id;
    const b = await open(place); // after the table exists: a SQLite engine learns its tables at open
    const rounds = Array.from({ length: 20 }, () => [increment(a, tableId, 'shared'), increment(b, tableId, 'shared')]).flat();
    const written = (await Promise.all(rounds)).sort((x, y) => x - y);
    assert.deepEqual(written, Array.from({ length: 40 }, (_, i) => i + 1));
    assert.equal((await b.getItem(tableId, keyOf('shared')))?.json, '{"n":40}');
  });

  it('counts items and sums their sizes per table', async () => {
    const { engine, otherId } = await withTables(open);
    const id = (await engine.createTable('Stats', {}))!.id;
    assert.deepEqual(await engine.tableStats(id), { itemCount: 0, sizeBytes: 0 });
    for (const [pk, size] of [['x', 10], ['y', 20], ['z', 5], ['z', 30]] as const) {
      await engine.writeItems({
        targets: [{ tableId: id, key: keyOf(pk) }],
        decide: () => ({ mutations: [{ target: 0, item: { json: '{}', size } }], result: undefined }),
      });
    }
    await put(engine, otherId, keyOf('x'), '{"big":"' + 'x'.repeat(100) + '"}');
    assert.deepEqual(await engine.tableStats(id), { itemCount: 3, sizeBytes: 10 + 20 + 30 });
  });

  it('keeps keys with 0x00 and 0xff bytes, and JSON with escaped U+0000, exactly', async () => {
    const { engine, tableId } = await withTables(open);
    const keys = [Uint8Array.of(), Uint8Array.of(0), Uint8Array.of(0, 0), Uint8Array.of(0xff), Uint8Array.of(0xff, 0), Uint8Array.of(1, 0xff, 0)];
    const partition = Uint8Array.of(0, 0xff, 0);
    const json = JSON.stringify({ s: { S: 'nul\u0000here' } });
    for (const sort of keys) await put(engine, tableId, { hash: 0xffffffff, partition, sort }, json);
    for (const sort of keys) {
      const got = await engine.getItem(tableId, { hash: 0xffffffff, partition, sort });
      assert.equal(got?.json, json);
    }
    assert.equal(await engine.getItem(tableId, { hash: 0xffffffff, partition: Uint8Array.of(0, 0xff), sort: Uint8Array.of() }), undefined);
    const all = await engine.scan({ tableId, limit: 100 });
    assert.deepEqual(
      all.map((row) => Buffer.from(row.key.sort).toString('hex')),
      ['', '00', '0000', '01ff00', 'ff', 'ff00'],
    );
    assert.ok(all.every((row) => row.key.hash === 0xffffffff && Buffer.from(row.key.partition).equals(Buffer.from(partition))));
  });
});
