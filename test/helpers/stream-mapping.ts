import { silentLogger } from '../../src/shared/logger.js';
import type { StorageEngine } from '../../src/storage/engine.js';
import type { MappingRecord } from '../../src/storage/trigger-store.js';
import { ShardWatcher } from '../../src/streams/shard-watcher.js';
import { MappingConsumer } from '../../src/triggers/mapping-consumer.js';
import type { MappingSettings } from '../../src/triggers/mapping-settings.js';
import { DEFAULT_TIMINGS } from '../../src/triggers/trigger-timings.js';

// A one-table stream and a mapping's settings as CreateEventSourceMapping leaves them (TRIM_HORIZON, no
// options), for tests that drive the trigger runtime on an engine without the wire.
export const T0 = Date.UTC(2026, 0, 1);
export const LABEL = '2026-01-01T00:00:00.000';
export const STREAM_ARN = `arn:aws:dynamodb:us-east-1:000000000000:table/tbl/stream/${LABEL}`;
export const STREAM_SETTINGS: MappingSettings = {
  startingPosition: 'TRIM_HORIZON',
  enabled: true,
  batchSize: 100,
  maximumBatchingWindowInSeconds: 0,
  parallelizationFactor: 1,
  maximumRetryAttempts: -1,
  maximumRecordAgeInSeconds: -1,
  bisectBatchOnFunctionError: false,
  functionResponseTypes: [],
  tumblingWindowInSeconds: 0,
  filterPatterns: [],
  state: 'Enabled',
  lastProcessingResult: 'No records processed',
};

/** A consumer of `mapping` on `engine` (not started; stop it, then its watcher) whose function notes the `pk` of every record it gets, in order. */
export function recordingConsumer(engine: StorageEngine, mapping: MappingRecord<MappingSettings>, now: () => number): { consumer: MappingConsumer; delivered: string[]; watcher: ShardWatcher } {
  const delivered: string[] = [];
  const watcher = new ShardWatcher(engine);
  const consumer = new MappingConsumer(
    {
      engine, watcher, logger: silentLogger, region: 'us-east-1', owner: 'solo', timings: DEFAULT_TIMINGS, now, filter: undefined,
      destination: {
        arn: 'arn:aws:lambda:us-east-1:000000000000:function:fn',
        deliver: async (payload) => {
          for (const record of (JSON.parse(payload) as { Records: { dynamodb: { Keys: { pk: { S: string } } } }[] }).Records) delivered.push(record.dynamodb.Keys.pk.S);
          return { requestId: `r${delivered.length}`, payload: 'null' };
        },
      },
      discard: async () => undefined,
    },
    mapping,
  );
  return { consumer, delivered, watcher };
}
