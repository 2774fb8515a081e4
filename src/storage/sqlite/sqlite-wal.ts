import type Database from 'better-sqlite3';
import { SqliteCheckpointer, type CheckpointerOptions, type CheckpointerStats, type CommitGate } from './sqlite-checkpointer.js';
import { WalSync } from './sqlite-wal-sync.js';

/**
 * What an acknowledged write survives: 'power' (the default) an OS crash or power loss too, its WAL
 * frames flushed to disk before it is answered; 'process' only the death of this process (kill -9).
 */
export type Durability = 'power' | 'process';

/** The WAL's size past which its first commit after a rewind truncates it (4 × the checkpointer's rewind point). */
const JOURNAL_SIZE_LIMIT = 64 * 1024 * 1024;

/** Sets up the writing connection (before migrations); `file` when it is a database file, not ':memory:'. */
export function configureConnection(db: Database.Database, busyTimeoutMs: number | undefined, file: boolean): void {
  // WAL with synchronous=NORMAL: a commit is appended to the WAL with write() but not fsync'd, so it
  // takes microseconds, and the OS holds it from then on: it survives kill -9 of this process (the next
  // open replays the WAL). To survive power loss as well, durability 'power' flushes the WAL off the
  // event loop before answering (WalSync); with 'process' an OS crash can lose the last commits, never
  // corrupt the file.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // Statement journals (what a multi-row UPDATE such as a delivery claim keeps to undo itself alone)
  // and temporary b-trees stay in memory rather than spilling to a temp file past 64 KiB, which a claim
  // of 256 deliveries (~130 KiB of rows) is past. Measured with bench/bus-store.mjs, claims of 256 and
  // their settles, on a loaded machine: 12.3–15.3 → 11.1–13.3 µs of CPU a delivery, 63–72k → 76–93k
  // deliveries a second. Each lasts one statement.
  db.pragma('temp_store = MEMORY');
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs ?? 5000))}`);
  if (!file) return;
  // Checkpoints run on a worker thread (SqliteCheckpointer); the writer never runs one itself.
  db.pragma('wal_autocheckpoint = 0');
  db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT}`);
}

/** A database file's WAL: its checkpointer and, with durability 'power', its flushes. */
export class SqliteWal {
  readonly #checkpointer: SqliteCheckpointer;
  readonly #sync: WalSync | undefined;

  constructor(db: Database.Database, path: string, gate: CommitGate, options: { durability: Durability; checkpoints?: CheckpointerOptions | undefined; leftOver?: boolean }) {
    const fallBack = () => {
      try {
        db.pragma('wal_autocheckpoint = 1000');
      } catch {
        // closed meanwhile
      }
    };
    this.#checkpointer = new SqliteCheckpointer(path, gate, fallBack, options.checkpoints);
    if (options.leftOver) this.#checkpointer.copyLeftOver();
    if (options.durability === 'power') this.#sync = new WalSync(path);
  }

  /** After a group commit of `writes`: what its answers wait for, if anything (the flush). */
  committed(writes: number): Promise<void> | undefined {
    this.#checkpointer.committed(writes);
    return this.#sync?.flushed();
  }

  /** Resolves once every commit so far is as durable as the mode promises. */
  async flushed(): Promise<void> {
    await this.#sync?.flushed();
  }

  /** The same, blocking: for transactions whose callers take their result synchronously (rare: control plane, trims). */
  flushNow(): void {
    this.#sync?.flushNow();
  }

  /** `flushing`: flushes under way now (they overlap, and one may end after a later one). */
  get stats(): { checkpoints: CheckpointerStats; flushes: number; flushing: number } {
    return { checkpoints: this.#checkpointer.stats, flushes: this.#sync?.flushes ?? 0, flushing: this.#sync?.flushing ?? 0 };
  }

  /** Waits for flushes under way, then closes the checkpointer's connection (so the writer's close is the last). */
  async close(): Promise<void> {
    await this.#sync?.close();
    await this.#checkpointer.close();
  }
}
