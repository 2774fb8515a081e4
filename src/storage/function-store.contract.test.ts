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

    it('stores a code package with the write that names it, byte for byte, and drops the packages a write no longer names', async () => {
      const store = await open();
      const every = Buffer.from(Array.from({ length: 256 }, (_, i) => i)); // NUL and every other byte value
      const one = { sha256: 'sha-one', zip: Buffer.concat([every, Buffer.from('one')]) };
      const two = { sha256: 'sha-two', zip: Buffer.concat([every, Buffer.from('two')]) };
      await store.write('fn', () => ({ revision: 'r1', document: {}, packages: [one.sha256] }), one);
      assert.deepEqual(await store.codePackage('fn', one.sha256), one.zip);
      assert.equal(await store.codePackage('fn', two.sha256), undefined, 'a digest never stored');
      assert.equal(await store.codePackage('other', one.sha256), undefined, "another function's package");

      await assert.rejects(store.write('fn', () => {
        throw new Error('refused');
      }, two));
      assert.equal(await store.codePackage('fn', two.sha256), undefined, 'a refused write stores no package');

      // The same digest again keeps what is stored: a digest names one content.
      await store.write('fn', () => ({ revision: 'r2', document: {} }), { sha256: one.sha256, zip: Buffer.from('other bytes') });
      assert.deepEqual(await store.codePackage('fn', one.sha256), one.zip);
      // Without `packages` every package stays; with them, the others go in the same write.
      await store.write('fn', () => ({ revision: 'r3', document: {} }), two);
      assert.deepEqual(await store.codePackage('fn', one.sha256), one.zip);
      await store.write('fn', () => ({ revision: 'r4', document: {}, packages: [two.sha256] }));
      assert.equal(await store.codePackage('fn', one.sha256), undefined);
      assert.deepEqual(await store.codePackage('fn', two.sha256), two.zip);

      await store.write('other', () => ({ revision: 'o1', document: {}, packages: [one.sha256] }), one);
      await store.write('fn', () => null);
      assert.equal(await store.codePackage('fn', two.sha256), undefined, 'a deleted function takes its packages along');
      await store.write('fn', () => ({ revision: 'r5', document: {} }));
      assert.equal(await store.codePackage('fn', two.sha256), undefined, 'nor does a function created again under the name find them');
      assert.deepEqual(await store.codePackage('other', one.sha256), one.zip, "another function's packages stay");
    });

    it('is shared by every connection to the database, and kept after they close', async () => {
      const db = await database();
      const a = await open(db);
      const b = await open(db);
      const before = await b.changeCount();
      const zip = Buffer.from('PK\u0003\u0004 a package\u0000');
      await a.write('fn', () => ({ revision: 'r1', document: { n: 1 } }), { sha256: 'sha', zip });
      assert.notEqual(await b.changeCount(), before);
      assert.equal((await b.get('fn'))?.revision, 'r1');
      assert.deepEqual(await b.codePackage('fn', 'sha'), zip);
      const later = await open(db);
      assert.deepEqual(await later.get('fn'), { name: 'fn', revision: 'r1', document: { n: 1 } });
      assert.deepEqual(await later.codePackage('fn', 'sha'), zip);
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
