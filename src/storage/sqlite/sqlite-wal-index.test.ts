import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sqliteAddon } from './sqlite-addon.js';
import { WalIndex } from './sqlite-wal-index.js';
import { tempDir } from './fixtures/temp-dir.js';

const dir = tempDir();

describe('WalIndex', () => {
  it("reads the WAL's length in frames as SQLite counts it, after each commit", () => {
    const path = join(dir, 'index.db');
    const db = new Database(path, sqliteAddon());
    db.pragma('journal_mode = WAL');
    db.pragma('wal_autocheckpoint = 0');
    const index = new WalIndex(path);
    db.exec('CREATE TABLE t (v TEXT)');
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) {
      insert.run('x'.repeat(10_000)); // an overflow chain: several frames each
      seen.push(index.frames()!);
    }
    assert.ok(seen.every((frames, i) => i === 0 || frames > seen[i - 1]!), `growing: ${seen}`);
    const [{ log }] = db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[];
    assert.equal(seen.at(-1), log);
    index.close();
    assert.equal(index.frames(), undefined, 'closed');
    db.close();
    assert.equal(new WalIndex(join(dir, 'none.db')).frames(), undefined, 'no -shm file: no length');
  });
});
