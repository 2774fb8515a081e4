import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../shared/clock.js';
import { openSqliteEngine } from '../storage/sqlite/sqlite-engine.js';
import { keyOf } from '../../test/helpers/stream-engines.js';
import { LABEL, STREAM_ARN, STREAM_SETTINGS, T0, recordingConsumer } from '../../test/helpers/stream-mapping.js';
import type { MappingSettings } from './mapping-settings.js';

const dir = mkdtempSync(join(tmpdir(), 'eddy-latest-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('StartingPosition LATEST', () => {
  it('starts the shards open at the mapping\'s creation at their newest record, and a shard opened since (a rotation\'s child) at its first', async () => {
    let now = T0;
    const engine = openSqliteEngine({ path: join(dir, 'latest.sqlite'), now: () => now, durability: 'process' });
    const meta = { tableName: 'tbl', viewType: 'KEYS_ONLY', keySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] };
    const table = (await engine.createTable('tbl', {}, { label: LABEL, enabled: true, shardCount: 1, meta }))!;
    const put = (pk: string) => {
      const key = keyOf(pk);
      const record = { hash: key.hash, json: `I-{"ApproximateCreationDateTime":${Math.floor(now / 1000)},"Keys":{"pk":{"S":"${pk}"}},"SizeBytes":9}` };
      return engine.writeItems({ targets: [{ tableId: table.id, key }], decide: () => ({ mutations: [{ target: 0, item: { json: '{}', size: 2 }, record }], result: undefined }) });
    };
    await put('before-the-mapping');
    now += 1_000;
    const mapping = await engine.triggers.createMapping<MappingSettings>({ uuid: 'm', functionName: 'fn', sourceArn: STREAM_ARN, config: { ...STREAM_SETTINGS, startingPosition: 'LATEST' }, now });
    // Before the mapping's consumer has read anything: the shard rotates, and records go to its child.
    now += 1_000;
    const { stream } = (await engine.getStream('tbl', LABEL))!;
    await engine.rotateShards(stream.id, now);
    await put('in-the-child-1');
    await put('in-the-child-2');

    const clock = new ManualClock(now);
    const { consumer, delivered, watcher } = recordingConsumer(engine, mapping, () => clock.now());
    consumer.start();
    try {
      for (let waited = 0; delivered.length < 2 && waited < 10_000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.deepEqual(delivered, ['in-the-child-1', 'in-the-child-2']);
    } finally {
      await consumer.stop();
      watcher.close();
      await engine.close();
    }
  });
});
