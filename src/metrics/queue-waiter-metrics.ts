import type { QueueStore } from '../storage/queue-store.js';
import type { MetricsRegistry } from './metrics-registry.js';

/** What the gauge reads: QueueWaiters.parked (receives parked now on this node, by queue id). */
export interface ParkedReceives {
  parked(): ReadonlyMap<number, number>;
}

/**
 * Receives parked on this node now, by queue: ReceiveMessage long polls (and queue mappings' receives)
 * that found nothing and wait for a message or their time to be up. Per node (the waits are this
 * process's); every queue has a sample, 0 when none waits. A test or a tool can wait for a long poll to
 * be waiting before it jumps the clock or sends.
 */
export function queueWaiterGauges(registry: MetricsRegistry, waiters: ParkedReceives, store: Pick<QueueStore, 'list'>): void {
  const waiting = registry.gauge('eddy_queue_receivers_waiting', 'Receives (long polls, queue mappings\' receives) parked on this node now, waiting for a message or their time to be up, by queue. Per node.', ['queue']);
  registry.collect([waiting], async () => {
    const parked = waiters.parked();
    for (const queue of await store.list()) waiting.labels(queue.name).set(parked.get(queue.id) ?? 0);
  });
}
