import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tempDir } from './fixtures/temp-dir.js';

const dir = tempDir();

/** Runs 600 writes of 7 KB items (a few checkpoint passes and holds) in a child process, traced or not; returns the trace file it was given or not. */
function writeInChild(name: string, traced: boolean): string {
  const script = join(dir, `${name}.mts`);
  const trace = join(dir, `${name}.trace`);
  const engineUrl = pathToFileURL(join(import.meta.dirname, 'sqlite-engine.ts')).href;
  const keysUrl = pathToFileURL(join(import.meta.dirname, '../key-encoding.ts')).href;
  writeFileSync(script, `
    import { openSqliteEngine } from ${JSON.stringify(engineUrl)};
    import { encodeKeyValue, partitionHash } from ${JSON.stringify(keysUrl)};
    const engine = openSqliteEngine({ path: ${JSON.stringify(join(dir, `${name}.db`))}, checkpoints: { writesPerCheckpoint: 50, rewindFrames: 64, catchUpFrames: 16 } });
    const table = (await engine.createTable('T', {}))!;
    const json = JSON.stringify({ pad: 'x'.repeat(7000) });
    let next = 0;
    const writer = async () => {
      while (next < 600) {
        const partition = encodeKeyValue({ S: 'k' + next++ });
        await engine.writeItems({
          targets: [{ tableId: table.id, key: { hash: partitionHash(partition), partition, sort: new Uint8Array(0) } }],
          decide: () => ({ mutations: [{ target: 0, item: { json, size: json.length } }], result: undefined }),
        });
      }
    };
    await Promise.all(Array.from({ length: 8 }, writer));
    const stats = engine.walStats!.checkpoints;
    await engine.close();
    console.log(JSON.stringify(stats));
  `);
  const child = spawnSync(process.execPath, ['--import', 'tsx', script], { env: { ...process.env, EDDY_WAL_TRACE: traced ? trace : '' }, encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  return trace;
}

describe('EDDY_WAL_TRACE', () => {
  it('writes the commits, flushes, checkpoint passes and holds, each stamped with its start and length', () => {
    const trace = writeInChild('traced', true);
    const lines = readFileSync(trace, 'utf8').trimEnd().split('\n');
    const byKind = new Map<string, string[][]>();
    for (const line of lines) {
      const [kind, start, ms, ...fields] = line.split(' ');
      assert.ok(Number(start) > 1.7e12 && Number(ms) >= 0, line); // epoch milliseconds, a length
      byKind.set(kind!, [...(byKind.get(kind!) ?? []), fields]);
    }
    assert.deepEqual([...byKind.keys()].sort(), ['commit', 'flush', 'hold', 'pass']);
    const units = byKind.get('commit')!.reduce((sum, [n]) => sum + Number(n), 0);
    assert.ok(units >= 600, `every write is in a traced commit (${units})`);
    for (const [kind, log, checkpointed] of byKind.get('pass')!) {
      assert.match(kind!, /^(pass|last)$/);
      assert.ok(Number(checkpointed) <= Number(log));
    }
  });

  it('writes nothing without the variable', () => {
    const trace = writeInChild('untraced', false);
    assert.equal(existsSync(trace), false);
  });
});
