import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openSqliteEngine } from './sqlite-engine.js';
import type { ArchivedEvent, BusStore } from '../bus-store.js';
import { tempDir } from './fixtures/temp-dir.js';

const dir = tempDir();
let counter = 0;
const freshPath = () => join(dir, `archive-${++counter}`, 'eddy.db');
const T0 = 1_700_000_000_000;

const event = (archive: string, eventId: string, eventTime: number, json = `{"id":"${eventId}"}`): ArchivedEvent => ({ archive, eventId, eventTime, json });
const archiveAll = (store: BusStore, archived: ArchivedEvent[], now = T0) => store.acceptEvents({ deliveries: [], archived, now });

// Archive reads, stats, trims and clears are in ../bus-deliveries.contract.test.ts, on both engines.
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
