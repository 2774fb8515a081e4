import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeStoreContract } from '../../test/helpers/store-contract.js';
import { openSqliteEngine } from './sqlite/sqlite-engine.js';
import { openPgPool } from './postgres/pg-pool.js';
import { applyPostgresMigrations } from './postgres/postgres-migrations.js';
import { PostgresFunctionStore } from './postgres/postgres-function-store.js';
import type { FunctionStore } from './function-store.js';

describeStoreContract<FunctionStore>(
  'FunctionStore contract',
  {
    sqlite(path) {
      const engine = openSqliteEngine({ path });
      return { store: engine.functions, close: () => engine.close() };
    },
    async postgres(url) {
      const pool = await openPgPool({ url, size: 4 });
      await applyPostgresMigrations(pool);
      return { store: new PostgresFunctionStore(pool), close: () => pool.end() };
    },
  },
  ({ open, database }) => {
    it('writes after deciding against the current document, bumping the change counter; a refusal writes nothing', async () => {
      const store = await open();
      assert.equal(await store.changeCount(), 0);
      const first = await store.write<{ n: number }>('fn', (current) => {
        assert.equal(current, undefined);
        return { revision: 'r1', document: { n: 1 } };
      });
      assert.deepEqual(first, { name: 'fn', revision: 'r1', document: { n: 1 } });
      assert.equal(await store.changeCount(), 1);
      const refused = new Error('refused');
      await assert.rejects(
        store.write<{ n: number }>('fn', () => {
          throw refused;
        }),
        (error) => error === refused,
      );
      assert.equal(await store.changeCount(), 1);
      await store.write<{ n: number }>('fn', (current) => ({ revision: 'r2', document: { n: current!.document.n + 1 } }));
      await store.write('other', () => ({ revision: 'o1', document: {} }));
      assert.deepEqual((await store.list()).map((f) => [f.name, f.revision]), [['fn', 'r2'], ['other', 'o1']]);
      assert.deepEqual(await store.get('fn'), { name: 'fn', revision: 'r2', document: { n: 2 } });
      assert.equal(await store.write('fn', () => null), undefined);
      assert.equal(await store.get('fn'), undefined);
      assert.equal(await store.changeCount(), 4);
      assert.equal(await store.write('never-was', () => null), undefined, 'deleting a function that is not there');
      assert.equal(await store.changeCount(), 5);
    });

    it('lists by name in byte order, and reads back the document as the JSON it was written as', async () => {
      const store = await open();
      for (const name of ['b', 'B', 'a-1', 'a_1', 'A', 'a']) await store.write(name, () => ({ revision: `r-${name}`, document: { name } }));
      assert.deepEqual((await store.list()).map((f) => f.name), ['A', 'B', 'a', 'a-1', 'a_1', 'b']);
      const document = { z: 1, a: [1.5, 'ü', null, { nested: true }], m: '', big: 2 ** 53 - 1 };
      const written = await store.write('doc', () => ({ revision: 'r', document }));
      assert.deepEqual(written?.document, document);
      const read = await store.get<typeof document>('doc');
      assert.equal(JSON.stringify(read?.document), JSON.stringify(document), 'keys keep their order');
      assert.equal(JSON.stringify((await store.list()).find((f) => f.name === 'doc')?.document), JSON.stringify(document));
    });

    it('is shared by every connection to the database, and kept after they close', async () => {
      const db = await database();
      const a = await open(db);
      const b = await open(db);
      const before = await b.changeCount();
      await a.write('fn', () => ({ revision: 'r1', document: { n: 1 } }));
      assert.notEqual(await b.changeCount(), before);
      assert.equal((await b.get('fn'))?.revision, 'r1');
      const later = await open(db);
      assert.deepEqual(await later.get('fn'), { name: 'fn', revision: 'r1', document: { n: 1 } });
    });

    it('serialises concurrent writes from two connections, also of a function that does not exist yet', async () => {
      const db = await database();
      const nodes = [await open(db), await open(db)];
      const calls = 20;
      await Promise.all(
        Array.from({ length: calls }, (_, i) =>
          nodes[i % 2]!.write<{ n: number }>('fn', (current) => ({ revision: `r${i}`, document: { n: (current?.document.n ?? 0) + 1 } })),
        ),
      );
      // Had two writes decided against the same document, an increment would be lost.
      assert.deepEqual((await nodes[0]!.get('fn'))?.document, { n: calls });
      assert.equal(await nodes[1]!.changeCount(), calls);
    });
  },
);
