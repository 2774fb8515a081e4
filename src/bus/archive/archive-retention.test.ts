import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../shared/clock.js';
import { silentLogger } from '../../shared/logger.js';
import { openSqliteEngine } from '../../storage/sqlite/sqlite-engine.js';
import type { ArchiveDefinition } from '../bus-documents.js';
import { ArchiveRetention } from './archive-retention.js';

const DAY = 86_400_000;

describe('ArchiveRetention', () => {
  it('trims each archive by its RetentionDays, by event time (0 keeps everything), and counts what went', async () => {
    const clock = new ManualClock(Date.UTC(2026, 6, 1, 12));
    const engine = openSqliteEngine({ path: ':memory:', now: () => clock.now() });
    try {
      const archive = (name: string, RetentionDays: number) =>
        engine.bus.writeDocument<ArchiveDefinition, void>({
          kind: 'archive', scope: '', name, now: clock.now(),
          decide: () => ({ definition: { EventSourceArn: 'arn:aws:events:us-east-1:000000000000:event-bus/b', bus: 'b', RetentionDays, State: 'ENABLED' }, result: undefined }),
        });
      await archive('day', 1);
      await archive('forever', 0);
      await archive('long', 2 ** 31 - 1); // reaches back before any clock: keeps everything
      const ages = [3 * DAY, DAY + 1, DAY, 0];
      await engine.bus.acceptEvents({
        deliveries: [],
        archived: ['day', 'forever', 'long'].flatMap((name) => ages.map((age, i) => ({ archive: name, eventId: `e${i}`, eventTime: clock.now() - age, json: '{}' }))),
        now: clock.now(),
      });
      const retention = new ArchiveRetention(engine.bus, clock, silentLogger);
      assert.deepEqual(await retention.trim(), { trimmedEvents: 2 });
      const counts = async () => Promise.all(['day', 'forever', 'long'].map(async (name) => (await engine.bus.archiveStats(name)).eventCount));
      assert.deepEqual(await counts(), [2, 4, 4]);
      assert.deepEqual(await retention.trim(), { trimmedEvents: 0 });
      clock.advance(1);
      assert.deepEqual(await retention.trim(), { trimmedEvents: 1 });
      assert.deepEqual(await counts(), [1, 4, 4]);

      // In the background: once the injected clock has moved a minute since the last trim.
      await engine.bus.acceptEvents({ deliveries: [], archived: [{ archive: 'day', eventId: 'old', eventTime: clock.now() - 2 * DAY, json: '{}' }], now: clock.now() });
      retention.start(5);
      try {
        clock.advance(60_000);
        const deadline = Date.now() + 10_000;
        while ((await engine.bus.archiveStats('day')).eventCount > 1) {
          assert.ok(Date.now() < deadline, 'not trimmed within 10 s');
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      } finally {
        await retention.stop();
      }
    } finally {
      await engine.close();
    }
  });
});
