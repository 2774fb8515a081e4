import type { Clock } from '../shared/clock.js';
import type { Queue } from '../queues/queues-context.js';
import type { QueueStore } from '../storage/queue-store.js';
import type { MappingStatus } from '../triggers/mapping-status.js';
import type { GaugeFamily } from './instruments.js';
import type { MetricsRegistry } from './metrics-registry.js';

/** What reports mappings' statuses: the trigger supervisor and the pipe supervisor (`GET /_eddy/mappings`). */
export interface MappingStatusSource {
  status(): Promise<MappingStatus[]>;
}

/**
 * Queue depths, read from storage at each scrape: the whole cluster's, whichever node answers. Two
 * reads however many queues: the list, then every queue's counts at once (QueueStore.statsOf).
 */
export function queueGauges(registry: MetricsRegistry, store: Pick<QueueStore, 'list' | 'statsOf'>, clock: Pick<Clock, 'now'>): void {
  const visible = registry.gauge('eddy_queue_messages', 'Messages a receive could get now (ApproximateNumberOfMessages), by queue. Read from storage: the cluster\'s.', ['queue']);
  const inFlight = registry.gauge('eddy_queue_messages_in_flight', 'Messages received and not yet deleted or visible again (ApproximateNumberOfMessagesNotVisible), by queue.', ['queue']);
  const delayed = registry.gauge('eddy_queue_messages_delayed', 'Messages sent with a delay not yet over (ApproximateNumberOfMessagesDelayed), by queue.', ['queue']);
  const deadLetter = registry.gauge('eddy_queue_dead_letter_messages', 'Messages visible in the dead-letter queue of a queue with a RedrivePolicy, by (source) queue.', ['queue', 'dead_letter_queue']);
  registry.collect([visible, inFlight, delayed, deadLetter], async () => {
    const now = clock.now();
    const queues = await store.list<Queue['attributes']>();
    // A queue deleted since the list has no counts: left out.
    const counts = await store.statsOf(queues.map((queue) => ({ queueId: queue.id, retainedSince: now - queue.attributes.MessageRetentionPeriod * 1000 })), now);
    const visibleByName = new Map<string, number>();
    queues.forEach((queue) => {
      const stats = counts.get(queue.id);
      if (!stats) return;
      visibleByName.set(queue.name, stats.visible);
      visible.labels(queue.name).set(stats.visible);
      inFlight.labels(queue.name).set(stats.inFlight);
      delayed.labels(queue.name).set(stats.delayed);
    });
    for (const queue of queues) {
      const arn = queue.attributes.RedrivePolicy?.deadLetterTargetArn;
      const dlq = arn?.slice(arn.lastIndexOf(':') + 1);
      const depth = dlq === undefined ? undefined : visibleByName.get(dlq);
      if (depth !== undefined && visibleByName.has(queue.name)) deadLetter.labels(queue.name, dlq!).set(depth);
    }
  });
}

/**
 * Iterator age per mapping and pipe, from their statuses (stored checkpoints, the streams' newest
 * records): the oldest unhandled record's age over the mapping's shards, in seconds. Stream sources
 * only: a queue source has no iterator.
 */
export function mappingGauges(registry: MetricsRegistry, sources: () => readonly MappingStatusSource[]): GaugeFamily {
  const age = registry.gauge('eddy_mapping_iterator_age_seconds', 'Now minus the creation time of the newest record a stream mapping or pipe has not handled, the most over its shards; 0 when caught up. By mapping (an ESM\'s UUID, a pipe\'s ARN).', ['mapping']);
  registry.collect([age], async () => {
    const statuses = (await Promise.all(sources().map((source) => source.status()))).flat();
    for (const status of statuses) {
      if (status.kind !== 'stream') continue;
      age.labels(status.uuid).set(Math.max(0, ...status.shards.map((shard) => shard.iteratorAgeMs)) / 1000);
    }
  });
  return age;
}
