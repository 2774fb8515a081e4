import { createRequire } from 'node:module';
import type { Worker } from 'node:worker_threads';
import { workerThreads } from '../../shared/node-builtins.js';
import { WalIndex } from './sqlite-wal-index.js';
import { traceNow, walTrace } from './sqlite-wal-trace.js';

export interface CheckpointerOptions {
  /** Committed writes between two passes while the WAL is short (default 1000). */
  readonly writesPerCheckpoint?: number;
  /** WAL frames from which the checkpointer rewinds the WAL (default 4096: 16 MiB of 4 KiB pages). */
  readonly rewindFrames?: number;
  /** A pass that copied at most this many frames is followed by the held one (default 512). */
  readonly catchUpFrames?: number;
}

/** Stops and resumes the writing connection's commits (the engine's group commit). */
export interface CommitGate {
  hold(): void;
  release(): void;
}

/** What the checkpointer has done, for tests and benchmarks. */
export interface CheckpointerStats {
  /** Passes the worker ran (held ones included). */
  readonly passes: number;
  /** Held passes after which every frame had been copied: each lets the next commit rewind the WAL. */
  readonly rewinds: number;
  /** Times the group commit was held, and for how long in all and at most (real milliseconds). */
  readonly holds: number;
  readonly heldMs: number;
  readonly longestHoldMs: number;
  /** Frames in the WAL at the last pass, and the most seen. */
  readonly walFrames: number;
  readonly maxWalFrames: number;
  /** Frames in the WAL now (its WAL-index header); undefined when that cannot be read (closed, not in WAL mode yet). */
  readonly walFramesNow: number | undefined;
  /** Whether the worker failed and the writer checkpoints itself (SQLite's automatic checkpoints). */
  readonly fellBack: boolean;
  /** Whether the worker thread runs: the first pass starts it. */
  readonly started: boolean;
}

interface PassReport {
  readonly log: number;
  readonly checkpointed: number;
}

/** Passes run back to back before the hold, however many frames the last one copied. */
const MAX_CONVERGING_PASSES = 3;

/** A WAL this many times `rewindFrames` is overdue: the group commit is held until a pass has copied it all. */
const OVERDUE = 4;

/** Real milliseconds the group commit may stay held for one rewind. */
const MAX_HOLD_MS = 100;

/**
 * Copies the WAL back into the database file on a worker thread with its own connection, so that no
 * checkpoint's page copying or fsync ever runs on the event loop; the writing connection has automatic
 * checkpoints off and never checkpoints itself.
 *
 * Copying is not enough to bound the WAL: SQLite rewinds the WAL to its start only when a write
 * transaction begins with every frame already copied (and no other reader in the WAL). Under constant
 * writes the worker's PASSIVE checkpoint, which runs beside the writer, always ends a few commits behind,
 * so the WAL would grow without end. Hence, once the WAL holds `rewindFrames` frames, the checkpointer
 * converges: it runs passes back to back (each copies what was written during the one before, so they
 * shrink) until one copied at most `catchUpFrames`, or MAX_CONVERGING_PASSES have run; then it holds the group commit (work is still
 * accepted, it waits; reads go on) for one last pass, which copies the few frames left, and releases
 * it. The next commit rewinds the WAL. The hold lasts a short copy and the two fsyncs that end a
 * checkpoint; after every pass the worker flushes the database file itself, so that the last pass's
 * fsync finds little to write. A hold never outlasts MAX_HOLD_MS of real time: the group commit is
 * released then, and that rewind waits for the next round; only a WAL four times past `rewindFrames`
 * (passes that do not converge) is held until its last pass ends. That size is looked at after every
 * commit too (the WAL-index header, sqlite-wal-index.ts), not only when a pass reports: a pass lasts as
 * long as its fsync, seconds on a busy disk, and the writers could add thousands of frames meanwhile
 * (a test's WAL passed 32 × `rewindFrames` so). The WAL stays within four times `rewindFrames` plus
 * the frames of one group commit and of the few transactions that commit outside it.
 *
 * If the worker fails, the writing connection turns SQLite's own automatic checkpoints back on
 * (`fallBack`): the WAL stays bounded, at the cost of checkpoints on the event loop.
 */
