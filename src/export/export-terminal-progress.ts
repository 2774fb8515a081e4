import type { Logger } from '../shared/logger.js';
import { TerminalProgress, type TerminalProgressOptions } from './terminal-progress.js';
import { countsText, type TransferCounts } from './transfer-context.js';

/**
 * What `--export-on-exit` says while it writes, as Eddy stops (a large state takes a while, and the terminal
 * would otherwise look hung): what was written so far. The import's counterpart is ImportProgress.
 */
export class ExportTerminalProgress {
  readonly #file: string;
  readonly #progress: TerminalProgress;

  constructor(file: string, logger: Logger, options: TerminalProgressOptions = {}) {
    this.#file = file;
    this.#progress = new TerminalProgress(`exporting to ${file}`, logger, options);
  }

  /** Cheap when nothing is due: call it per line. */
  update(counts: TransferCounts): void {
    this.#progress.update(() => `exporting to ${this.#file}: ${countsText(counts)}`);
  }

  /** Clears the line in place before the summary is logged. */
  end(): void {
    this.#progress.end();
  }
}
