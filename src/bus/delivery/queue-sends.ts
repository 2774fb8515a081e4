import { sendManyToQueue, type QueueMessage } from '../../queues/send-to-queue.js';
import type { QueuesContext } from '../../queues/queues-context.js';
import { QueueDoesNotExistError } from '../../queues/rules/sqs-errors.js';
import { ServiceError } from '../../shared/service-error.js';
import { deliveryFailures } from './delivery-failure.js';

interface Pending {
  readonly message: QueueMessage;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Queue messages sent in the same turn of the event loop, sent together: the runner starts a claim's
 * attempts in one go, so its deliveries to one queue cost one queue lookup and one store call (one unit
 * of the engine's group commit) rather than one of each per delivery — the difference between a
 * runner that keeps up with PutEvents and one that does not. Each message keeps its own outcome: one
 * the queue refuses fails alone, as SQS's refusal turned into the delivery failure it is.
 */
export class QueueSends {
  readonly #queues: QueuesContext;
  #pending = new Map<string, Pending[]>();
  #scheduled = false;

  constructor(queues: QueuesContext) {
    this.#queues = queues;
  }

  /** Resolves once the message is on the queue (committed); throws a DeliveryFailure when the queue refused it. */
  send(queueArn: string, message: QueueMessage): Promise<void> {
    return new Promise((resolve, reject) => {
      let batch = this.#pending.get(queueArn);
      if (batch === undefined) this.#pending.set(queueArn, (batch = []));
      batch.push({ message, resolve, reject });
      if (this.#scheduled) return;
      this.#scheduled = true;
      queueMicrotask(() => this.#flush());
    });
  }

  #flush(): void {
    this.#scheduled = false;
    const pending = this.#pending;
    this.#pending = new Map();
    for (const [queueArn, batch] of pending) void this.#sendBatch(queueArn, batch);
  }

  async #sendBatch(queueArn: string, batch: readonly Pending[]): Promise<void> {
    try {
      const outcomes = await sendManyToQueue(this.#queues, { queueArn }, batch.map((pending) => pending.message));
      outcomes.forEach((outcome, i) => ('error' in outcome ? batch[i]!.reject(asDeliveryError(outcome.error, queueArn)) : batch[i]!.resolve()));
    } catch (error) {
      const failure = asDeliveryError(error, queueArn);
      for (const pending of batch) pending.reject(failure);
    }
  }
}

/** SQS's refusals as the delivery failures they are: a missing queue is NO_RESOURCE, a refused message INVALID_PARAMETER. */
export function asDeliveryError(error: unknown, queueArn: string): unknown {
  if (error instanceof QueueDoesNotExistError) return deliveryFailures.noResource(`Queue not found: ${queueArn}`);
  if (error instanceof ServiceError && error.statusCode < 500) return deliveryFailures.invalidParameter(`${error.code}: ${error.message}`);
  return error;
}