export class SqliteCheckpointer {
  /** Started by the first pass: an isolate with its own connection is about 11 MiB, which an idle Eddy need not hold. */
  #worker: Worker | undefined;
  readonly #path: string;
  readonly #every: number;
  readonly #rewindFrames: number;
  readonly #catchUpFrames: number;
  readonly #gate: CommitGate;
  readonly #fallBack: () => void;
  /** The WAL's length now, read after each commit. */
  readonly #index: WalIndex;
  #writesSince = 0;
  #state: 'idle' | 'pass' | 'held' | 'closed' = 'idle';
  #converging = 0;
  #held = false;
  #holdTimer: NodeJS.Timeout | undefined;
  /** Frames copied as of the last report (to tell how many a pass copied). */
  #checkpointed = 0;
  #heldSince = 0;
  /** When the pass under way was asked for, and of which kind (EDDY_WAL_TRACE only). */
  #passSince = 0;
  #passKind = '';
  #stats = { passes: 0, rewinds: 0, holds: 0, heldMs: 0, longestHoldMs: 0, walFrames: 0, maxWalFrames: 0, fellBack: false };

  constructor(path: string, gate: CommitGate, fallBack: () => void, options: CheckpointerOptions = {}) {
    this.#every = options.writesPerCheckpoint ?? 1000;
    this.#rewindFrames = options.rewindFrames ?? 4096;
    this.#catchUpFrames = options.catchUpFrames ?? 512;
    this.#gate = gate;
    this.#fallBack = fallBack;
    this.#path = path;
    this.#index = new WalIndex(path);
  }

