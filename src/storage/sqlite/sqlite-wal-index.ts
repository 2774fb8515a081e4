import { closeSync, openSync, readSync } from 'node:fs';
import { endianness } from 'node:os';

/** The WAL-index is in the machine's byte order, which does not change while the process runs. */
const LITTLE_ENDIAN = endianness() === 'LE';

/**
 * How many frames a database's WAL holds now, read from the WAL-index header in its `-shm` file: mxFrame,
 * a u32 in the machine's byte order at byte 16 (sqlite.org/walformat.html). One pread, no SQLite call, so
 * the writer can look after every commit. The header is what every connection reads to find the WAL's
 * end; a read racing a commit sees the count before or after it, either is good enough for a bound.
 */
export class WalIndex {
  readonly #path: string;
  #fd: number | undefined;
  #closed = false;
  readonly #buffer = Buffer.alloc(4);

  constructor(databasePath: string) {
    this.#path = `${databasePath}-shm`;
  }

  /** Frames in the WAL, or undefined when the index cannot be read (not in WAL mode yet, or closed). */
  frames(): number | undefined {
    if (this.#closed) return undefined;
    try {
      this.#fd ??= openSync(this.#path, 'r'); // tried again next time while the file is not there yet
      if (readSync(this.#fd, this.#buffer, 0, 4, 16) < 4) return undefined;
    } catch {
      return undefined; // whoever relies on it goes on without
    }
    return LITTLE_ENDIAN ? this.#buffer.readUInt32LE(0) : this.#buffer.readUInt32BE(0);
  }

  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
    this.#closed = true;
  }
}
