import { backoffDelay } from './backoff.js';
import type { Clock } from './clock.js';
import type { Logger } from './logger.js';

/** After a pass with failures, the first wait; it doubles up to the loop's longest sleep. */
const FAILURE_BACKOFF_MS = 1_000;

/**
 * How long a loop over stored due work (scheduled rules, Scheduler schedules) sleeps after a pass: after
 * failures, a backoff from 1 s doubling up to `maxIdleMs`; when the pass left more due, not at all; else
 * until the next due time the store gives (on the injected clock), never longer than `maxIdleMs` — work
 * written by other nodes is found then. A failure to read that time is logged and backed off too.
 */
export class DueSleep {
  readonly #clock: Clock;
  readonly #maxIdleMs: number;
  readonly #logger: Logger;
  /** What the log line names when the next due time cannot be read, e.g. `bus: the schedule loop`. */
  readonly #what: string;
  #failures = 0;

  constructor(options: { clock: Clock; maxIdleMs: number; logger: Logger; what: string }) {
    this.#clock = options.clock;
    this.#maxIdleMs = options.maxIdleMs;
    this.#logger = options.logger;
    this.#what = options.what;
  }

  async after(failed: boolean, more: boolean, nextDue: () => Promise<number | undefined>): Promise<number> {
    if (failed) return this.#backoff();
    this.#failures = 0;
    if (more) return 0;
    try {
      const due = await nextDue();
      return due === undefined ? this.#maxIdleMs : Math.min(this.#maxIdleMs, due - this.#clock.now());
    } catch (error) {
      this.#logger.error(`${this.#what} could not read when work is next due; trying again`, error);
      return this.#backoff();
    }
  }

  #backoff(): number {
    return backoffDelay(++this.#failures, { baseMs: FAILURE_BACKOFF_MS, maxMs: this.#maxIdleMs });
  }
}