  /**
   * For a WAL found at opening, left by a process that did not close its connection (kill -9, a crash,
   * an exit without close): copied back and truncated on the worker right after, not at the 1,000th
   * write; every short run that never writes that much would otherwise add its frames to it. The caller
   * goes on at once; the truncation is skipped (the next commit rewinds instead) if anyone is busy.
   */
  copyLeftOver(): void {
    setImmediate(() => this.#state === 'idle' && this.#pass('left over')).unref();
  }

  /**
   * After each commit of the writing connection: counts its writes toward the next pass, and holds the
   * group commit at once when the WAL has reached the overdue size while a pass runs (a pass is as slow
   * as its fsync, which a busy disk makes seconds, and writers alone can add thousands of frames in that
   * time): the WAL stays within the overdue size and one group commit.
   */
  committed(writes: number): void {
    this.#writesSince += writes;
    if (this.#state === 'closed' || this.#held) return;
    const overdue = (this.#index.frames() ?? 0) >= this.#rewindFrames * OVERDUE;
    if (this.#state === 'idle') {
      if (overdue || this.#writesSince >= this.#every) this.#pass();
    } else if (overdue) this.#hold();
  }

  get stats(): CheckpointerStats {
    return { ...this.#stats, walFramesNow: this.#index.frames(), started: this.#worker !== undefined };
  }

  async close(): Promise<void> {
    if (this.#state === 'closed') return;
    this.#unhold();
    this.#state = 'closed';
    walTrace?.write();
    this.#index.close();
    const worker = this.#worker;
    if (worker === undefined) return;
    worker.ref(); // keep the process alive until the worker has closed its connection
    worker.postMessage('close');
    await new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  }

  #pass(kind: 'pass' | 'left over' = 'pass'): void {
    this.#writesSince = 0;
    this.#state = 'pass';
    this.#traceStart(kind);
    (this.#worker ??= this.#start()).postMessage(kind);
  }

  #traceStart(kind: string): void {
    if (walTrace === undefined) return;
    this.#passSince = traceNow();
    this.#passKind = kind === 'left over' ? 'left-over' : kind;
  }

  #start(): Worker {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new (workerThreads().Worker)(WORKER_SOURCE, { eval: true, workerData: { driver, path: this.#path } });
    worker.unref();
    worker.on('message', (report: PassReport) => this.#reported(report));
    // A failing checkpointer must not take the server down.
    worker.on('error', () => this.#failed());
    worker.on('exit', () => this.#failed()); // after close() this is expected, and ignored
    return worker;
  }

  #reported(report: PassReport): void {
    if (this.#state === 'closed') return;
    walTrace?.event('pass', this.#passSince, this.#passKind, report.log, report.checkpointed);
    const stats = this.#stats;
    stats.passes++;
    stats.walFrames = report.log;
    stats.maxWalFrames = Math.max(stats.maxWalFrames, report.log);
    // After a rewind the counts start again from 0.
    const copied = report.checkpointed >= this.#checkpointed ? report.checkpointed - this.#checkpointed : report.checkpointed;
    this.#checkpointed = report.checkpointed;
    if (this.#state === 'held') {
      if (report.log > 0 && report.checkpointed === report.log) stats.rewinds++;
      this.#unhold();
      this.#state = 'idle';
      return;
    }
    const heldMeanwhile = this.#held; // committed() found the WAL overdue while this pass ran
    if (report.log < this.#rewindFrames && !heldMeanwhile) {
      this.#state = 'idle';
      if (this.#writesSince >= this.#every) this.#pass();
      return;
    }
    // Passes that do not converge (fsyncs slower than the writes) must not let the WAL grow without end.
    const overdue = heldMeanwhile || report.log >= this.#rewindFrames * OVERDUE;
    if (copied > this.#catchUpFrames && this.#converging < MAX_CONVERGING_PASSES && !overdue) {
      this.#converging++;
      this.#pass(); // converging: the next pass has only what this one's duration let through
      return;
    }
    this.#converging = 0;
    if (!this.#held) this.#hold();
    this.#state = 'held';
    if (!overdue) {
      this.#holdTimer = setTimeout(() => this.#unhold(), MAX_HOLD_MS);
      this.#holdTimer.unref();
    }
    this.#traceStart('last');
    this.#worker!.postMessage('last'); // a report came from it: started
  }

  #hold(): void {
    this.#stats.holds++;
    this.#held = true;
    this.#heldSince = performance.now();
    this.#gate.hold();
  }

  #unhold(): void {
    if (!this.#held) return;
    this.#held = false;
    walTrace?.event('hold', performance.timeOrigin + this.#heldSince);
    const held = performance.now() - this.#heldSince;
    this.#stats.heldMs += held;
    this.#stats.longestHoldMs = Math.max(this.#stats.longestHoldMs, held);
    clearTimeout(this.#holdTimer);
    this.#holdTimer = undefined;
    this.#gate.release();
  }

  #failed(): void {
    if (this.#state === 'closed') return;
    this.#unhold();
    this.#state = 'closed';
    this.#stats.fellBack = true;
    this.#fallBack();
  }
}

/**
 * The checkpointer thread's nice value, where the OS lets a thread have its own (Linux). Its passes are
 * background work: when it and the event loop want the same core, the event loop's requests go first
 * (CFS gives a thread at 10 about a tenth of a core beside one at 0), and a pass takes longer instead.
 * It never starves: while the group commit is held for it, the event loop soon has nothing to commit.
 * Measured with request-tails, PutItem at 2,000/s on one core (docs/benchmarks.md, "The checkpointer
 * below the event loop"): p99 lower in 5 of 5 interleaved pairs.
 */
export const CHECKPOINTER_NICENESS = 10;

// CommonJS, evaluated in the worker: one connection that only ever checkpoints. After a pass beside the
// writer, the database file is flushed here (SQLite fsyncs it only when a pass ends level with the WAL,
// which a pass beside a writer seldom does), so that the held pass's own fsync has little left to write.
// On Linux setpriority() of a thread's id applies to that thread alone (/proc/thread-self names it);
// elsewhere the thread keeps the process's priority.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { openSync, fdatasyncSync, closeSync, readlinkSync } = require('node:fs');
try {
  require('node:os').setPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()), ${CHECKPOINTER_NICENESS});
} catch {}
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
const file = openSync(workerData.path, 'r');
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    closeSync(file);
    parentPort.close();
    return;
  }
  let report = { log: 0, checkpointed: 0 };
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    report = { log: result.log, checkpointed: result.checkpointed };
    if (message !== 'last' && result.checkpointed > 0) fdatasyncSync(file);
    if (message === 'left over' && result.checkpointed === result.log) {
      // Everything copied: truncate the file too, unless a reader or the writer is busy right now (then the next commit rewinds it).
      db.pragma('busy_timeout = 0');
      const [truncated] = db.pragma('wal_checkpoint(TRUNCATE)');
      db.pragma('busy_timeout = 5000');
      if (truncated.busy === 0) report = { log: truncated.log, checkpointed: truncated.checkpointed };
    }
  } catch {
    try { db.pragma('busy_timeout = 5000'); } catch {}
  }
  parentPort.postMessage(report);
});
`;
