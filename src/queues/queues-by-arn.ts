import { queueNameOfArn } from './queue-url.js';
import type { Queue, QueuesContext } from './queues-context.js';

/**
 * Queues of this deployment by ARN, for writers that put messages on them in their own transaction (a
 * bus's queue targets, a topic's SQS subscriptions): each is cached with the version it was read at,
 * which the writing transaction checks — a queue changed or deleted since gets an ordinary delivery,
 * and `committed` drops it so the next write reads it again. A queue that does not exist is not cached:
 * it may be created at any time.
 */
export class QueuesByArn {
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

  /**
   * After the commit that was to put messages on the `expected` queues: those in `queuedTo` got them and
   * wake their long polls and queue mappings; the others (changed or deleted since read) are forgotten.
   */
  committed(expected: Iterable<number>, queuedTo: ReadonlySet<number>): void {
    for (const id of queuedTo) this.#queues.waiters.notify(id);
    let missed: Set<number> | undefined;
    for (const id of expected) if (!queuedTo.has(id)) (missed ??= new Set()).add(id);
    if (missed === undefined) return;
    for (const [arn, queue] of this.#cache) if (missed.has(queue.id)) this.#cache.delete(arn);
  }
}
