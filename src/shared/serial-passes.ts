/**
 * The scaffolding of a background loop over stored work (due rules, connections, replays): passes run one
 * at a time, a pass asked for while one runs waits for it; `wake()` queues at most one more pass however
 * often it is called meanwhile; `wakeIn(ms)` sets the one timer (unref'd: it never keeps the process up)
 * that wakes it later; `close()` stops the timer and waits for the pass under way. What a pass does, and
 * how long to sleep after it, stay with the loop: the pass given here is what `wake()` runs.
 */
export class SerialPasses {
  readonly #pass: () => Promise<unknown>;
  #chain: Promise<unknown> = Promise.resolve();
  #queued = false;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(pass: () => Promise<unknown>) {
    this.#pass = pass;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Runs the pass after the one under way; once however often called before it starts. */
  wake(): void {
    if (this.#closed || this.#queued) return;
    this.#queued = true;
    void this.run(() => {
      this.#queued = false;
      return this.#pass();
    });
  }

  /** Runs `work` after what is under way, in turn with the passes; a failure of `work` is its caller's alone. */
  run<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#chain.then(work);
    this.#chain = run.catch(() => undefined);
    return run;
  }

  /** Wakes the loop in `ms` (at least 5: a due time just past must not make it spin), replacing the timer set before. */
  wakeIn(ms: number): void {
    clearTimeout(this.#timer);
    if (this.#closed) return;
    this.#timer = setTimeout(() => this.wake(), Math.max(5, ms));
    this.#timer.unref();
  }

  /** No more passes: stops the timer and waits for the pass under way. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    await this.#chain;
  }
}
