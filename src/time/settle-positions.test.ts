import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../shared/clock.js';
import { openSqliteEngine } from '../storage/sqlite/sqlite-engine.js';
import { mappingStatus } from '../triggers/mapping-status.js';
import type { MappingSettings } from '../triggers/mapping-settings.js';
import { keyOf } from '../../test/helpers/stream-engines.js';
import { LABEL, STREAM_ARN, STREAM_SETTINGS, recordingConsumer } from '../../test/helpers/stream-mapping.js';
import { settleStreams } from './stream-settle.js';

const dir = mkdtempSync(join(tmpdir(), 'eddy-settle-positions-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Settling, then writing, with a consumer at StartingPosition LATEST that has not read its shard yet: the
 * consumer starts when settling has looked at the (stored) statuses three times, or once settling answers,
 * whichever comes first. Settling that took a consumer without a position for caught up answered at its
 * second look; the put then came before the consumer took the shard's newest record, and was skipped.
 */
describe('settling and StartingPosition LATEST', () => {
  it('waits for the consumer to take its position, so a record written after settling is delivered', async () => {
    const engine = openSqliteEngine({ path: join(dir, 'settle.sqlite'), now: () => systemClock.now(), durability: 'process' });
    const meta = { tableName: 'tbl', viewType: 'KEYS_ONLY', keySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] };
    const table = (await engine.createTable('tbl', {}, { label: LABEL, enabled: true, shardCount: 1, meta }))!;
    const put = (pk: string) => {
      const key = keyOf(pk);
      const record = { hash: key.hash, json: `I-{"ApproximateCreationDateTime":${Math.floor(systemClock.now() / 1000)},"Keys":{"pk":{"S":"${pk}"}},"SizeBytes":9}` };
      return engine.writeItems({ targets: [{ tableId: table.id, key }], decide: () => ({ mutations: [{ target: 0, item: { json: '{}', size: 2 }, record }], result: undefined }) });
    };
    await put('before-the-mapping');
    const mapping = await engine.triggers.createMapping<MappingSettings>({ uuid: 'm', functionName: 'fn', sourceArn: STREAM_ARN, config: { ...STREAM_SETTINGS, startingPosition: 'LATEST' }, now: systemClock.now() + 1 });

    const { consumer, delivered, watcher } = recordingConsumer(engine, mapping, () => systemClock.now());
    let started = false;
    const start = () => {
      if (!started) consumer.start();
      started = true;
    };
    let looks = 0;
    const consumers = [
      {
        status: async () => {
          if (++looks === 3) start();
          return [await mappingStatus(engine, mapping, consumer.stats, systemClock.now())];
        },
      },
    ];
    try {
      const before = await mappingStatus(engine, mapping, undefined, systemClock.now());
      assert.equal(before.shards[0]?.awaitingPosition, true, 'no position stored yet');
      await settleStreams(consumers, systemClock, 10_000);
      start();
      assert.equal((await mappingStatus(engine, mapping, undefined, systemClock.now())).shards[0]?.awaitingPosition, undefined, 'its position is stored');
      await put('after-settling');
      await settleStreams(consumers, systemClock, 10_000);
      assert.deepEqual(delivered, ['after-settling']);
    } finally {
      await consumer.stop();
      watcher.close();
      await engine.close();
    }
  });

  it('does not count a TRIM_HORIZON consumer without a checkpoint as awaiting one (it reads from the first record)', async () => {
    const engine = openSqliteEngine({ path: join(dir, 'trim.sqlite'), now: () => systemClock.now(), durability: 'process' });
    const meta = { tableName: 'tbl', viewType: 'KEYS_ONLY', keySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] };
    await engine.createTable('tbl', {}, { label: LABEL, enabled: true, shardCount: 1, meta });
    try {
      const mapping = await engine.triggers.createMapping<MappingSettings>({ uuid: 't', functionName: 'fn', sourceArn: STREAM_ARN, config: STREAM_SETTINGS, now: systemClock.now() + 1 });
      const status = await mappingStatus(engine, mapping, undefined, systemClock.now());
      assert.equal(status.shards.length, 1);
      assert.equal(status.shards[0]!.awaitingPosition, undefined);
    } finally {
      await engine.close();
    }
  });
});
