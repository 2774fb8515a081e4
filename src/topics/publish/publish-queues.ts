import { queueNameOfArn } from '../../queues/queue-url.js';
import type { Queue, QueuesContext } from '../../queues/queues-context.js';

/**
 * Queues of this deployment by ARN, cached with the version they were read at (the accepting transaction
 * checks it: a queue changed or deleted since gets an ordinary delivery, and its entry is dropped so the
 * next Publish reads it again). A queue that does not exist is not cached: it may be created at any time.
 * The same idea as the bus's InlineQueueTargets.
 */
export class PublishQueues {
  readonly #queues: QueuesContext;
  readonly #cache = new Map<string, Queue>();

  constructor(queues: QueuesContext) {
    this.#queues = queues;
  }

  async get(arn: string): Promise<Queue | undefined> {
    const cached = this.#cache.get(arn);
    if (cached !== undefined) return cached;
    const name = queueNameOfArn(arn, this.#queues.deployment);
    const queue = name === undefined ? undefined : await this.#queues.store.get<Queue['attributes']>(name);
    if (queue !== undefined) this.#cache.set(arn, queue);
    return queue;
  }

  /** After the commit: wakes the queues that got messages; forgets those that were expected to and did not. */
  committed(expected: ReadonlySet<number>, queuedTo: ReadonlySet<number>): void {
    for (const id of queuedTo) this.#queues.waiters.notify(id);
    for (const [arn, queue] of this.#cache) if (expected.has(queue.id) && !queuedTo.has(queue.id)) this.#cache.delete(arn);
  }
}
