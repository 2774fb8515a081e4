import assert from 'node:assert/strict';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { privateTemporaryDirectory } from './private-directory.js';

describe('privateTemporaryDirectory: <tmpdir>/eddy-<uid> only while it is the user\'s alone', () => {
  const osTemp = tmpdir();
  let temp: string;
  let root: string;
  beforeEach(() => {
    temp = mkdtempSync(join(osTemp, 'eddy-private-dir-'));
    root = join(temp, `eddy-${process.getuid?.() ?? 'user'}`);
    process.env.TMPDIR = temp;
  });
  afterEach(() => {
    process.env.TMPDIR = osTemp;
    rmSync(temp, { recursive: true, force: true });
  });

  it('creates the directories, mode 0700, and answers the deepest', () => {
    assert.equal(privateTemporaryDirectory('cache', 'code'), join(root, 'cache', 'code'));
    assert.equal(statSync(root).mode & 0o777, 0o700);
    assert.equal(statSync(join(root, 'cache', 'code')).mode & 0o777, 0o700);
    assert.equal(privateTemporaryDirectory('cache', 'code'), join(root, 'cache', 'code'), 'and again once they exist');
  });

  it('refuses a root, or a directory below it, that others may write to', () => {
    mkdirSync(join(root, 'cache'), { recursive: true });
    chmodSync(root, 0o777);
    assert.equal(privateTemporaryDirectory('cache'), undefined);
    chmodSync(root, 0o755);
    assert.equal(privateTemporaryDirectory('cache'), join(root, 'cache'));
    chmodSync(join(root, 'cache'), 0o775);
    assert.equal(privateTemporaryDirectory('cache', 'code'), undefined);
  });

  it('refuses a root that is a link to another directory', () => {
    const elsewhere = join(temp, 'elsewhere');
    mkdirSync(elsewhere, { mode: 0o700 });
    symlinkSync(elsewhere, root);
    assert.equal(privateTemporaryDirectory('cache'), undefined);
  });

  it("refuses a root another user made", { skip: process.getuid?.() !== 0 && 'needs root to give a directory away' }, () => {
    mkdirSync(root, { mode: 0o700 });
    chownSync(root, 65534, 65534);
    assert.equal(privateTemporaryDirectory('cache'), undefined);
  });
});
