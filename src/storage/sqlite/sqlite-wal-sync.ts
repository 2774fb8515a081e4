import { closeSync, fdatasync, fdatasyncSync, fsyncSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { StorageError } from './sqlite-errors.js';
import { traceNow, walTrace } from './sqlite-wal-trace.js';
import { FlushScheduler } from './wal-flush-scheduler.js';

/**
 * Makes commits survive power loss without an fsync on the event loop. The writing connection runs
 * `synchronous = NORMAL`, so COMMIT only write()s its frames into the WAL; this flushes the WAL file with
 * fdatasync on libuv's thread pool before the writes are answered. A flush covers every commit written
 * before it starts, so the commits of a burst share one; flushes overlap, up to FLUSHES_IN_FLIGHT, and a
 * commit is answered by the first flush started after it to end (FlushScheduler).
 *
 * Why the WAL file alone is enough: a commit changes nothing but the WAL (the database file changes only
 * in checkpoints, and a checkpoint fsyncs the database before SQLite counts its frames as copied); a
 * restart of the WAL rewrites the same file from its start (same inode, so this descriptor stays good)
 * only once every frame is in the synced database; and recovery keeps the longest run of frames whose
 * checksums chain from the header, so frames flushed only in part can cost unacknowledged commits, never
 * acknowledged ones. The directory is fsynced once, with the first flush, so that the WAL's entry is
 * durable too.
 */
export class WalSync {
  readonly #path: string;
  #fd: number | undefined;
  readonly #scheduler = new FlushScheduler((done) => this.#flush(done));
  /** Blocking flushes (flushNow) done so far. */
  #blocking = 0;

  constructor(databasePath: string) {
    this.#path = `${databasePath}-wal`;
  }

  /** Flushes done so far, counted before the writes waiting for them are answered (a test seam). */
  get flushes(): number {
    return this.#scheduler.flushes + this.#blocking;
  }

  /** Flushes under way now. */
  get flushing(): number {
    return this.#scheduler.running;
  }

  /** Resolves once everything committed before the call is on disk. */
  flushed(): Promise<void> {
    return this.#scheduler.flushed();
  }

  /** Flushes at once, blocking (the rare transactions whose callers take their result synchronously). */
  flushNow(): void {
    try {
      fdatasyncSync(this.#open());
    } catch (error) {
      throw flushError(error);
    }
    this.#blocking++;
  }

  async close(): Promise<void> {
    await this.#scheduler.settled();
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }

  #flush(done: (error: Error | null) => void): void {
    let fd: number;
    try {
      fd = this.#open();
    } catch (error) {
      done(flushError(error));
      return;
    }
    const started = walTrace === undefined ? 0 : traceNow();
    fdatasync(fd, (error) => {
      walTrace?.event('flush', started);
      done(error === null ? null : flushError(error));
    });
  }

  #open(): number {
    if (this.#fd !== undefined) return this.#fd;
    const fd = openSync(this.#path, 'r');
    const dir = openSync(dirname(this.#path), 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
    return (this.#fd = fd);
  }
}

function flushError(error: unknown): StorageError {
  return new StorageError(`The write-ahead log could not be flushed to disk: ${(error as Error).message}`, { cause: error });
}
