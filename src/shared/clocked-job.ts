import type { Clock } from './clock.js';
import type { Logger } from './logger.js';

/**
 * A maintenance job that runs at most once per `intervalMs` of the injected clock. `start()` looks
 * every `checkMs` of real time and runs the job when the clock has moved `intervalMs` or more since
 * its last run, so a clock moved by a test or `eddy time` is honoured; a failure there is logged with
 * `failure` and tried again at a later check. With `leader`, a check runs the job only while it answers
 * true (the node leading maintenance, src/cluster), so several nodes on one database do not all do it.
 * `run()` runs the job now, after a run in progress, and answers what it returned (the admin routes that
 * trigger maintenance).
 */
export class ClockedJob<R> {
  readonly #job: (now: number) => Promise<R>;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #intervalMs: number;
  readonly #failure: string;
  readonly #leader: () => boolean;
  #lastRun = -Infinity;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> = Promise.resolve();

  constructor(job: (now: number) => Promise<R>, options: { clock: Clock; logger: Logger; intervalMs: number; failure: string; leader?: () => boolean }) {
    this.#job = job;
    this.#clock = options.clock;
    this.#logger = options.logger;
    this.#intervalMs = options.intervalMs;
    this.#failure = options.failure;
    this.#leader = options.leader ?? (() => true);
  }

  run(): Promise<R> {
    const run = this.#running
      .catch(() => undefined)
      .then(() => {
        const now = this.#clock.now();
        this.#lastRun = now;
        return this.#job(now);
      });
    this.#running = run;
    return run;
  }

  start(checkMs: number): void {
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => {
      if (this.#clock.now() - this.#lastRun < this.#intervalMs || !this.#leader()) return;
      this.run().catch((error) => this.#logger.error(this.#failure, error));
    }, checkMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running.catch(() => undefined);
  }
}
