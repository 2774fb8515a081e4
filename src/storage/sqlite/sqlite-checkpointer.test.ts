import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { openSqliteEngine, type SqliteEngine } from './sqlite-engine.js';
import { CHECKPOINTER_NICENESS } from './sqlite-checkpointer.js';
import { encodeKeyValue, partitionHash } from '../key-encoding.js';
import { tempDir } from './fixtures/temp-dir.js';
import { eventually } from '../../../test/helpers/eventually.js';

const dir = tempDir();

function putItem(engine: SqliteEngine, tableId: number, id: string): Promise<unknown> {
  const partition = encodeKeyValue({ S: id });
  return engine.writeItems({
    targets: [{ tableId, key: { hash: partitionHash(partition), partition, sort: new Uint8Array(0) } }],
    decide: () => ({ mutations: [{ target: 0, item: { json: '{}', size: 2 } }], result: undefined }),
  });
}

describe('SQLite checkpointer: its thread', () => {
  it('is not started by opening the file, only by the first pass (an idle Eddy holds no checkpointing isolate)', async () => {
    const engine = openSqliteEngine({ path: join(dir, 'idle.db'), durability: 'process', checkpoints: { writesPerCheckpoint: 20 } });
    const table = (await engine.createTable('T', {}))!;
    const put = (id: string) => putItem(engine, table.id, id);
    try {
      for (let i = 0; i < 5; i++) await put(`k${i}`);
      assert.deepEqual([engine.walStats!.checkpoints.started, engine.walStats!.checkpoints.passes], [false, 0]);
      for (let i = 5; i < 40; i++) await put(`k${i}`);
      const stats = await eventually('a checkpoint pass', () => engine.walStats!.checkpoints, { accept: (s) => s.passes > 0 });
      assert.deepEqual([stats.started, stats.fellBack], [true, false]);
    } finally {
      await engine.close();
    }
  });

  it('runs below the event loop: its thread at a nice value of its own, where the OS has one (Linux)', { skip: process.platform !== 'linux' && 'per-thread priorities are Linux\'s' }, async () => {
    const engine = openSqliteEngine({ path: join(dir, 'nice.db'), durability: 'process', checkpoints: { writesPerCheckpoint: 5 } });
    const niceness = () =>
      readdirSync('/proc/self/task').map((task) => Number(readFileSync(`/proc/self/task/${task}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]));
    try {
      assert.equal(niceness().filter((nice) => nice === CHECKPOINTER_NICENESS).length, 0, 'no thread below the others before the checkpointer');
      const table = (await engine.createTable('T', {}))!;
      for (let i = 0; i < 10; i++) await putItem(engine, table.id, `k${i}`);
      await eventually('a checkpoint pass', () => engine.walStats!.checkpoints.passes, { accept: (passes) => passes > 0 });
      const threads = niceness();
      assert.equal(threads.filter((nice) => nice === CHECKPOINTER_NICENESS).length, 1, `one thread (the checkpointer's) at ${CHECKPOINTER_NICENESS}: ${threads}`);
      assert.equal(threads[0], 0, 'the main thread keeps its priority');
    } finally {
      await engine.close();
    }
  });

  it('copies back and truncates a WAL a killed process left, soon after opening and without a write', async () => {
    const path = join(dir, 'left-over.db');
    // A process that writes 200 rows of 8 KB with no checkpoint, then dies without closing its connection.
    const child = spawnSync(process.execPath, ['-e', `
      const Database = require(${JSON.stringify(createRequire(import.meta.url).resolve('better-sqlite3'))});
      const db = new Database(${JSON.stringify(path)});
      db.pragma('journal_mode = WAL');
      db.pragma('wal_autocheckpoint = 0');
      db.exec('CREATE TABLE junk (v TEXT)');
      const insert = db.prepare('INSERT INTO junk VALUES (?)');
      for (let i = 0; i < 200; i++) insert.run('x'.repeat(8000));
      process.kill(process.pid, 'SIGKILL');
    `]);
    assert.equal(child.signal, 'SIGKILL');
    const left = statSync(`${path}-wal`).size;
    assert.ok(left > 200 * 8000, `the WAL holds the rows: ${left} bytes`);
    const engine = openSqliteEngine({ path, durability: 'process' });
    try {
      // The worker truncates the file before its report reaches this thread's count: wait for both.
      const seen = await eventually('the WAL truncated and the pass counted', () => ({ size: statSync(`${path}-wal`).size, passes: engine.walStats!.checkpoints.passes }), {
        accept: ({ size, passes }) => size === 0 && passes > 0,
      });
      assert.equal(seen.passes, 1);
    } finally {
      await engine.close();
    }
  });
});
