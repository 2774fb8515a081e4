import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { openSqliteEngine } from './sqlite-engine.js';
import { encodeKeyValue, partitionHash } from '../key-encoding.js';
import { tempDir } from './fixtures/temp-dir.js';

const dir = tempDir();
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const crashWriter = fileURLToPath(new URL('./fixtures/crash-writer.ts', import.meta.url));

const keyOf = (id: string) => {
  const partition = encodeKeyValue({ S: id });
  return { hash: partitionHash(partition), partition, sort: new Uint8Array(0) };
};

describe('SqliteEngine durability', () => {
  it('checkpoints the WAL into the database file on a worker while the engine runs, and removes the WAL on close', async () => {
    const path = join(dir, 'checkpointed.db');
    const engine = openSqliteEngine({ path });
    const table = (await engine.createTable('T', {}))!;
    const before = statSync(path).size;
    const json = JSON.stringify({ pad: 'x'.repeat(300) });
    for (let round = 0; round < 30; round++) {
      await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          engine.writeItems({
            targets: [{ tableId: table.id, key: keyOf(`r${round}-${i}`) }],
            decide: () => ({ mutations: [{ target: 0, item: { json, size: json.length } }], result: undefined }),
          }),
        ),
      );
    }
    // Automatic checkpoints are off on the writing connection: only the worker can grow the file.
    const deadline = Date.now() + 20_000;
    while (statSync(path).size <= before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.ok(statSync(path).size > before, 'the database file grew while the engine was open');
    await engine.close();
    assert.equal(existsSync(`${path}-wal`), false);
    const db = new Database(path, { readonly: true });
    assert.equal((db.prepare('SELECT count(*) AS n FROM items').get() as { n: number }).n, 3000);
    db.close();
  });

  it('keeps tables and items across close and reopen', async () => {
    const path = join(dir, 'nested', 'dirs', 'reopen.db');
    let engine = openSqliteEngine({ path });
    const table = (await engine.createTable('T', { v: 1 }))!;
    for (let i = 0; i < 100; i++) {
      const json = `{"i":${i}}`;
      await engine.writeItems({
        targets: [{ tableId: table.id, key: keyOf(`k${i}`) }],
        decide: () => ({ mutations: [{ target: 0, item: { json, size: json.length } }], result: undefined }),
      });
    }
    await engine.close();

    engine = openSqliteEngine({ path });
    assert.deepEqual(await engine.listTables(), [table]);
    assert.deepEqual(await engine.tableStats(table.id), { itemCount: 100, sizeBytes: 10 * 7 + 90 * 8 });
    assert.equal((await engine.getItem(table.id, keyOf('k42')))?.json, '{"i":42}');
    assert.equal((await engine.scan({ tableId: table.id, limit: 1000 })).length, 100);
    await engine.close();
  });

  it('keeps every acknowledged write when the writing process is killed with SIGKILL', async () => {
    const path = join(dir, 'crash', 'eddy.db');
    const child = spawn(process.execPath, ['--import', 'tsx', crashWriter, path, '1000000'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));

    const acknowledged: number[] = [];
    let tableId = -1;
    for await (const line of createInterface({ input: child.stdout })) {
      const [word, value] = line.split(' ');
      if (word === 'table') tableId = Number(value);
      if (word === 'ok') acknowledged.push(Number(value));
      // Kill mid-stream, while writes are in flight.
      if (acknowledged.length === 300) child.kill('SIGKILL');
    }
    assert.equal(await exited, 'SIGKILL', stderr);
    assert.ok(acknowledged.length >= 300, `only ${acknowledged.length} acknowledged; stderr: ${stderr}`);
    assert.deepEqual(acknowledged, acknowledged.map((_, i) => i));

    const engine = openSqliteEngine({ path });
    for (const n of acknowledged) {
      const stored = await engine.getItem(tableId, keyOf(`item-${n}`));
      assert.equal(stored?.json, JSON.stringify({ id: { S: `item-${n}` }, n: { N: String(n) } }), `item-${n}`);
    }
    const { itemCount } = await engine.tableStats(tableId);
    // At most the one write in flight at the kill may also have committed without its "ok" being read.
    assert.ok(itemCount === acknowledged.length || itemCount === acknowledged.length + 1, `${itemCount} items`);
    // Each item's stream record committed with it: one record per item, numbered in write order.
    const { stream, shards } = (await engine.getStream('crash', 'crash-stream'))!;
    const records = await engine.readShard({ streamId: stream.id, shardId: shards[0]!.shardId, limit: itemCount + 10 });
    assert.deepEqual(
      records.map((r) => r.json),
      Array.from({ length: itemCount }, (_, n) => `{"n":${n}}`),
    );
    records.forEach((r, i) => assert.equal(r.sequence, shards[0]!.startingSequence + BigInt(i)));
    assert.equal(shards[0]!.lastSequence, records.at(-1)!.sequence);
    await engine.close();
    const db = new Database(path, { readonly: true });
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    db.close();
  });
});
