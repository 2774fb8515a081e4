import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openSqliteEngine, type SqliteEngine } from './sqlite-engine.js';
import { StorageError } from './sqlite-errors.js';
import type { ArchivedEvent, BusStore } from '../bus-store.js';
import { tempDir } from './fixtures/temp-dir.js';

const dir = tempDir();
let counter = 0;
const freshPath = () => join(dir, `archive-${++counter}`, 'eddy.db');
const T0 = 1_700_000_000_000;

const event = (archive: string, eventId: string, eventTime: number, json = `{"id":"${eventId}"}`): ArchivedEvent => ({ archive, eventId, eventTime, json });
const archiveAll = (store: BusStore, archived: ArchivedEvent[], now = T0) => store.acceptEvents({ deliveries: [], archived, now });

describe('SqliteBusStore archives', () => {
  let engine: SqliteEngine;
  let store: BusStore;
  before(() => {
    engine = openSqliteEngine({ path: freshPath() });
    store = engine.bus;
  });
  after(() => engine.close());

  it('reads one archive in (event time, event id) order within [from, to], after a cursor, at most limit', async () => {
    await archiveAll(store, [event('a', 'b', 20), event('a', 'a', 20), event('a', 'z', 10), event('a', 'é', 20), event('a', 'B', 20), event('a', 'late', 30)]);
    await archiveAll(store, [event('other', 'x', 20)], T0 + 7);
    const read = async (more: { from?: number; to?: number; after?: { eventTime: number; eventId: string }; limit?: number }) =>
      (await store.readArchive({ archive: 'a', from: 0, to: 100, limit: 100, ...more })).map((e) => `${e.eventTime}/${e.eventId}`);
    assert.deepEqual(await read({}), ['10/z', '20/B', '20/a', '20/b', '20/é', '30/late']);
    assert.deepEqual(await read({ from: 20, to: 20 }), ['20/B', '20/a', '20/b', '20/é']);
    assert.deepEqual(await read({ from: 11, to: 29, limit: 2 }), ['20/B', '20/a']);
    assert.deepEqual(await read({ after: { eventTime: 20, eventId: 'a' } }), ['20/b', '20/é', '30/late']);
    assert.deepEqual(await read({ after: { eventTime: 20, eventId: 'a' }, to: 20 }), ['20/b', '20/é']);
    assert.deepEqual(await read({ after: { eventTime: 5, eventId: 'zzz' }, from: 15 }), ['20/B', '20/a', '20/b', '20/é', '30/late']);
    assert.deepEqual(await read({ after: { eventTime: 30, eventId: 'late' } }), []);
    assert.deepEqual(await read({ from: 31 }), []);
    assert.deepEqual(await read({ from: 30, to: 10 }), []);
    assert.deepEqual(await read({ limit: 0 }), []);
    assert.deepEqual(await store.readArchive({ archive: 'other', from: 0, to: 100, limit: 10 }), [
      { archive: 'other', eventId: 'x', eventTime: 20, json: '{"id":"x"}', archivedAt: T0 + 7 },
    ]);
  });

  it('counts events and UTF-8 bytes; an event archived twice is kept and counted once; trim and clear keep the stats right', async () => {
    const json = '{"detail":"é€😀"}'; // 1 + 2 + 3 + 4 bytes beyond ASCII
    await archiveAll(store, [event('s', 'e1', 100, json), event('s', 'e2', 200), event('s', 'e1', 100, json)]);
    await archiveAll(store, [event('s', 'e2', 200), event('s', 'e3', 300)]);
    const bytes = Buffer.byteLength(json) + '{"id":"e2"}'.length + '{"id":"e3"}'.length;
    assert.equal(Buffer.byteLength(json), json.length + 1 + 2 + 2); // é: 2 bytes/1 unit, €: 3/1, 😀: 4/2
    assert.deepEqual(await store.archiveStats('s'), { eventCount: 3, sizeBytes: bytes });
    assert.equal(await store.trimArchive('s', 200), 1);
    assert.deepEqual(await store.archiveStats('s'), { eventCount: 2, sizeBytes: bytes - Buffer.byteLength(json) });
    assert.equal(await store.trimArchive('s', 200), 0);
    assert.deepEqual((await store.readArchive({ archive: 's', from: 0, to: 1000, limit: 10 })).map((e) => e.eventId), ['e2', 'e3']);
    await store.clearArchive('s');
    assert.deepEqual(await store.archiveStats('s'), { eventCount: 0, sizeBytes: 0 });
    assert.deepEqual(await store.readArchive({ archive: 's', from: 0, to: 1000, limit: 10 }), []);
    await archiveAll(store, [event('s', 'again', 5)]);
    assert.deepEqual(await store.archiveStats('s'), { eventCount: 1, sizeBytes: '{"id":"again"}'.length });
    assert.deepEqual(await store.archiveStats('never'), { eventCount: 0, sizeBytes: 0 });
    assert.equal(await store.trimArchive('never', T0), 0);
    await store.clearArchive('never');
  });

  it('stores deliveries and archive entries of one call together: a malformed entry rejects the call with neither written', async () => {
    const delivery = { id: 'with-archive', bus: 'app', rule: 'r', targetId: 't', eventId: 'e', payload: '{}', target: {}, acceptedAt: T0, dueAt: T0 };
    const bad = { ...event('together', 'bad', 1), json: undefined } as unknown as ArchivedEvent;
    await assert.rejects(store.acceptEvents({ deliveries: [delivery], archived: [event('together', 'ok', 1), bad], now: T0 }), StorageError);
    await assert.rejects(store.acceptEvents({ deliveries: [delivery], archived: [event('together', 'ok', 1.5)], now: T0 }), StorageError);
    assert.deepEqual(await store.pendingDeliveries(10), []);
    assert.deepEqual(await store.archiveStats('together'), { eventCount: 0, sizeBytes: 0 });
    await store.acceptEvents({ deliveries: [delivery], archived: [event('together', 'ok', 1)], now: T0 });
    assert.deepEqual((await store.pendingDeliveries(10)).map((d) => d.id), ['with-archive']);
    assert.deepEqual(await store.archiveStats('together'), { eventCount: 1, sizeBytes: '{"id":"ok"}'.length });
  });
});

describe('SqliteBusStore archives across restarts', () => {
  it('keeps archived events and their stats across close and reopen, including a call not yet awaited', async () => {
    const path = freshPath();
    let engine = openSqliteEngine({ path });
    await archiveAll(engine.bus, [event('d', 'one', 1), event('d', 'two', 2)]);
    const pending = archiveAll(engine.bus, [event('d', 'three', 3)], T0 + 1);
    await engine.close();
    await pending;
    engine = openSqliteEngine({ path });
    try {
      assert.deepEqual(await engine.bus.archiveStats('d'), { eventCount: 3, sizeBytes: 3 * '{"id":"one"}'.length + 2 });
      const read = await engine.bus.readArchive({ archive: 'd', from: 2, to: 3, limit: 10 });
      assert.deepEqual(read, [
        { archive: 'd', eventId: 'two', eventTime: 2, json: '{"id":"two"}', archivedAt: T0 },
        { archive: 'd', eventId: 'three', eventTime: 3, json: '{"id":"three"}', archivedAt: T0 + 1 },
      ]);
      assert.equal(await engine.bus.trimArchive('d', 3), 2);
    } finally {
      await engine.close();
    }
    engine = openSqliteEngine({ path });
    try {
      assert.deepEqual(await engine.bus.archiveStats('d'), { eventCount: 1, sizeBytes: '{"id":"three"}'.length });
    } finally {
      await engine.close();
    }
  });
});
