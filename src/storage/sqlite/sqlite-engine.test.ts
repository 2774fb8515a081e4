import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteEngine, type SqliteEngine } from './sqlite-engine.js';
import { encodeKeyValue, partitionHash } from '../key-encoding.js';
import { ServiceError } from '../../shared/service-error.js';
import { MissingTableError, type ItemKey, type StoredItem } from '../engine.js';
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

describe('SqliteEngine tables', () => {
  let engine: SqliteEngine;
  before(() => (engine = freshEngine()));
  after(() => engine.close());

  it('creates, gets, and refuses a duplicate name without changing the first', async () => {
    const created = await engine.createTable('Orders', { keys: ['id'] });
    assert.ok(created);
    assert.deepEqual(created, { id: created.id, name: 'Orders', definition: { keys: ['id'] } });
    assert.equal(await engine.createTable('Orders', { keys: ['other'] }), undefined);
    assert.deepEqual(await engine.getTable('Orders'), created);
    assert.equal(await engine.getTable('orders'), undefined);
  });

  it('lists tables in byte-wise name order', async () => {
    for (const name of ['b', 'B', 'a.b', 'a-b', '_x', 'A', 'Z9', 'a']) await engine.createTable(name, { n: name });
    const names = (await engine.listTables()).map((t) => t.name);
    assert.deepEqual(names, ['A', 'B', 'Orders', 'Z9', '_x', 'a', 'a-b', 'a.b', 'b']);
    assert.deepEqual((await engine.listTables<{ n: string }>()).find((t) => t.name === 'a-b')?.definition, { n: 'a-b' });
  });

  it('updates a definition through decide, and aborts with the same error object', async () => {
    const before = (await engine.getTable<{ v: number }>('Orders'))!;
    const updated = await engine.updateTable<{ keys: string[]; v?: number }>('Orders', (current) => {
      assert.deepEqual(current, before);
      return { definition: { ...current.definition, v: 2 } };
    });
    assert.deepEqual(updated, { id: before.id, name: 'Orders', definition: { keys: ['id'], v: 2 } });
    assert.deepEqual(await engine.getTable('Orders'), updated);

    const error = new ServiceError('x#ResourceInUseException', 'in use');
    await assert.rejects(
      engine.updateTable('Orders', () => {
        throw error;
      }),
      (thrown) => thrown === error,
    );
    assert.deepEqual(await engine.getTable('Orders'), updated);
    let called = false;
    assert.equal(await engine.updateTable('Missing', () => ((called = true), { definition: {} })), undefined);
    assert.equal(called, false);
  });

  it('deletes a table with its items, and never reuses its id', async () => {
    const first = (await engine.createTable('Temp', { gen: 1 }))!;
    const other = (await engine.createTable('Kept', {}))!;
    await put(engine, first.id, keyOf('a'), '{"a":1}');
    await put(engine, other.id, keyOf('a'), '{"kept":1}');
    assert.deepEqual(await engine.deleteTable('Temp'), first);
    assert.equal(await engine.getTable('Temp'), undefined);
    assert.equal(await engine.deleteTable('Temp'), undefined);
    assert.deepEqual(await engine.tableStats(first.id), { itemCount: 0, sizeBytes: 0 });
    assert.equal(await engine.getItem(first.id, keyOf('a')), undefined);
    assert.equal((await engine.getItem(other.id, keyOf('a')))?.json, '{"kept":1}');

    const second = (await engine.createTable('Temp', { gen: 2 }))!;
    assert.ok(second.id > other.id, `${second.id} > ${other.id}`);
    assert.equal(await engine.getItem(second.id, keyOf('a')), undefined);
  });

  it('does not reuse the highest id after delete and reopen', async () => {
    const path = join(dir, 'ids', 'eddy.db');
    let e = openSqliteEngine({ path });
    const t = (await e.createTable('T', {}))!;
    await e.deleteTable('T');
    await e.close();
    e = openSqliteEngine({ path });
    const again = (await e.createTable('T', {}))!;
    assert.equal(again.id, t.id + 1);
    await e.close();
  });
});

