import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openSqliteEngine } from './sqlite-engine.js';
import { tempDir } from './fixtures/temp-dir.js';

describe('SQLite time store', () => {
  it('reads offset 0 at version 0 until changed; a change decides against the current row and bumps the version', async () => {
    const engine = openSqliteEngine({ path: ':memory:' });
    try {
      assert.deepEqual(await engine.time.read(), { offsetMs: 0, version: 0 });
      assert.deepEqual(await engine.time.change((current) => current.offsetMs + 7_200_000), { offsetMs: 7_200_000, version: 1 });
      assert.deepEqual(await engine.time.change((current) => current.offsetMs + 1000), { offsetMs: 7_201_000, version: 2 });
      assert.deepEqual(await engine.time.read(), { offsetMs: 7_201_000, version: 2 });
    } finally {
      await engine.close();
    }
  });

  it('writes nothing when decide throws', async () => {
    const engine = openSqliteEngine({ path: ':memory:' });
    try {
      await engine.time.change(() => 5);
      await assert.rejects(engine.time.change(() => {
        throw new Error('refused');
      }), /refused/);
      assert.deepEqual(await engine.time.read(), { offsetMs: 5, version: 1 });
    } finally {
      await engine.close();
    }
  });

  it('keeps the offset across a reopen of the file', async () => {
    const dir = tempDir();
    const path = join(dir, 'eddy.sqlite');
    const first = openSqliteEngine({ path });
    await first.time.change(() => 86_400_000);
    await first.close();
    const second = openSqliteEngine({ path });
    try {
      assert.deepEqual(await second.time.read(), { offsetMs: 86_400_000, version: 1 });
    } finally {
      await second.close();
    }
  });
});
