import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { sqliteAddon } from './sqlite-addon.js';
import { openSqliteEngine } from './sqlite-engine.js';

describe('the SQLite driver\'s addon, named to it', () => {
  it('is the installed build/Release file, and opening an engine never loads the bindings package', async () => {
    const { nativeBinding } = sqliteAddon();
    assert.ok(nativeBinding !== undefined && existsSync(nativeBinding), `found: ${nativeBinding}`);
    assert.match(nativeBinding, /[\\/]better-sqlite3[\\/]build[\\/]Release[\\/]better_sqlite3\.node$/);
    const engine = openSqliteEngine({ path: ':memory:' });
    try {
      assert.deepEqual(await engine.listTables(), [], 'the engine answers: the addon loaded is a working one');
    } finally {
      await engine.close();
    }
    const loaded = Object.keys(createRequire(import.meta.url).cache);
    assert.ok(loaded.some((file) => /[\\/]better-sqlite3[\\/]build[\\/]Release[\\/]better_sqlite3\.node$/.test(file)), 'the driver loaded the addon');
    assert.deepEqual(loaded.filter((file) => /[\\/]node_modules[\\/]bindings[\\/]/.test(file)), []);
  });
});
