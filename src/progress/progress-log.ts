import { performance } from 'node:perf_hooks';
import type { Logger } from '../shared/logger.js';

/** Between two log lines of one task still running. */
const LOG_EVERY_MS = 10_000;

/**
 * Log lines for long tasks this node runs: one at the start, one every ~10 s while it runs, one at the end.
 * Spaced in real time (performance.now), not Eddy's time: a clock jump must not flood or mute the log.
 */
export class ProgressLog {
  readonly #logger: Logger;
  readonly #loggedAt = new Map<string, number>();

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  /** `what` is the task's name (`GSI backfill of T/I`); `detail` is only built when a line is due. */
  progress(what: string, detail: () => string): void {
    const at = this.#loggedAt.get(what);
    if (at === undefined) {
      this.#loggedAt.set(what, performance.now());
      this.#logger.info(`${what}: started (${detail()})`);
    } else if (performance.now() - at >= LOG_EVERY_MS) {
      this.#loggedAt.set(what, performance.now());
      this.#logger.info(`${what}: ${detail()}`);
    }
  }

  end(what: string, outcome: string): void {
    this.#loggedAt.delete(what);
    this.#logger.info(`${what}: ${outcome}`);
  }
}

/** Per engine (tests run several servers in one process): the log of the node that serves it, set by progressRoutes. */
const logs = new WeakMap<object, ProgressLog>();

export function setProgressLog(engine: object, log: ProgressLog): void {
  logs.set(engine, log);
}

/** The runners below the table context (which carries no logger) find their node's log here. */
export function progressLogOf(engine: object): ProgressLog | undefined {
  return logs.get(engine);
}
