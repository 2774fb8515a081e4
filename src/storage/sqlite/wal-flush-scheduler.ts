/** Starts one flush of the file; `done` is called once it has ended (null, or the flush's error). */
export type StartFlush = (done: (error: Error | null) => void) => void;

/**
 * Flushes under way at once. libuv's thread pool, where each one waits, has four threads unless
 * UV_THREADPOOL_SIZE says otherwise, and file reads and DNS lookups share it: one is left to them.
 */
export const FLUSHES_IN_FLIGHT = 3;

interface Waiter {
  /** The count of commits this one closes: it is durable once a flush that started at that count or later has ended. */
  readonly upTo: number;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Which commits a flush makes durable, with flushes overlapping. A flush covers every commit written
 * before it started, so a commit is answered once any flush that started after its write() has ended
 * successfully, whichever of those ends first. Each commit starts a flush at once while fewer than
 * `inFlight` run, rather than waiting for the one under way to end: on a disk where a flush sometimes
 * takes ten times its median (beside a checkpoint's writes), a commit then waits for its own flush, not
 * for the rest of a slow one and then its own. When `inFlight` run, later commits wait together, and the
 * first flush to end starts one for all of them.
 *
 * A failed flush fails every commit it covered that no flush has made durable yet, even if a later flush
 * under way might still succeed: after a failed fsync the kernel may have dropped the pages it could not
 * write, so a later success proves nothing about them.
 */
export class FlushScheduler {
  readonly #start: StartFlush;
  readonly #inFlight: number;
  /** Commits so far; a flush started now covers them all. */
  #written = 0;
  /** The count the latest flush started covers. */
  #covered = 0;
  /** The highest count a successful flush covered. */
  #durable = 0;
  #running = 0;
  /** In the order of their counts, oldest first. */
  #waiting: Waiter[] = [];
  #idle: (() => void)[] = [];
  /** Flushes ended successfully, counted before the commits waiting for them are answered. */
  flushes = 0;

  constructor(start: StartFlush, inFlight = FLUSHES_IN_FLIGHT) {
    this.#start = start;
    this.#inFlight = Math.max(1, inFlight);
  }

  /** After a commit's write(): resolves once a flush that started after it has ended. */
  flushed(): Promise<void> {
    const upTo = ++this.#written;
    const durable = new Promise<void>((resolve, reject) => this.#waiting.push({ upTo, resolve, reject }));
    if (this.#running < this.#inFlight) this.#flush();
    return durable;
  }

  /** Flushes under way (for tests). */
  get running(): number {
    return this.#running;
  }

  /** Resolves once no flush is under way (before closing the file they flush). */
  settled(): Promise<void> {
    if (this.#running === 0) return Promise.resolve();
    return new Promise<void>((resolve) => this.#idle.push(resolve));
  }

  #flush(): void {
    const covers = this.#written;
    this.#covered = covers;
    this.#running++;
    let ended = false;
    this.#start((error) => {
      if (ended) return;
      ended = true;
      this.#ended(covers, error);
    });
  }

  #ended(covers: number, error: Error | null): void {
    this.#running--;
    const waiting = this.#waiting;
    if (error === null) {
      this.flushes++;
      this.#durable = Math.max(this.#durable, covers);
      let answered = 0;
      while (answered < waiting.length && waiting[answered]!.upTo <= this.#durable) answered++;
      for (const waiter of waiting.splice(0, answered)) waiter.resolve();
    } else {
      let failed = 0;
      while (failed < waiting.length && waiting[failed]!.upTo <= covers) failed++;
      for (const waiter of waiting.splice(0, failed)) waiter.reject(error);
    }
    // Commits that no flush under way covers (they came while every slot was taken) get one now.
    const last = waiting[waiting.length - 1];
    if (last !== undefined && last.upTo > this.#covered && this.#running < this.#inFlight) this.#flush();
    if (this.#running === 0) for (const resolve of this.#idle.splice(0)) resolve();
  }
}
