import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteEngine, type SqliteEngine } from './sqlite-engine.js';
import { encodeKeyValue, partitionHash } from '../key-encoding.js';
import { ServiceError } from '../../shared/service-error.js';
import { MissingTableError, type ItemKey } from '../engine.js';
import { tempDir } from './fixtures/temp-dir.js';

const dir = tempDir();
let counter = 0;
const freshEngine = () => openSqliteEngine({ path: join(dir, `engine-${++counter}`, 'eddy.db') });

function keyOf(pk: string, sk?: string): ItemKey {
  const partition = encodeKeyValue({ S: pk });
  return { hash: partitionHash(partition), partition, sort: sk === undefined ? new Uint8Array(0) : encodeKeyValue({ S: sk }) };
}

const item = (json: string) => ({ json, size: json.length });

/** Writes (or deletes, with null) one item unconditionally. */
async function put(engine: SqliteEngine, tableId: number, key: ItemKey, json: string | null): Promise<void> {
  await engine.writeItems({
    targets: [{ tableId, key }],
    decide: () => ({ mutations: [{ target: 0, item: json === null ? null : item(json) }], result: undefined }),
  });
}

// The contract (tables, items, reads, index entries) is stated once for every engine in
// src/storage/engine-*.contract.test.ts; here is what only SQLite's group commit promises.
describe('SqliteEngine group commit', () => {
  let engine: SqliteEngine;
  let tableId: number;
  before(async () => {
    engine = freshEngine();
    tableId = (await engine.createTable('T', {}))!.id;
  });
  after(() => engine.close());

  it('refuses a write to a deleted table without calling decide, even when queued before the delete commits', async () => {
    const doomed = (await engine.createTable('Doomed', {}))!.id;
    const key = keyOf('late');
    let decided = 0;
    const before = engine.writeItems({
      targets: [{ tableId: doomed, key }],
      decide: () => (decided++, { mutations: [{ target: 0, item: item('{"early":1}') }], result: 'early' }),
    });
    await engine.deleteTable('Doomed'); // flushes the queued write first
    assert.equal(await before, 'early');
    await assert.rejects(
      engine.writeItems({
        targets: [{ tableId: doomed, key }],
        decide: () => (decided++, { mutations: [{ target: 0, item: item('{"late":1}') }], result: 'late' }),
      }),
      (error: unknown) => error instanceof MissingTableError && error.tableId === doomed,
    );
    assert.equal(decided, 1);
    assert.equal(await engine.getItem(doomed, key), undefined);
    assert.deepEqual(await engine.tableStats(doomed), { itemCount: 0, sizeBytes: 0 });
  });


  it('applies writes issued together in order, each seeing the one before, a failing one failing alone', async () => {
    const key = keyOf('counter');
    const increments = Array.from({ length: 50 }, (_, i) =>
      engine.writeItems({
        targets: [{ tableId, key }],
        decide: ([current]) => {
          const n = current ? (JSON.parse(current.json) as { n: number }).n + 1 : 1;
          if (i === 24) throw new Error('the 25th fails alone');
          return { mutations: [{ target: 0, item: item(JSON.stringify({ n })) }], result: n };
        },
      }),
    );
    const outcomes = await Promise.allSettled(increments);
    assert.equal(outcomes.filter((o) => o.status === 'rejected').length, 1);
    assert.deepEqual(
      outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : [])),
      Array.from({ length: 49 }, (_, i) => i + 1),
    );
    assert.equal((await engine.getItem(tableId, key))?.json, '{"n":49}');
  });

});

describe('SqliteEngine concurrency and lifecycle', () => {
  it('reports a lock held by another connection as a retryable ThrottlingException', async () => {
    const path = join(dir, 'busy', 'eddy.db');
    const engine = openSqliteEngine({ path, busyTimeoutMs: 20 });
    const tableId = (await engine.createTable('T', {}))!.id;
    await put(engine, tableId, keyOf('k'), '{"v":1}');
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    try {
      await assert.rejects(put(engine, tableId, keyOf('k'), '{"v":2}'), (error) => {
        assert.ok(error instanceof ServiceError);
        assert.equal(error.code, 'ThrottlingException');
        assert.equal(error.statusCode, 400);
        assert.equal(error.message, 'The storage engine is busy: another connection holds the database write lock. Retry the request.');
        return true;
      });
      // WAL: readers are not blocked by the other writer.
      assert.equal((await engine.getItem(tableId, keyOf('k')))?.json, '{"v":1}');
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    await put(engine, tableId, keyOf('k'), '{"v":3}');
    assert.equal((await engine.getItem(tableId, keyOf('k')))?.json, '{"v":3}');
    await engine.close();
  });

  it('uses WAL journaling on files', async () => {
    const path = join(dir, 'wal', 'eddy.db');
    const engine = openSqliteEngine({ path });
    const db = new Database(path);
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    db.close();
    await engine.close();
  });

  it('works in memory', async () => {
    const engine = openSqliteEngine({ path: ':memory:' });
    const t = (await engine.createTable('T', { a: 1 }))!;
    await put(engine, t.id, keyOf('k'), '{}');
    assert.deepEqual(await engine.tableStats(t.id), { itemCount: 1, sizeBytes: 2 });
    await engine.close();
  });
});
