import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteEngine } from './sqlite-engine.js';

describe('SqliteFunctionStore', () => {
  it('writes after deciding against the current document, bumping the change counter; a refusal writes nothing', async () => {
    const engine = openSqliteEngine({ path: ':memory:' });
    try {
      const store = engine.functions;
      assert.equal(await store.changeCount(), 0);
      const first = await store.write<{ n: number }>('fn', (current) => {
        assert.equal(current, undefined);
        return { revision: 'r1', document: { n: 1 } };
      });
      assert.deepEqual(first, { name: 'fn', revision: 'r1', document: { n: 1 } });
      assert.equal(await store.changeCount(), 1);
      await assert.rejects(
        store.write<{ n: number }>('fn', () => {
          throw new Error('refused');
        }),
        /refused/,
      );
      assert.equal(await store.changeCount(), 1);
      await store.write<{ n: number }>('fn', (current) => ({ revision: 'r2', document: { n: current!.document.n + 1 } }));
      await store.write('other', () => ({ revision: 'o1', document: {} }));
      assert.deepEqual((await store.list()).map((f) => [f.name, f.revision]), [['fn', 'r2'], ['other', 'o1']]);
      assert.deepEqual((await store.get('fn'))?.document, { n: 2 });
      assert.equal(await store.write('fn', () => null), undefined);
      assert.equal(await store.get('fn'), undefined);
      assert.equal(await store.changeCount(), 4);
    } finally {
      await engine.close();
    }
  });

  it('is shared by two engines on one file: a write through one is seen by the other', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eddy-fnstore-'));
    const a = openSqliteEngine({ path: join(dir, 'eddy.sqlite') });
    const b = openSqliteEngine({ path: join(dir, 'eddy.sqlite') });
    try {
      const before = await b.functions.changeCount();
      await a.functions.write('fn', () => ({ revision: 'r1', document: { n: 1 } }));
      assert.notEqual(await b.functions.changeCount(), before);
      assert.equal((await b.functions.get('fn'))?.revision, 'r1');
    } finally {
      await a.close();
      await b.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