describe('SqliteEngine items', () => {
  let engine: SqliteEngine;
  let tableId: number;
  let otherId: number;
  before(async () => {
    engine = freshEngine();
    tableId = (await engine.createTable('T', {}))!.id;
    otherId = (await engine.createTable('U', {}))!.id;
  });
  after(() => engine.close());

  it('puts, replaces, reads and deletes', async () => {
    const key = keyOf('user#1', 'profile');
    assert.equal(await engine.getItem(tableId, key), undefined);
    await put(engine, tableId, key, '{"v":{"N":"1"}}');
    assert.deepEqual(await engine.getItem(tableId, key), { key, json: '{"v":{"N":"1"}}', size: 15 });
    await put(engine, tableId, key, '{"v":{"N":"22"}}');
    assert.deepEqual(await engine.getItem(tableId, key), { key, json: '{"v":{"N":"22"}}', size: 16 });
    assert.equal(await engine.getItem(otherId, key), undefined);
    assert.equal(await engine.getItem(tableId, keyOf('user#1', 'profilE')), undefined);
    await put(engine, tableId, key, null);
    assert.equal(await engine.getItem(tableId, key), undefined);
    await put(engine, tableId, key, null); // deleting an absent item is fine
  });

  it('gives decide the current versions and returns its result', async () => {
    const a = keyOf('a');
    const b = keyOf('b');
    await put(engine, tableId, a, '{"old":"a"}');
    let seen: readonly (StoredItem | undefined)[] = [];
    const result = await engine.writeItems({
      targets: [
        { tableId, key: a },
        { tableId: otherId, key: b },
        { tableId, key: a },
      ],
      decide(current) {
        seen = current;
        return {
          mutations: [
            { target: 1, item: item('{"new":"b"}') },
            { target: 0, item: item('{"first":"a"}') },
            { target: 2, item: item('{"last":"a"}') },
          ],
          result: { ok: 42 },
        };
      },
    });
    assert.deepEqual(result, { ok: 42 });
    assert.deepEqual(seen, [{ key: a, json: '{"old":"a"}', size: 11 }, undefined, { key: a, json: '{"old":"a"}', size: 11 }]);
    assert.equal((await engine.getItem(tableId, a))?.json, '{"last":"a"}');
    assert.equal((await engine.getItem(otherId, b))?.json, '{"new":"b"}');
    assert.equal(await engine.getItem(tableId, b), undefined);
  });

  it('writes nothing when decide throws, and rejects with the same error object', async () => {
    const key = keyOf('abort');
    await put(engine, tableId, key, '{"v":1}');
    const error = new ServiceError('x#ConditionalCheckFailedException', 'The conditional request failed');
    await assert.rejects(
      engine.writeItems({
        targets: [{ tableId, key }],
        decide: () => {
          throw error;
        },
      }),
      (thrown) => thrown === error,
    );
    assert.equal((await engine.getItem(tableId, key))?.json, '{"v":1}');
  });

  it('rolls back mutations already applied when a later one is invalid', async () => {
    const key = keyOf('partial');
    await assert.rejects(
      engine.writeItems({
        targets: [{ tableId, key }],
        decide: () => ({ mutations: [{ target: 0, item: item('{"x":1}') }, { target: 1, item: null }], result: 0 }),
      }),
      { message: 'decide returned a mutation for unknown target 1' },
    );
    assert.equal(await engine.getItem(tableId, key), undefined);
    await put(engine, tableId, key, '{"after":1}'); // the connection is usable again
    assert.equal((await engine.getItem(tableId, key))?.json, '{"after":1}');
  });

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

  it('counts items and sums their sizes per table', async () => {
    const stats = await freshStats();
    assert.deepEqual(stats.before, { itemCount: 0, sizeBytes: 0 });
    assert.deepEqual(stats.after, { itemCount: 3, sizeBytes: 10 + 20 + 30 });
  });

  async function freshStats() {
    const id = (await engine.createTable('Stats', {}))!.id;
    const before = await engine.tableStats(id);
    for (const [pk, size] of [['x', 10], ['y', 20], ['z', 5], ['z', 30]] as const) {
      await engine.writeItems({
        targets: [{ tableId: id, key: keyOf(pk) }],
        decide: () => ({ mutations: [{ target: 0, item: { json: '{}', size } }], result: undefined }),
      });
    }
    await put(engine, otherId, keyOf('x'), '{"big":"' + 'x'.repeat(100) + '"}');
    return { before, after: await engine.tableStats(id) };
  }
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

  it('fails every call after close, and close is idempotent', async () => {
    const engine = freshEngine();
    await engine.createTable('T', {});
    await engine.close();
    await engine.close();
    await assert.rejects(engine.getTable('T'), { name: 'StorageError', message: 'The storage engine is closed' });
    await assert.rejects(engine.writeItems({ targets: [], decide: () => ({ mutations: [], result: 1 }) }), {
      message: 'The storage engine is closed',
    });
  });

  it('works in memory', async () => {
    const engine = openSqliteEngine({ path: ':memory:' });
    const t = (await engine.createTable('T', { a: 1 }))!;
    await put(engine, t.id, keyOf('k'), '{}');
    assert.deepEqual(await engine.tableStats(t.id), { itemCount: 1, sizeBytes: 2 });
    await engine.close();
  });
});
