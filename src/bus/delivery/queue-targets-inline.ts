import { prepareQueueMessage } from '../../queues/send-to-queue.js';
import { queueNameOfArn } from '../../queues/queue-url.js';
import type { Queue, QueuesContext } from '../../queues/queues-context.js';
import type { NewDelivery, QueuedDelivery } from '../../storage/bus-store.js';
import type { DeliveryTarget } from './delivery-target.js';
import { isQueueArn, queueMessageOf } from './queue-target.js';

/** Deliveries split: those made in the accepting transaction, and those left to the delivery runner. */
export interface SplitDeliveries {
  readonly queued: QueuedDelivery[];
  readonly rest: NewDelivery[];
}

/**
 * Queue targets delivered in the transaction that accepts their events (BusStore's `queued`): a queue
 * of this deployment sits in the same database, so its message is committed with the event, with no
 * delivery to store, claim and settle — the message is on the queue when PutEvents answers, exactly
 * once, and the bus's busiest targets cost a fraction of what the runner spends on one. Only a
 * delivery that will succeed goes this way: one whose queue does not exist, or which the queue would
 * refuse (too large, a FIFO queue without a group id or content-based deduplication), is left to the
 * runner, which fails it, retries it or sends it to its dead-letter queue as EventBridge does.
 *
 * Queues are cached by ARN with the version they were read at; the accepting transaction checks that
 * version (a queue changed or deleted since is left to the runner for that call) and the entry is
 * dropped, so the next call reads the queue again.
 */
export class InlineQueueTargets {
  readonly #queues: QueuesContext;
  /** By ARN; a queue that does not exist is not cached (it may be created at any time). */
  readonly #cache = new Map<string, Queue>();

  constructor(queues: QueuesContext) {
    this.#queues = queues;
  }

  async split(deliveries: readonly NewDelivery[], now: number): Promise<SplitDeliveries> {
    const queued: QueuedDelivery[] = [];
    const rest: NewDelivery[] = [];
    const found = new Map<string, Queue | undefined>();
    for (const delivery of deliveries) {
      const arn = (delivery.target as DeliveryTarget).target.Arn;
      if (!found.has(arn)) found.set(arn, isQueueArn(arn) ? await this.#queue(arn) : undefined);
    }
    for (const delivery of deliveries) {
      const target = delivery.target as DeliveryTarget;
      const queue = found.get(target.target.Arn);
      if (queue === undefined) {
        rest.push(delivery);
        continue;
      }
      try {
        const { message } = prepareQueueMessage(queue, queueMessageOf(delivery.payload, target), now);
        queued.push({ delivery, queueId: queue.id, queueVersion: queue.version, message });
      } catch {
        rest.push(delivery); // the runner meets the same refusal and makes it the delivery failure it is
      }
    }
    return { queued, rest };
  }

  /**
   * After the commit that accepted `queued`: the queues that got messages wake their long polls and
   * queue mappings; a queue that did not (changed or deleted) is read again next time.
   */
  committed(queued: readonly QueuedDelivery[], queuedTo: ReadonlySet<number>): void {
    for (const id of queuedTo) this.#queues.waiters.notify(id);
    if (queued.every((entry) => queuedTo.has(entry.queueId))) return;
    for (const [arn, queue] of this.#cache) if (!queuedTo.has(queue.id) && queued.some((entry) => entry.queueId === queue.id)) this.#cache.delete(arn);
  }

  async #queue(arn: string): Promise<Queue | undefined> {
    const cached = this.#cache.get(arn);
    if (cached !== undefined) return cached;
    const name = queueNameOfArn(arn, this.#queues.deployment);
    const queue = name === undefined ? undefined : await this.#queues.store.get<Queue['attributes']>(name);
    if (queue !== undefined) this.#cache.set(arn, queue);
    return queue;
  }
}
