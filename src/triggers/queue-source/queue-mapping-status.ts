import { mappingHeading, processingStatus, type MappingStatus } from '../mapping-status.js';
import type { QueueMapping } from './queue-mapping-view.js';
import type { QueuePoller } from './queue-poller.js';

/** Failing message ids a status lists at most (failingMessageCount has them all). */
const LISTED_FAILING = 100;

/** A queue mapping's status: its stored settings, and — while it runs — its poller's live stats. */
export function queueMappingStatus(mapping: QueueMapping, poller: QueuePoller | undefined): MappingStatus {
  const stats = poller?.stats;
  const failing = stats?.failingMessages ?? [];
  return {
    ...mappingHeading(mapping, 'queue', stats?.lastProcessingResult),
    shards: [],
    ...(poller && {
      queue: {
        ...processingStatus(stats),
        inFlight: poller.inFlight,
        messagesInFlight: poller.messagesInFlight,
        failingMessages: failing.slice(0, LISTED_FAILING),
        failingMessageCount: failing.length,
      },
    }),
  };
}
