import { performance } from 'node:perf_hooks';
import type { Logger } from '../shared/logger.js';

/** On a terminal, the line is rewritten at most this often; elsewhere a line is logged this often. */
const TTY_MS = 250;
const LOG_MS = 10_000;

export interface TerminalProgressOptions {
  /** Where the line updated in place goes, when it is a terminal (default process.stdout). */
  readonly out?: { readonly isTTY?: boolean; write(text: string): unknown };
  /** Elapsed real time in ms (default performance.now): spacing, not a time of day. */
  readonly elapsed?: () => number;
}

/**
 * How long work tells the terminal where it is: a line rewritten in place on a terminal (every 250 ms at
 * most), a log line every ~10 s otherwise, and one as it begins. The import's and the export's progress.
 */
export class TerminalProgress {
  readonly #logger: Logger;
  readonly #tty: TerminalProgressOptions['out'] | undefined;
  readonly #elapsed: () => number;
  #shownAt: number;
  #shown = false;

  constructor(beginning: string, logger: Logger, options: TerminalProgressOptions = {}) {
    const out = options.out ?? process.stdout;
    this.#logger = logger;
    this.#tty = out.isTTY === true ? out : undefined;
    this.#elapsed = options.elapsed ?? (() => performance.now());
    this.#shownAt = this.#elapsed();
    logger.info(`eddy: ${beginning}…`);
  }

  /** Shows `text()` when a line is due; cheap when none is: call it per unit of work. */
  update(text: () => string): void {
    if (this.#elapsed() - this.#shownAt < (this.#tty ? TTY_MS : LOG_MS)) return;
    this.#shownAt = this.#elapsed();
    if (this.#tty) {
      this.#tty.write(`\r\x1b[K${text()}…`);
      this.#shown = true;
    } else this.#logger.info(`eddy: ${text()}`);
  }

  /** Clears the line in place before the summary is logged. */
  end(): void {
    if (this.#shown) this.#tty?.write('\r\x1b[K');
    this.#shown = false;
  }
}
