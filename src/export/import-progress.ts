import type { Logger } from '../shared/logger.js';
import { TerminalProgress, type TerminalProgressOptions } from './terminal-progress.js';
import { countsText, type TransferCounts } from './transfer-context.js';

/**
 * What `eddy start --import FILE` says while it loads, before Eddy serves (so only the terminal sees it):
 * the share of the file read and what was loaded so far.
 */
export class ImportProgress {
  readonly #file: string;
  readonly #size: number;
  readonly #progress: TerminalProgress;

  constructor(file: string, size: number, logger: Logger, options: TerminalProgressOptions = {}) {
    this.#file = file;
    this.#size = size;
    this.#progress = new TerminalProgress(`importing ${file} (${megabytes(size)})`, logger, options);
  }

  /** `read`: bytes of the file read so far. Cheap when nothing is due: call it per line. */
  update(read: number, counts: TransferCounts): void {
    this.#progress.update(() => `importing ${this.#file}: ${percent(read, this.#size)} of ${megabytes(this.#size)}, ${countsText(counts)}`);
  }

  /** Clears the line in place before the summary is logged. */
  end(): void {
    this.#progress.end();
  }
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const percent = (read: number, size: number) => `${size === 0 ? 100 : Math.min(100, Math.floor((100 * read) / size))}%`;
