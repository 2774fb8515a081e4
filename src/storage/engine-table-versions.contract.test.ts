import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeStoreContract } from '../../test/helpers/store-contract.js';
import { ENGINE_OPENERS, item, keyOf } from '../../test/helpers/engine-openers.js';
import { StaleTableError, type StorageEngine } from './engine.js';

// Table versions (issue 22): a write names the definition it was decided against, and one decided
// against an older definition than the stored one is refused before decide runs.
describeStoreContract<StorageEngine>('StorageEngine table versions', ENGINE_OPENERS, ({ open, database }) => {
  /** Writes `json` at key 'a' naming `version`; answers whether decide was called. */
  async function write(engine: StorageEngine, tableId: number, version: number | undefined, json: string): Promise<boolean> {
    let decided = false;
    await engine.writeItems({
      targets: [{ tableId, key: keyOf('a'), ...(version !== undefined && { tableVersion: version }) }],
      decide: () => ((decided = true), { mutations: [{ target: 0, item: item(json) }], result: undefined }),
    });
    return decided;
  }

  it('counts versions from 1, one more per update, in every read of the table', async () => {
    const engine = await open();
    const created = (await engine.createTable('T', { n: 0 }))!;
    assert.equal(created.version, 1);
    await engine.updateTable('T', () => ({ definition: { n: 1 } }));
    const updated = await engine.updateTable<{ n: number }>('T', () => ({ definition: { n: 2 } }));
    assert.equal(updated?.version, 3);
    assert.equal((await engine.getTable('T'))?.version, 3);
    assert.equal((await engine.listTables()).find((t) => t.name === 'T')?.version, 3);
  });

  it('accepts the current version, refuses an older one without deciding, and checks nothing when absent', async () => {
    const engine = await open();
    const table = (await engine.createTable('T', {}))!;
    assert.equal(await write(engine, table.id, 1, '{"v":1}'), true);
    await engine.updateTable('T', () => ({ definition: { gsi: true } }));
    let decided = false;
    await assert.rejects(
      engine.writeItems({
        targets: [{ tableId: table.id, key: keyOf('a'), tableVersion: 1 }],
        decide: () => ((decided = true), { mutations: [{ target: 0, item: item('{"v":2}') }], result: undefined }),
      }),
      (error) => error instanceof StaleTableError && error.tableId === table.id,
    );
    assert.equal(decided, false);
    assert.equal((await engine.getItem(table.id, keyOf('a')))?.json, '{"v":1}');
    assert.equal(await write(engine, table.id, 2, '{"v":3}'), true);
    assert.equal(await write(engine, table.id, undefined, '{"v":4}'), true);
    assert.equal((await engine.getItem(table.id, keyOf('a')))?.json, '{"v":4}');
  });

  it('refuses the whole write when one of its tables is stale', async () => {
    const engine = await open();
    const fresh = (await engine.createTable('Fresh', {}))!;
    const changed = (await engine.createTable('Changed', {}))!;
    await engine.updateTable('Changed', () => ({ definition: { stream: true } }));
    await assert.rejects(
      engine.writeItems({
        targets: [
          { tableId: fresh.id, key: keyOf('a'), tableVersion: 1 },
          { tableId: changed.id, key: keyOf('a'), tableVersion: 1 },
        ],
        decide: () => ({ mutations: [{ target: 0, item: item('{}') }, { target: 1, item: item('{}') }], result: undefined }),
      }),
      (error) => error instanceof StaleTableError && error.tableId === changed.id,
    );
    assert.equal(await engine.getItem(fresh.id, keyOf('a')), undefined);
    assert.equal(await engine.getItem(changed.id, keyOf('a')), undefined);
  });

  it('two nodes on one database: an update on B refuses A’s write decided against the old version', async () => {
    const at = await database();
    const a = await open(at);
    const b = await open(at);
    const table = (await a.createTable('T', {}))!;
    assert.equal((await b.getTable('T'))?.version, 1);
    const updated = await b.updateTable('T', () => ({ definition: { gsi: true } }));
    assert.equal(updated?.version, 2);
    await assert.rejects(write(a, table.id, 1, '{"stale":true}'), StaleTableError);
    assert.equal(await b.getItem(table.id, keyOf('a')), undefined);
    assert.equal((await a.getTable('T'))?.version, 2);
    assert.equal(await write(a, table.id, 2, '{"fresh":true}'), true);
    assert.equal((await b.getItem(table.id, keyOf('a')))?.json, '{"fresh":true}');
  });
});
