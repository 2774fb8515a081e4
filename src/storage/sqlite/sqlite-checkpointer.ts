import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Copies the WAL back into the database file on a worker thread with its own connection, so the
 * checkpoint's page copying and fsyncs never block the event loop (on the PutItem path they cost
 * about a tenth of the CPU and stalled the loop while the disk flushed). The writing connection turns
 * automatic checkpoints off and calls `wrote()` after each commit; every `framesPerCheckpoint` writes
 * a PASSIVE checkpoint runs, which never blocks the writer. If checkpoints cannot keep up (a reader
 * pinning old frames, or constant writes), the writer checkpoints itself once `walFrames` grows too
 * large (see MAX_WAL_FRAMES in sqlite-engine.ts).
 */
/**
 * WAL frames (4 KB pages) past which the writer runs a checkpoint itself. Under constant writes the
 * worker's checkpoints never quite catch up with the last commit, and SQLite only rewinds the WAL to its
 * start when a write begins with every frame copied back; the writer's own checkpoint, run between two
 * commits, has only the frames since the worker's last pass to copy and lets the next write rewind.
 */
const MAX_WAL_FRAMES = 8192;

export class SqliteCheckpointer {
  readonly #worker: Worker;
  readonly #every: number;
  #writesSince = 0;
  #inFlight = false;
  #closed = false;
  /** Frames in the WAL as of the last checkpoint report. */
  walFrames = 0;

  constructor(path: string, options: { writesPerCheckpoint?: number } = {}) {
    this.#every = options.writesPerCheckpoint ?? 1000;
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.#worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, path } });
    this.#worker.unref();
    this.#worker.on('message', (report: { log: number }) => {
      this.#inFlight = false;
      this.walFrames = report.log;
    });
    // A failing checkpointer must not take the server down; the writer falls back to its own checkpoints.
    this.#worker.on('error', () => (this.#closed = true));
  }

  /**
   * After each commit of the writing connection: counts its writes toward the worker's next checkpoint,
   * or runs `checkpointHere` (the writer's own PASSIVE checkpoint) when the worker has failed or the WAL
   * has grown past MAX_WAL_FRAMES.
   */
  committed(writes: number, checkpointHere: () => void): void {
    if (!this.#closed && this.walFrames <= MAX_WAL_FRAMES) {
      this.wrote(writes);
      return;
    }
    this.walFrames = 0;
    try {
      checkpointHere();
    } catch {
      // busy: a later commit tries again
    }
  }

  /** Counts `writes` committed writes; starts a checkpoint when enough have accumulated. */
  wrote(writes: number): void {
    this.#writesSince += writes;
    if (this.#writesSince < this.#every || this.#inFlight || this.#closed) return;
    this.#writesSince = 0;
    this.#inFlight = true;
    this.#worker.postMessage('checkpoint');
  }

  get failed(): boolean {
    return this.#closed;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#worker.ref(); // keep the process alive until the worker has closed its connection
    this.#worker.postMessage('close');
    await new Promise<void>((resolve) => this.#worker.once('exit', () => resolve()));
  }
}

// CommonJS, evaluated in the worker: one connection that only ever checkpoints.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  let log = 0;
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    log = result.log;
  } catch {}
  parentPort.postMessage({ log });
});
`;
