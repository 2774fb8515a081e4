import { performance } from 'node:perf_hooks';
import type { Logger } from '../shared/logger.js';
import { countsText, type TransferCounts } from './transfer-context.js';

/** On a terminal, the line is rewritten at most this often; elsewhere a line is logged this often. */
const TTY_MS = 250;
const LOG_MS = 10_000;

export interface ExportTerminalProgressOptions {
  /** Where the line updated in place goes, when it is a terminal (default process.stdout). */
  readonly out?: { readonly isTTY?: boolean; write(text: string): unknown };
  /** Elapsed real time in ms (default performance.now): spacing, not a time of day. */
  readonly elapsed?: () => number;
}

/**
 * What `--export-on-exit` says while it writes, as Eddy stops (a large state takes a while, and the terminal
 * would otherwise look hung): what was written so far — a line rewritten in place on a terminal, a log line
 * every ~10 s otherwise, and one as it begins. The import's counterpart is ImportProgress.
 */
export class ExportTerminalProgress {
  readonly #file: string;
  readonly #logger: Logger;
  readonly #tty: ExportTerminalProgressOptions['out'] | undefined;
  readonly #elapsed: () => number;
  #shownAt: number;
  #shown = false;

  constructor(file: string, logger: Logger, options: ExportTerminalProgressOptions = {}) {
    const out = options.out ?? process.stdout;
    this.#file = file;
    this.#logger = logger;
    this.#tty = out.isTTY === true ? out : undefined;
    this.#elapsed = options.elapsed ?? (() => performance.now());
    this.#shownAt = this.#elapsed();
    logger.info(`eddy: exporting to ${file}…`);
  }

  /** Cheap when nothing is due: call it per line. */
  update(counts: TransferCounts): void {
    if (this.#elapsed() - this.#shownAt < (this.#tty ? TTY_MS : LOG_MS)) return;
    this.#shownAt = this.#elapsed();
    const text = `exporting to ${this.#file}: ${countsText(counts)}`;
    if (this.#tty) {
      this.#tty.write(`\r\x1b[K${text}…`);
      this.#shown = true;
    } else this.#logger.info(`eddy: ${text}`);
  }

  /** Clears the line in place before the summary is logged. */
  end(): void {
    if (this.#shown) this.#tty?.write('\r\x1b[K');
    this.#shown = false;
  }
}
