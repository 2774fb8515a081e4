import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../shared/clock.js';
import { silentLogger } from '../shared/logger.js';
import { openSqliteEngine } from '../storage/sqlite/sqlite-engine.js';
import { ShardWatcher } from '../streams/shard-watcher.js';
import { keyOf } from '../../test/helpers/stream-engines.js';
import { MappingConsumer } from './mapping-consumer.js';
import type { MappingSettings } from './mapping-settings.js';
import { LABEL, STREAM_ARN, STREAM_SETTINGS, T0 } from '../../test/helpers/stream-mapping.js';


const dir = mkdtempSync(join(tmpdir(), 'eddy-blocking-order-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The blocking batch is stored on the shard's row beside its checkpoint, by separate writes (on
 * PostgreSQL, separate connections). Whoever reads the row must never see the checkpoint past a batch
 * and the batch still blocking: the clearing is stored first, however slow it is.
 */
describe('the blocking batch and the checkpoint past it', () => {
  for (const [name, retries, outcome] of [
    ['a batch that succeeds at its second attempt', -1, 'success'],
    ['a batch given up after its retries', 1, 'failure'],
  ] as const) {
    it(`${name}: the blocking batch is cleared before the checkpoint moves past it`, async () => {
      const engine = openSqliteEngine({ path: join(dir, `${outcome}.sqlite`) });
      const meta = { tableName: 'tbl', viewType: 'NEW_IMAGE', keySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] };
      const table = (await engine.createTable('tbl', {}, { label: LABEL, enabled: true, shardCount: 1, meta }))!;
      const mapping = await engine.triggers.createMapping<MappingSettings>({ uuid: 'm', functionName: 'fn', sourceArn: STREAM_ARN, config: { ...STREAM_SETTINGS, maximumRetryAttempts: retries }, now: T0 });
      const key = keyOf('a');
      const record = { hash: key.hash, json: 'I-{"ApproximateCreationDateTime":1767225600,"Keys":{"pk":{"S":"a"}},"SizeBytes":9}' };
      await engine.writeItems({ targets: [{ tableId: table.id, key }], decide: () => ({ mutations: [{ target: 0, item: { json: '{}', size: 2 }, record }], result: undefined }) });

      // What was stored, in the order the writes completed; clearing the batch takes 150 ms.
      const stored: string[] = [];
      const triggers = engine.triggers;
      const overrides: Partial<typeof triggers> = {
        markBlocked: async (...args) => {
          const text = args[3];
          if (text === null) await new Promise((resolve) => setTimeout(resolve, 150));
          const done = await triggers.markBlocked(...args);
          stored.push(text === null ? 'cleared' : `blocked after ${(JSON.parse(text) as { attempts: number }).attempts}`);
          return done;
        },
        checkpoint: async (...args) => {
          const done = await triggers.checkpoint(...args);
          stored.push('checkpoint');
          return done;
        },
      };
      const positions = new Proxy(triggers, {
        get: (target, key: keyof typeof triggers) => overrides[key] ?? (typeof target[key] === 'function' ? (target[key] as (...a: unknown[]) => unknown).bind(target) : target[key]),
      });

      let attempts = 0;
      const watcher = new ShardWatcher(engine);
      const clock = new ManualClock(T0);
      const consumer = new MappingConsumer(
        {
          engine, watcher, positions, logger: silentLogger, region: 'us-east-1', owner: 'solo', now: () => clock.now(), filter: undefined,
          timings: { retryBaseMs: 1, retryMaxMs: 1, leaseMs: 30_000 },
          destination: {
            arn: 'arn:aws:lambda:us-east-1:000000000000:function:fn',
            deliver: async () => ({ requestId: `r${++attempts}`, payload: 'null', ...((outcome === 'failure' || attempts === 1) && { functionError: 'Unhandled' }) }),
          },
          discard: async () => undefined,
        },
        mapping,
      );
      consumer.start();
      try {
        for (let waited = 0; !stored.includes('checkpoint') && waited < 10_000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
        // The new holder clears what a previous one stored, first.
        assert.deepEqual(stored, ['cleared', 'blocked after 1', 'cleared', 'checkpoint']);
        assert.equal((await engine.triggers.listCheckpoints('m'))[0]!.blocked, undefined);
      } finally {
        await consumer.stop();
        watcher.close();
        await engine.close();
      }
    });
  }
});
