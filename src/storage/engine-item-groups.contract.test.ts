import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeStoreContract } from '../../test/helpers/store-contract.js';
import { CLOCKED_ENGINE_OPENERS, keyOf, records, spec } from '../../test/helpers/stream-engines.js';
import { MissingTableError, StaleTableError, type ItemWriteRequest, type StorageEngine } from './engine.js';

const doc = (value: object) => {
  const json = JSON.stringify(value);
  return { json, size: json.length };
};

/** Adds one to `pk`'s counter n, with a stream record {pk, n}; answers the n written. `fail` throws from decide instead. */
function increment(tableId: number, pk: string, fail?: Error): ItemWriteRequest<number> {
  const key = keyOf(pk);
  return {
    targets: [{ tableId, key }],
    decide: ([current]) => {
      if (fail) throw fail;
      const n = current ? (JSON.parse(current.json) as { n: number }).n + 1 : 1;
      return { mutations: [{ target: 0, item: doc({ n }), record: { hash: key.hash, json: JSON.stringify({ pk, n }) } }], result: n };
    },
  };
}

/** The outcome of each write, its result or the error object it was refused with. */
const settle = <R>(engine: StorageEngine, writes: readonly ItemWriteRequest<R>[]) =>
  Promise.all(writes.map((write) => engine.writeItems(write).then((value) => ({ value }), (error: unknown) => ({ error }))));

// Many writes in flight at once (on PostgreSQL they share transactions: postgres-write-groups.ts); each is
// still answered, refused and ordered as if it ran alone. All fired in one tick, so they are in flight together.
describeStoreContract('StorageEngine items, writes in flight together', CLOCKED_ENGINE_OPENERS, ({ open }) => {
  it('each write gets its own result, and each item its writes in order, in the stream too', async () => {
    const { engine } = await open();
    const tableId = (await engine.createTable('T', {}, spec('L')))!.id;
    // 8 items, 5 increments each, interleaved: writes of one item are in flight together and must take turns.
    const writes = Array.from({ length: 40 }, (_, i) => increment(tableId, `k${i % 8}`));
    const outcomes = await settle(engine, writes);
    for (let k = 0; k < 8; k++) {
      const ofItem = outcomes.filter((_, i) => i % 8 === k).map((o) => ('value' in o ? o.value : o.error));
      assert.deepEqual(ofItem, [1, 2, 3, 4, 5], `k${k}: its writes in the order they were made`);
      assert.equal((await engine.getItem(tableId, keyOf(`k${k}`)))?.json, '{"n":5}');
    }
    const stream = (await records(engine, 'T', 'L')).map((r) => JSON.parse(r.json) as { pk: string; n: number });
    assert.equal(stream.length, 40);
    for (let k = 0; k < 8; k++) {
      assert.deepEqual(stream.filter((r) => r.pk === `k${k}`).map((r) => r.n), [1, 2, 3, 4, 5], `k${k}: sequence order is the order decided`);
    }
  });

  it('a write whose decide throws is refused alone, with its own error, and writes nothing of its own', async () => {
    const { engine } = await open();
    const tableId = (await engine.createTable('T', {}, spec('L')))!.id;
    const failures = new Map([3, 11, 17].map((i) => [i, new Error(`write ${i} refused`)]));
    const writes: ItemWriteRequest<number>[] = Array.from({ length: 20 }, (_, i) => increment(tableId, `p${i}`, failures.get(i)));
    // A write of three items whose decide throws after looking at them: none of the three is written.
    writes.push({
      targets: ['x', 'y', 'z'].map((pk) => ({ tableId, key: keyOf(pk) })),
      decide: (current) => {
        if (current.length === 3) throw failures.get(3);
        return { mutations: [0, 1, 2].map((target) => ({ target, item: doc({}) })), result: 0 };
      },
    });
    // And one of three items that succeeds: all three land.
    writes.push({
      targets: ['u', 'v', 'w'].map((pk) => ({ tableId, key: keyOf(pk) })),
      decide: () => ({ mutations: [0, 1, 2].map((target) => ({ target, item: doc({ target }) })), result: 3 }),
    });
    const outcomes = await settle(engine, writes);
    outcomes.slice(0, 20).forEach((outcome, i) => {
      if (failures.has(i)) assert.equal('error' in outcome && outcome.error, failures.get(i), `write ${i}`);
      else assert.deepEqual(outcome, { value: 1 }, `write ${i}`);
    });
    assert.equal('error' in outcomes[20]! && outcomes[20].error, failures.get(3));
    assert.deepEqual(outcomes[21], { value: 3 });
    for (const pk of ['p3', 'p11', 'p17', 'x', 'y', 'z']) assert.equal(await engine.getItem(tableId, keyOf(pk)), undefined, pk);
    for (const pk of ['p0', 'p4', 'p19']) assert.equal((await engine.getItem(tableId, keyOf(pk)))?.json, '{"n":1}', pk);
    for (const pk of ['u', 'v', 'w']) assert.notEqual(await engine.getItem(tableId, keyOf(pk)), undefined, pk);
    const stream = (await records(engine, 'T', 'L')).map((r) => (JSON.parse(r.json) as { pk: string }).pk);
    assert.deepEqual(stream.sort(), Array.from({ length: 20 }, (_, i) => `p${i}`).filter((_, i) => !failures.has(i)).sort());
  });

  it('a write to a deleted table, or naming a table version that changed, fails alone; the others land', async () => {
    const { engine } = await open();
    const live = (await engine.createTable('Live', {}))!;
    const doomed = (await engine.createTable('Doomed', {}))!.id;
    await engine.deleteTable('Doomed');
    const changed = (await engine.updateTable<object>('Live', () => ({ definition: { changed: true } })))!;
    assert.notEqual(changed.version, live.version);
    let decidedForDoomed = 0;
    const writes: ItemWriteRequest<string>[] = Array.from({ length: 24 }, (_, i) => {
      const kind = ['live', 'doomed', 'stale', 'current'][i % 4]!;
      const key = keyOf(`${kind}${i}`);
      const tableId = kind === 'doomed' ? doomed : live.id;
      const tableVersion = kind === 'stale' ? live.version : kind === 'current' ? changed.version : undefined;
      return {
        targets: [{ tableId, key, ...(tableVersion !== undefined && { tableVersion }) }],
        decide: () => {
          if (kind === 'doomed') decidedForDoomed++;
          return { mutations: [{ target: 0, item: doc({ kind }) }], result: kind };
        },
      };
    });
    const outcomes = await settle(engine, writes);
    outcomes.forEach((outcome, i) => {
      const kind = ['live', 'doomed', 'stale', 'current'][i % 4]!;
      if (kind === 'doomed') assert.ok('error' in outcome && outcome.error instanceof MissingTableError && outcome.error.tableId === doomed, `write ${i}`);
      else if (kind === 'stale') assert.ok('error' in outcome && outcome.error instanceof StaleTableError && outcome.error.tableId === live.id, `write ${i}`);
      else assert.deepEqual(outcome, { value: kind }, `write ${i}`);
    });
    assert.equal(decidedForDoomed, 0);
    const stored = await engine.scan({ tableId: live.id, limit: 100 });
    assert.deepEqual(stored.map((s) => (JSON.parse(s.json) as { kind: string }).kind).sort(), [...Array(6).fill('current'), ...Array(6).fill('live')]);
  });
});
