import type { MappingSettings } from '../../src/triggers/mapping-settings.js';

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
