import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { QueueStore } from '../storage/queue-store.js';
import type { Queue } from './queues-context.js';

/** How often retention runs by default. */
export const QUEUE_TRIM_INTERVAL_MS = 60_000;

/**
 * Retention in the background: deletes messages older than each queue's MessageRetentionPeriod and
 * expired deduplication entries. Receives never return an expired message even before it runs (the
 * store filters by age); this keeps the database from growing with them. The timer trims only while
 * `leader` answers true (the node leading maintenance); trim() always does.
 */
export class QueueMaintenance {
  readonly #store: QueueStore;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #leader: () => boolean;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> = Promise.resolve();

  constructor(store: QueueStore, clock: Clock, logger: Logger, leader: () => boolean = () => true) {
    this.#store = store;
    this.#clock = clock;
    this.#logger = logger;
    this.#leader = leader;
  }

  /** Trims every queue now; resolves with how many messages went. */
  async trim(): Promise<{ trimmedMessages: number }> {
    const now = this.#clock.now();
    let trimmed = 0;
    for (const queue of await this.#store.list<Queue['attributes']>()) {
      trimmed += await this.#store.trim(queue.id, now - queue.attributes.MessageRetentionPeriod * 1000, now);
    }
    return { trimmedMessages: trimmed };
  }

  start(intervalMs = QUEUE_TRIM_INTERVAL_MS): void {
    this.#timer = setInterval(() => {
      if (!this.#leader()) return;
      this.#running = this.trim().catch((error) => this.#logger.error('queue retention failed', error));
    }, intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#running;
  }
}
