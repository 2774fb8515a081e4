import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openSqliteEngine } from './sqlite-engine.js';

describe('SqlitePipeStore', () => {
  it('writes after deciding against the current pipe, versions each write, lists by name and deletes', async () => {
    const engine = openSqliteEngine({ path: ':memory:' });
    try {
      const store = engine.pipes;
      const first = await store.write<{ n: number }>('b', 1000, (current) => {
        assert.equal(current, undefined);
        return { n: 1 };
      });
      assert.deepEqual(first, { name: 'b', version: 1, createdAt: 1000, modifiedAt: 1000, definition: { n: 1 } });
      const second = await store.write<{ n: number }>('b', 2000, (current) => ({ n: current!.definition.n + 1 }));
      assert.deepEqual(second, { name: 'b', version: 2, createdAt: 1000, modifiedAt: 2000, definition: { n: 2 } });
      await store.write('a', 3000, () => ({ n: 0 }));
      await assert.rejects(store.write('a', 4000, () => { throw new Error('refused'); }), /refused/);
      assert.deepEqual((await store.list()).map((p) => [p.name, p.version]), [['a', 1], ['b', 2]]);
      assert.deepEqual((await store.get('b'))?.definition, { n: 2 });
      assert.equal(await store.delete('b'), true);
      assert.equal(await store.delete('b'), false);
      assert.equal(await store.get('b'), undefined);
    } finally {
      await engine.close();
    }
  });
});
