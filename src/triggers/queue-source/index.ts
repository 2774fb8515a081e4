// Queue triggers: SQS queue → function event source mappings (settings, response shape, the poller).
export { queueSettingsFrom, isFifoQueueArn, DEFAULT_QUEUE_BATCH_SIZE, type QueueMappingSettings, type QueueSettingsOptions } from './queue-mapping-settings.js';
export { queueMappingConfiguration, type QueueMapping } from './queue-mapping-view.js';
export { QueuePoller, DEFAULT_QUEUE_CONCURRENCY, DEFAULT_QUEUE_RETRY_MS, type QueueBatchOutcome, type QueuePollerDeps } from './queue-poller.js';
export { applyQueueEvents, queueEventInput } from './queue-config-events.js';
export { queueEventRecord } from './queue-event-record.js';
export { queueMappingStatus } from './queue-mapping-status.js';
export { QueueStats } from './queue-stats.js';
