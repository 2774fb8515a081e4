import { performance } from 'node:perf_hooks';
import type { Logger } from '../shared/logger.js';
import { countsText, type TransferCounts } from './transfer-context.js';

/** On a terminal, the line is rewritten at most this often; elsewhere a line is logged this often. */
const TTY_MS = 250;
const LOG_MS = 10_000;

export interface ImportProgressOptions {
  /** Where the line updated in place goes, when it is a terminal (default process.stdout). */
  readonly out?: { readonly isTTY?: boolean; write(text: string): unknown };
  /** Elapsed real time in ms (default performance.now): spacing, not a time of day. */
  readonly elapsed?: () => number;
}

/**
 * What `eddy start --import FILE` says while it loads, before Eddy serves (so only the terminal sees it):
 * the share of the file read and what was loaded so far — a line rewritten in place on a terminal, a log
 * line every ~10 s otherwise, and one as it begins.
 */
export class ImportProgress {
  readonly #file: string;
  readonly #size: number;
  readonly #logger: Logger;
  readonly #tty: ImportProgressOptions['out'] | undefined;
  readonly #elapsed: () => number;
  #shownAt: number;
  #shown = false;

  constructor(file: string, size: number, logger: Logger, options: ImportProgressOptions = {}) {
    const out = options.out ?? process.stdout;
    this.#file = file;
    this.#size = size;
    this.#logger = logger;
    this.#tty = out.isTTY === true ? out : undefined;
    this.#elapsed = options.elapsed ?? (() => performance.now());
    this.#shownAt = this.#elapsed();
    logger.info(`eddy: importing ${file} (${megabytes(size)})…`);
  }

  /** `read`: bytes of the file read so far. Cheap when nothing is due: call it per line. */
  update(read: number, counts: TransferCounts): void {
    const since = this.#elapsed() - this.#shownAt;
    if (since < (this.#tty ? TTY_MS : LOG_MS)) return;
    this.#shownAt = this.#elapsed();
    const text = `importing ${this.#file}: ${percent(read, this.#size)} of ${megabytes(this.#size)}, ${countsText(counts)}`;
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

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const percent = (read: number, size: number) => `${size === 0 ? 100 : Math.min(100, Math.floor((100 * read) / size))}%`;
