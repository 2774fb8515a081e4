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
 */
export class InlineQueueTargets {
  readonly #queues: QueuesContext;

  constructor(queues: QueuesContext) {
    this.#queues = queues;
  }

  /** Reads each queue named once per call; a queue deleted after this is caught by the store (its deliveries are stored instead). */
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
        queued.push({ delivery, queueId: queue.id, message });
      } catch {
        rest.push(delivery); // the runner meets the same refusal and makes it the delivery failure it is
      }
    }
    return { queued, rest };
  }

  /** After the commit that put messages on these queues: their long polls and queue mappings wake. */
  woke(queueIds: readonly number[]): void {
    for (const id of queueIds) this.#queues.waiters.notify(id);
  }

  #queue(arn: string): Promise<Queue | undefined> {
    const name = queueNameOfArn(arn, this.#queues.deployment);
    return name === undefined ? Promise.resolve(undefined) : this.#queues.store.get<Queue['attributes']>(name);
  }
}
