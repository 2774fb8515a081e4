import { mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { sqliteAddon } from './sqlite-addon.js';

/** The Eddy holding a data directory, as it wrote itself down beside the lock (for a refused start's message only). */
export interface DataDirectoryOwner {
  readonly pid: number;
  /** Its AWS API endpoint, once its port is bound. */
  readonly endpoint?: string;
}

/** Another Eddy (in this process or another) has the data directory open. */
export class DataDirectoryInUseError extends Error {
  constructor(
    /** The directory, resolved. */
    readonly directory: string,
    readonly owner: DataDirectoryOwner | undefined,
  ) {
    super(`data directory ${directory} is already in use by another Eddy${owner ? ` (${describeOwner(owner)})` : ''}`);
    this.name = 'DataDirectoryInUseError';
  }
}

/** "pid 123 on http://127.0.0.1:4566", or as much of it as is known. */
export function describeOwner(owner: DataDirectoryOwner): string {
  return `pid ${owner.pid}${owner.endpoint ? ` on ${owner.endpoint}` : ''}`;
}

/**
 * One Eddy per SQLite data directory. Each Eddy keeps state of its own beside the file (a stream shard's next
 * sequence number, the catalog, leases it believes nobody else holds: the engine says it is not shared across
 * processes), so two on one directory give sequence numbers twice and fight over checkpoints.
 *
 * The guard is an SQLite EXCLUSIVE lock on a small file of its own (`eddy.lock`), taken with locking_mode
 * EXCLUSIVE, which keeps it until the connection closes. It is an fcntl lock: the OS drops it with the process,
 * so a kill -9 or a power loss leaves nothing to clean up, and nothing polls. SQLite also sees its own locks
 * between connections of one process, so a second Eddy in the same process is refused too. Not on
 * eddy.sqlite itself: request processes (src/processes/) and tests read and write it over connections of
 * their own, which a lock there would shut out. `eddy.owner.json` beside it only names the holder in the
 * message; a crash leaves it stale, and it is believed only while the lock is held and its pid lives.
 */
export class DataDirectoryLock {
  readonly directory: string;
  #db: Database.Database | undefined;
  /** The outermost directory acquire created (the data directory or a parent of it), if it created any. */
  readonly #created: string | undefined;

  private constructor(directory: string, db: Database.Database, created: string | undefined) {
    this.directory = directory;
    this.#db = db;
    this.#created = created;
  }

  /** Takes the directory (creating it as needed), or throws DataDirectoryInUseError at once: it never waits. */
  static acquire(directory: string): DataDirectoryLock {
    const resolved = resolve(directory);
    const created = mkdirSync(resolved, { recursive: true });
    const db = new Database(join(resolved, LOCK_FILE), { ...sqliteAddon(), timeout: 0 });
    try {
      db.pragma('locking_mode = EXCLUSIVE');
      db.exec('BEGIN EXCLUSIVE; COMMIT'); // held from here until close, even with nothing written
    } catch (error) {
      db.close();
      if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new DataDirectoryInUseError(resolved, readOwner(resolved));
      throw error;
    }
    const lock = new DataDirectoryLock(resolved, db, created);
    lock.#writeOwner({ pid: process.pid });
    return lock;
  }

  /** Names the endpoint this Eddy serves on, for the message of a start this lock refuses. */
  serving(endpoint: string): void {
    if (this.#db) this.#writeOwner({ pid: process.pid, endpoint });
  }

  /** Lets the directory go (the owner note first: a later holder writes its own). Further calls do nothing. */
  release(): void {
    const db = this.#db;
    if (!db) return;
    this.#db = undefined;
    try {
      rmSync(join(this.directory, OWNER_FILE), { force: true });
    } finally {
      db.close();
    }
  }

  /**
   * Lets the directory go after a start that failed before storage was opened (a busy port, a config with
   * a mistake): when acquire created the directory and it still holds nothing but the lock file, the lock
   * file and the directories acquire created are removed, so a refused `eddy start --data new-dir` leaves
   * nothing behind. A directory that existed, or holds anything else, is only let go (release). Removed
   * while the lock is still held: a start that opened the lock file meanwhile takes a lock on a file no
   * longer in any directory, and its storage, opened in the directory, fails to open instead of sharing it.
   */
  abandon(): void {
    if (!this.#db) return;
    try {
      rmSync(join(this.directory, OWNER_FILE), { force: true });
      const lockFiles = [LOCK_FILE, `${LOCK_FILE}-journal`]; // the journal stays while the lock is held
      if (this.#created !== undefined && readdirSync(this.directory).every((name) => lockFiles.includes(name))) {
        for (const name of lockFiles) rmSync(join(this.directory, name), { force: true });
        // From the data directory up to the outermost one created, each only while empty (rmdir throws otherwise).
        for (let dir = this.directory; ; dir = dirname(dir)) {
          rmdirSync(dir);
          if (dir === this.#created || dirname(dir) === dir) break;
        }
      }
    } catch {
      // Something else is in there now: it stays, as the lock file may.
    } finally {
      this.release();
    }
  }

  #writeOwner(owner: DataDirectoryOwner): void {
    // Renamed into place: a refused start reads a whole note or the previous one, never half of one.
    const partial = join(this.directory, `${OWNER_FILE}.${process.pid}`);
    try {
      writeFileSync(partial, `${JSON.stringify(owner)}\n`);
      renameSync(partial, join(this.directory, OWNER_FILE));
    } catch {
      // Only a message would miss it: the lock is what guards.
    }
  }
}

const LOCK_FILE = 'eddy.lock';
const OWNER_FILE = 'eddy.owner.json';

/** The holder's note, when it is whole and names a live process (a crashed holder's note outlives it). */
function readOwner(directory: string): DataDirectoryOwner | undefined {
  let owner: Partial<DataDirectoryOwner> | null;
  try {
    owner = JSON.parse(readFileSync(join(directory, OWNER_FILE), 'utf8')) as Partial<DataDirectoryOwner> | null;
  } catch {
    return undefined;
  }
  if (!Number.isInteger(owner?.pid) || !alive(owner!.pid!)) return undefined;
  return { pid: owner!.pid!, ...(typeof owner!.endpoint === 'string' && { endpoint: owner!.endpoint }) };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // it does, as another user's
  }
}
