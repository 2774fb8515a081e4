import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEddy } from '../../src/main.js';
import { runEddyCli } from '../helpers/cli.js';

/** A port another program holds. */
async function occupied(): Promise<{ blocker: Server; port: number }> {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  return { blocker, port: (blocker.address() as { port: number }).port };
}

const busyPort = (error: unknown) => /already in use|EADDRINUSE/.test(String((error as Error)?.message ?? error));

describe('a start refused before storage opens leaves the data directory as it found it', () => {
  it('eddy start --data <new directory> on a busy port exits 1 and leaves no directory and no eddy.lock behind', async () => {
    const root = mkdtempSync(join(tmpdir(), 'eddy-refused-'));
    const { blocker, port } = await occupied();
    try {
      const data = join(root, 'nested', '.eddy'); // two levels this start would create
      const cli = runEddyCli(['start', '--port', String(port), '--data', data]);
      assert.equal((await cli.exited).code, 1);
      assert.match(cli.stderr(), new RegExp(`port ${port} is already in use`));
      assert.deepEqual(readdirSync(root), []);
    } finally {
      blocker.close();
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('startEddy on a busy port: a directory it found keeps its files, lock file included, and is free for the next start', async () => {
    const root = mkdtempSync(join(tmpdir(), 'eddy-refused-'));
    const { blocker, port } = await occupied();
    try {
      const fresh = join(root, 'fresh');
      await assert.rejects(startEddy({ port, data: fresh, durability: 'process', log: false }), busyPort);
      assert.equal(existsSync(fresh), false);

      const kept = join(root, 'kept');
      mkdirSync(kept);
      writeFileSync(join(kept, 'notes.txt'), 'mine\n');
      await assert.rejects(startEddy({ port, data: kept, durability: 'process', log: false }), busyPort);
      assert.deepEqual(readdirSync(kept).sort(), ['eddy.lock', 'notes.txt']);

      // The refused start let the lock go.
      const next = await startEddy({ port: 0, data: kept, durability: 'process', log: false });
      await next.stop();
    } finally {
      blocker.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
