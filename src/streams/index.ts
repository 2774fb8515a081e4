/** Streams own change records: building them from item writes, shards and sequence numbers as the Streams API shows them, iterators, retention, rotation and in-process subscriptions. */
export { streamErrors } from './errors.js';
export {
  buildStoredRecord,
  buildStreamRecord,
  expandRecord,
  formatSequence,
  pendingRecord,
  recordForReader,
  recordSettingsOf,
} from './stream-record.js';
export type { ItemChange, RecordImage, RecordSettings, RecordView } from './stream-record.js';
export { keySchemaOf, tableStreamSpec } from './stream-meta.js';
export type { KeySchemaElement, StreamMeta, StreamViewType } from './stream-meta.js';
export { parseStreamArn, streamArnOf, streamNameOf, type StreamName } from './stream-arn.js';
export { ShardWatcher, type ShardWait } from './shard-watcher.js';
export { StreamMaintenance } from './stream-maintenance.js';
export { defaultStreamsSettings, DEFAULT_RETENTION_HOURS } from './streams-context.js';
export type { StreamsContext, StreamsOperation, StreamsSettings } from './streams-context.js';
export { streamsSettingsOf, MAX_SHARD_COUNT, type StreamsOptions } from './streams-options.js';
