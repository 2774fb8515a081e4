import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { scratchCodeDirectory } from './scratch-code-directory.js';

describe('scratchCodeDirectory', () => {
  const parent = mkdtempSync(join(tmpdir(), 'eddy-scratch-parent-'));
  after(() => rmSync(parent, { recursive: true, force: true }));

  it("removes the directories of processes that are gone, keeps live ones' and others", () => {
    const gone = spawnSync(process.execPath, ['-e', '']).pid!; // exited by now
    const orphan = join(parent, `eddy-functions-${gone}-AbC123`);
    const live = join(parent, `eddy-functions-${process.ppid}-XyZ789`);
    const unrelated = join(parent, 'eddy-functions-Q1w2E3'); // the old name, no pid: left alone
    for (const dir of [orphan, live, unrelated]) mkdirSync(join(dir, 'fn'), { recursive: true });

    const made = scratchCodeDirectory(parent);

    assert.equal(existsSync(orphan), false, 'the dead process’s directory is removed');
    assert.equal(existsSync(live), true);
    assert.equal(existsSync(unrelated), true);
    assert.equal(dirname(made), parent);
    assert.match(basename(made), new RegExp(`^eddy-functions-${process.pid}-[A-Za-z0-9]+$`));
    assert.equal(scratchCodeDirectory(parent) !== made && existsSync(made), true, 'its own directories are kept');
  });
});
