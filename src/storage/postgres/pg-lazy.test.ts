import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : sources(path);
      return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
    }),
  );
  return nested.flat();
}

describe('pg is loaded only when PostgreSQL is selected', () => {
  it('no source file imports pg statically: pg-pool.ts imports it dynamically, the rest import its types only', async () => {
    const files = await sources(join(root, 'src'));
    const staticImporters: string[] = [];
    const dynamicImporters: string[] = [];
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      if (/^\s*import (?!type )[^;]*from '(pg|pg-[a-z-]+)'/m.test(text) || /^\s*export [^;]*from '(pg|pg-[a-z-]+)'/m.test(text)) {
        staticImporters.push(file.slice(root.length));
      }
      if (/import\('pg'\)/.test(text)) dynamicImporters.push(file.slice(root.length));
    }
    assert.deepEqual(staticImporters, []);
    assert.deepEqual(dynamicImporters, ['src/storage/postgres/pg-pool.ts']);
  });

  it('an Eddy started on SQLite has loaded no pg module (and the probe does see pg once it is imported)', async () => {
    // The built package when `npm test` has just built it (as test/helpers/cli.ts does), else the sources.
    const built = process.env.EDDY_TEST_DIST === 'built';
    const entry = new URL(built ? '../../../dist/index.js' : '../../index.ts', import.meta.url).href;
    const script = `
      import { createRequire } from 'node:module';
      const cache = createRequire(import.meta.url).cache;
      const pgModules = () => Object.keys(cache).filter((path) => /[\\\\/]node_modules[\\\\/](pg|pg-[a-z-]+)[\\\\/]/.test(path));
      const { startEddy } = await import(${JSON.stringify(entry)});
      const eddy = await startEddy({ log: false });
      const atStart = pgModules();
      await eddy.stop();
      await import('pg');
      console.log(JSON.stringify({ atStart, afterImport: pgModules().length }));
    `;
    const args = built ? ['--input-type=module', '-e', script] : ['--import', 'tsx', '--input-type=module', '-e', script];
    const { stdout } = await run(process.execPath, args, { cwd: root });
    const out = JSON.parse(stdout.trim().split('\n').at(-1)!);
    assert.deepEqual(out.atStart, []);
    assert.ok(out.afterImport > 0, 'importing pg shows in the CommonJS module cache');
  });
});
