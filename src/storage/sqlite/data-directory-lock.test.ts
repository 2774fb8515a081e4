import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirectoryInUseError, DataDirectoryLock } from './data-directory-lock.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'eddy-lock-'));

/** The error a second acquire throws (failing the test when it does not throw). */
function refusal(dir: string): DataDirectoryInUseError {
  try {
    DataDirectoryLock.acquire(dir).release();
  } catch (error) {
    assert.ok(error instanceof DataDirectoryInUseError, String(error));
    return error;
  }
  assert.fail('a second lock on the directory was granted');
}

describe('DataDirectoryLock', () => {
  it('refuses the directory while it is held, naming the holder, and grants it again once released', () => {
    const dir = tempDir();
    try {
      const lock = DataDirectoryLock.acquire(join(dir, 'nested'));
      lock.serving('http://127.0.0.1:4566');
      const error = refusal(join(dir, 'nested'));
      assert.equal(error.directory, join(dir, 'nested'));
      assert.deepEqual(error.owner, { pid: process.pid, endpoint: 'http://127.0.0.1:4566' });
      assert.equal(error.message, `data directory ${join(dir, 'nested')} is already in use by another Eddy (pid ${process.pid} on http://127.0.0.1:4566)`);
      lock.release();
      lock.release(); // a second release does nothing
      assert.equal(existsSync(join(dir, 'nested', 'eddy.owner.json')), false, 'the owner note goes with the lock');
      const again = DataDirectoryLock.acquire(join(dir, 'nested'));
      assert.deepEqual(JSON.parse(readFileSync(join(dir, 'nested', 'eddy.owner.json'), 'utf8')), { pid: process.pid });
      again.release();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names no holder from a note a dead process left, and never takes such a note for the lock', () => {
    const dir = tempDir();
    try {
      const gone = spawnSync(process.execPath, ['--version']).pid!; // exited: its pid names no live process
      writeFileSync(join(dir, 'eddy.owner.json'), JSON.stringify({ pid: gone, endpoint: 'http://127.0.0.1:1' }));
      const lock = DataDirectoryLock.acquire(dir); // a crashed holder's note does not guard
      writeFileSync(join(dir, 'eddy.owner.json'), JSON.stringify({ pid: gone, endpoint: 'http://127.0.0.1:1' }));
      const error = refusal(dir);
      assert.equal(error.owner, undefined);
      assert.equal(error.message, `data directory ${dir} is already in use by another Eddy`);
      writeFileSync(join(dir, 'eddy.owner.json'), '{"pid": 12'); // half a note
      assert.equal(refusal(dir).owner, undefined);
      lock.release();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('abandon removes what acquire created while it holds nothing else, keeps anything else, and lets the directory go either way', () => {
    const dir = tempDir();
    try {
      DataDirectoryLock.acquire(join(dir, 'a', 'b', 'c')).abandon();
      assert.deepEqual(readdirSync(dir), [], 'the three directories acquire made and the lock file are gone');

      mkdirSync(join(dir, 'existing'));
      DataDirectoryLock.acquire(join(dir, 'existing', 'new')).abandon();
      assert.deepEqual(readdirSync(dir), ['existing'], 'only the directory acquire made goes');
      assert.deepEqual(readdirSync(join(dir, 'existing')), []);

      const lock = DataDirectoryLock.acquire(join(dir, 'written', 'data'));
      writeFileSync(join(dir, 'written', 'data', 'eddy.sqlite'), '');
      lock.abandon();
      assert.deepEqual(readdirSync(join(dir, 'written', 'data')).sort(), ['eddy.lock', 'eddy.sqlite']);
      const again = DataDirectoryLock.acquire(join(dir, 'written', 'data'));
      again.abandon(); // found, not created: only let go
      again.abandon(); // and a second call does nothing
      assert.deepEqual(readdirSync(join(dir, 'written', 'data')).sort(), ['eddy.lock', 'eddy.sqlite']);
      DataDirectoryLock.acquire(join(dir, 'written', 'data')).release();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
