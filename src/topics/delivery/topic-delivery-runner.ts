import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { StoredTopicDelivery, TopicDeliveryOutcome, TopicDeliveryStore } from '../../storage/topic-delivery-store.js';

export interface TopicDeliveryRunnerOptions {
  /** Deliveries attempted at once (default 64). */
  readonly concurrency?: number;
  /** How long a claim holds a delivery (default 60 s): past it, another node may take it over. */
  readonly leaseMs?: number;
  /** The longest the runner sleeps without looking (default 60 s): the fallback for deliveries other nodes add. */
  readonly maxIdleMs?: number;
}

const ERROR_PAUSE_MS = 1_000;

/**
 * Delivers stored topic deliveries, the way the bus's DeliveryRunner delivers its own (same lease,
 * wake-up and settle rules, on TopicDeliveryStore): claims due deliveries with a lease (owner unique per
 * process and start), attempts each (`attempt` never throws), and settles the outcomes, which apply only
 * while the lease is held. Woken by the store after a commit that added deliveries (a Publish answers
 * after that commit: no polling delay), by a timer on the injected clock for the next due time (never
 * longer than maxIdleMs), and by a finished attempt. Nothing throws out: storage errors are logged and
 * the runner looks again a second later.
 */
export class TopicDeliveryRunner {
  readonly owner = `${hostname()}/${process.pid}/${randomUUID()}`;
  readonly #store: TopicDeliveryStore;
  readonly #attempt: (delivery: StoredTopicDelivery) => Promise<TopicDeliveryOutcome>;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #concurrency: number;
  readonly #leaseMs: number;
  readonly #maxIdleMs: number;
  readonly #running = new Set<Promise<void>>();
  #unsubscribe: (() => void) | undefined;
  #timer: NodeJS.Timeout | undefined;
  #pumping = false;
  #wanted = false;
  #closed = false;

  constructor(
    store: TopicDeliveryStore,
    attempt: (delivery: StoredTopicDelivery) => Promise<TopicDeliveryOutcome>,
    clock: Clock,
    logger: Logger,
    options: TopicDeliveryRunnerOptions = {},
  ) {
    this.#store = store;
    this.#attempt = attempt;
    this.#clock = clock;
    this.#logger = logger;
    this.#concurrency = options.concurrency ?? 64;
    this.#leaseMs = options.leaseMs ?? 60_000;
    this.#maxIdleMs = options.maxIdleMs ?? 60_000;
  }

  /** Starts delivering; `releaseLeases`: the engine is this process's alone, so held leases are a previous run's. */
  async start(releaseLeases: boolean): Promise<void> {
    if (releaseLeases) await this.#store.releaseAllLeases();
    this.#unsubscribe = this.#store.onDeliveries(() => this.wake());
    this.wake();
  }

  wake(): void {
    if (this.#closed) return;
    this.#wanted = true;
    if (!this.#pumping) void this.#pump();
  }

  /** Delivers everything due at the clock's now and waits for it and for the attempts under way (time control, tests). */
  async deliverDue(): Promise<{ attempted: number }> {
    let attempted = 0;
    for (;;) {
      const now = this.#clock.now();
      const claimed = await this.#store.claimDeliveries(this.owner, now, now + this.#leaseMs, this.#concurrency);
      if (claimed.length === 0) {
        if (this.#running.size === 0) return { attempted };
        await Promise.allSettled([...this.#running]);
        continue;
      }
      attempted += claimed.length;
      await this.#store.settleDeliveries(this.owner, await Promise.all(claimed.map((delivery) => this.#attemptSafely(delivery))));
    }
  }

  /** The earliest due time of a stored delivery (time control replays a jump through it). */
  nextDue(): Promise<number | undefined> {
    return this.#store.nextDeliveryDue();
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#unsubscribe?.();
    clearTimeout(this.#timer);
    while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
  }

  async #pump(): Promise<void> {
    this.#pumping = true;
    try {
      while (this.#wanted && !this.#closed) {
        this.#wanted = false;
        const free = this.#concurrency - this.#running.size;
        if (free <= 0) break;
        const now = this.#clock.now();
        const claimed = await this.#store.claimDeliveries(this.owner, now, now + this.#leaseMs, free);
        for (const delivery of claimed) this.#run(delivery);
        if (claimed.length === free) this.#wanted = true;
      }
      if (!this.#closed && this.#running.size === 0) await this.#armTimer();
    } catch (error) {
      this.#logger.error('topics: the delivery runner could not read its deliveries; trying again in a second', error);
      this.#setTimer(ERROR_PAUSE_MS);
    } finally {
      this.#pumping = false;
      if (this.#wanted) this.wake();
    }
  }

  #run(delivery: StoredTopicDelivery): void {
    const run = this.#attemptSafely(delivery)
      .then((outcome) => this.#store.settleDeliveries(this.owner, [outcome]))
      .then(
        () => {},
        (error) => this.#logger.error(`topics: delivery ${delivery.id} could not be settled; it is retried once its lease expires`, error),
      )
      .finally(() => {
        this.#running.delete(run);
        this.wake();
      });
    this.#running.add(run);
  }

  async #attemptSafely(delivery: StoredTopicDelivery): Promise<TopicDeliveryOutcome> {
    try {
      return await this.#attempt(delivery);
    } catch (error) {
      this.#logger.error(`topics: delivery ${delivery.id} failed unexpectedly`, error);
      return { id: delivery.id, kind: 'retry', attempts: delivery.attempts + 1, dueAt: this.#clock.now() + this.#leaseMs, error: `INTERNAL_ERROR: ${String(error)}` };
    }
  }

  async #armTimer(): Promise<void> {
    const due = await this.#store.nextDeliveryDue();
    const wait = due === undefined ? this.#maxIdleMs : Math.min(this.#maxIdleMs, due - this.#clock.now());
    this.#setTimer(Math.max(5, wait)); // a due time already past would have been claimed; a few ms keep a stale read from spinning
  }

  #setTimer(ms: number): void {
    clearTimeout(this.#timer);
    if (this.#closed) return;
    this.#timer = setTimeout(() => this.wake(), ms);
    this.#timer.unref();
  }
}
