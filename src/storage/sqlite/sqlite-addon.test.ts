import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

/**
 * In a fresh process, on the built dist/: the test files of a batch share one (scripts/test-batches.mjs), and one
 * of them opening a database of its own with the driver's defaults loads `bindings` for every file after it.
 */
const dist = new URL('../../../dist/storage/sqlite/', import.meta.url).href;
const FRESH = `
const { createRequire } = await import('node:module');
const { sqliteAddon } = await import(new URL('./sqlite-addon.js', process.argv[1]).href);
const { openSqliteEngine } = await import(new URL('./sqlite-engine.js', process.argv[1]).href);
const engine = openSqliteEngine({ path: ':memory:' });
const tables = await engine.listTables();
await engine.close();
const loaded = Object.keys(createRequire(process.argv[1]).cache);
console.log(JSON.stringify({ addon: sqliteAddon().nativeBinding, tables, loaded }));
`;

describe('the SQLite driver\'s addon, named to it', { skip: process.env.EDDY_TEST_DIST !== 'built' && 'runs the built dist/ (npm test builds it)' }, () => {
  it('is the installed build/Release file, and opening an engine never loads the bindings package', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', FRESH, dist]);
    const { addon, tables, loaded } = JSON.parse(stdout) as { addon?: string; tables: unknown[]; loaded: string[] };
    assert.ok(addon !== undefined && existsSync(addon), `found: ${addon}`);
    assert.match(addon, /[\\/]better-sqlite3[\\/]build[\\/]Release[\\/]better_sqlite3\.node$/);
    assert.deepEqual(tables, [], 'the engine answers: the addon loaded is a working one');
    assert.ok(loaded.some((file) => file === addon), 'the driver loaded that file');
    assert.deepEqual(loaded.filter((file) => /[\\/]node_modules[\\/]bindings[\\/]/.test(file)), []);
  });
});
