import { prepareQueueMessage } from '../../queues/send-to-queue.js';
import type { Queue, QueuesContext } from '../../queues/queues-context.js';
import { QueuesByArn } from '../../queues/queues-by-arn.js';
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
 * Queues are cached by ARN with the version they were read at (QueuesByArn); the accepting transaction
 * checks that version (a queue changed or deleted since is left to the runner for that call).
 */
export class InlineQueueTargets {
  readonly #queues: QueuesByArn;

  constructor(queues: QueuesContext) {
    this.#queues = new QueuesByArn(queues);
  }

  async split(deliveries: readonly NewDelivery[], now: number): Promise<SplitDeliveries> {
    const queued: QueuedDelivery[] = [];
    const rest: NewDelivery[] = [];
    const found = new Map<string, Queue | undefined>();
    for (const delivery of deliveries) {
      const arn = (delivery.target as DeliveryTarget).target.Arn;
      if (!found.has(arn)) found.set(arn, isQueueArn(arn) ? await this.#queues.get(arn) : undefined);
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
    this.#queues.committed(queued.map((entry) => entry.queueId), queuedTo);
  }
}
