import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { importersOf, inFreshProcess } from '../../../test/helpers/lazy-imports.js';

describe('pg is loaded only when PostgreSQL is selected', () => {
  it('no source file imports pg statically: pg-pool.ts imports it dynamically, the rest import its types only', async () => {
    const { staticImporters, dynamicImporters } = await importersOf('pg|pg-[a-z-]+', 'pg');
    assert.deepEqual(staticImporters, []);
    assert.deepEqual(dynamicImporters, ['src/storage/postgres/pg-pool.ts']);
  });

  it('an Eddy started on SQLite has loaded no pg module (and the probe does see pg once it is imported)', async () => {
    const out = await inFreshProcess<{ atStart: string[]; afterImport: number }>(
      (entry) => `
      import { createRequire } from 'node:module';
      const cache = createRequire(import.meta.url).cache;
      const pgModules = () => Object.keys(cache).filter((path) => /[\\\\/]node_modules[\\\\/](pg|pg-[a-z-]+)[\\\\/]/.test(path));
      const { startEddy } = await import(${JSON.stringify(entry)});
      const eddy = await startEddy({ log: false });
      const atStart = pgModules();
      await eddy.stop();
      await import('pg');
      console.log(JSON.stringify({ atStart, afterImport: pgModules().length }));
    `,
    );
    assert.deepEqual(out.atStart, []);
    assert.ok(out.afterImport > 0, 'importing pg shows in the CommonJS module cache');
  });
});
