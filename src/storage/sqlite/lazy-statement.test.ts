import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { lazy, prepareEvery } from './lazy-statement.js';
import { SqliteEngine } from './sqlite-engine.js';
import { applySqliteMigrations } from './sqlite-migrations.js';
import { configureConnection } from './sqlite-wal.js';
import { tempDir } from './fixtures/temp-dir.js';

const dir = tempDir();

describe('statements prepared on first use', () => {
  // The stores no longer prepare their statements when the engine opens, so a typo in one would
  // otherwise surface only when that statement first runs.
  it('every statement the engine declares prepares against the migrated schema', async () => {
    const path = join(dir, 'eddy.db');
    const db = new Database(path);
    configureConnection(db, undefined, true); // as openSqliteEngine opens a file
    applySqliteMigrations(db);
    const engine = new SqliteEngine(db, { path, durability: 'process' });
    try {
      // The stores declare about 260; far fewer would mean a store's statements escaped this check.
      assert.ok(prepareEvery(db) >= 200);
    } finally {
      await engine.close();
    }
  });

  it('prepares at the first use, once, in the mode it was declared with; a bad text fails then and in prepareEvery', () => {
    const db = new Database(':memory:');
    try {
      db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
      const insert = lazy<[number, string]>(db, 'INSERT INTO t (id, v) VALUES (?, ?)');
      const value = lazy<[number], string>(db, 'SELECT v FROM t WHERE id = ?', { pluck: true });
      const typo = lazy(db, 'SELECT v FROM t WHERE idd = ?');
      assert.equal(insert.run(1, 'a').changes, 1);
      assert.equal(value.get(1), 'a');
      assert.equal(value.statement, value.statement);
      assert.deepEqual(value.all(1), ['a']);
      assert.throws(() => typo.get(1), /no such column: idd/);
      assert.throws(() => prepareEvery(db), (error: Error) => {
        assert.match(error.message, /^1 of 3 statements do not prepare:\nno such column: idd: SELECT v FROM t WHERE idd = \?$/);
        return true;
      });
    } finally {
      db.close();
    }
  });
});
