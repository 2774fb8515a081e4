/** What the pool needs of an execution environment. */
export interface PooledEnvironment {
  readonly alive: boolean;
  terminate(): Promise<void>;
}

export type WhenBusy = 'throttle' | 'wait';

interface Waiter<E> {
  resolve: (environment: E) => void;
  reject: (error: unknown) => void;
}

/** How long an environment may stay idle before it is ended, as Lambda reclaims idle ones: 10 minutes. */
export const DEFAULT_IDLE_TIMEOUT_MS = 10 * 60_000;

/**
 * A function's execution environments: at most `limit` busy at once, idle ones reused most recent first
 * (warm), a new one created when none is idle (cold). An environment idle for `idleTimeoutMs` is ended
 * (its worker thread and memory go back), so the next invocation after a quiet spell starts cold, as on
 * Lambda. `renew()` after a deploy retires environments running the previous code: idle ones now, busy
 * ones when their invocation finishes.
 */
export class EnvironmentPool<E extends PooledEnvironment> {
  /** Oldest first: the most recently released is last, and is the first one reused. */
  #idle: E[] = [];
  readonly #idleSince = new Map<E, number>();
  readonly #idleTimeoutMs: number;
  #reaper: ReturnType<typeof setTimeout> | undefined;
  #busy = new Set<E>();
  #generationOf = new Map<E, number>();
  #generation = 0;
  #waiters: Waiter<E>[] = [];
  #limit: number;
  #closed = false;
  readonly #create: () => E;
  readonly #throttled: () => Error;

  constructor(options: { limit: number; create: () => E; throttled: () => Error; idleTimeoutMs?: number }) {
    this.#idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    this.#limit = options.limit;
    this.#create = options.create;
    this.#throttled = options.throttled;
  }

  get busy(): number {
    return this.#busy.size;
  }

  get idle(): number {
    return this.#idle.length;
  }

  /**
   * An environment for one invocation. When all allowed environments are busy, 'throttle' rejects with
   * the throttling error and 'wait' queues (first come, first served). A limit of 0 always throttles.
   */
  acquire(whenBusy: WhenBusy): Promise<E> {
    if (this.#closed) return Promise.reject(this.#throttled());
    if (this.#limit === 0) return Promise.reject(this.#throttled());
    if (this.#busy.size < this.#limit) {
      try {
        return Promise.resolve(this.#take());
      } catch (error) {
        return Promise.reject(error);
      }
    }
    if (whenBusy === 'throttle') return Promise.reject(this.#throttled());
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  /** Gives an environment back after its invocation; a dead or outdated one is dropped. */
  release(environment: E): void {
    this.#busy.delete(environment);
    if (environment.alive && !this.#closed && this.#generationOf.get(environment) === this.#generation) {
      this.#idle.push(environment);
      this.#idleSince.set(environment, Date.now());
      this.#scheduleReaper();
    } else {
      this.#drop(environment);
    }
    this.#wake();
  }

  /** New invocations get environments running the current code. */
  renew(): void {
    this.#generation++;
    for (const environment of this.#idle.splice(0)) this.#drop(environment);
  }

  /** Ends the environments idle since before `now - idleTimeoutMs` (the reaper's timer calls this). */
  reap(now: number = Date.now()): void {
    const cutoff = now - this.#idleTimeoutMs;
    let expired = 0;
    while (expired < this.#idle.length && this.#idleSince.get(this.#idle[expired]!)! <= cutoff) expired++;
    for (const environment of this.#idle.splice(0, expired)) void this.#drop(environment);
  }

  setLimit(limit: number): void {
    this.#limit = limit;
    if (limit === 0) for (const waiter of this.#waiters.splice(0)) waiter.reject(this.#throttled());
    this.#wake();
  }

  /**
   * Stops handing out environments: queued invocations are rejected with `reason`; idle environments end
   * now, busy ones when their invocation finishes, or at once with `immediately`.
   */
  async close(reason: Error, immediately = false): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#reaper);
    this.#reaper = undefined;
    for (const waiter of this.#waiters.splice(0)) waiter.reject(reason);
    const ending = this.#idle.splice(0).map((environment) => this.#drop(environment));
    if (immediately) ending.push(...[...this.#busy].map((environment) => environment.terminate()));
    await Promise.all(ending);
  }

  #take(): E {
    let environment = this.#idle.pop();
    while (environment !== undefined && !environment.alive) {
      this.#drop(environment);
      environment = this.#idle.pop();
    }
    if (environment !== undefined) this.#idleSince.delete(environment);
    if (environment === undefined) {
      environment = this.#create();
      this.#generationOf.set(environment, this.#generation);
    }
    this.#busy.add(environment);
    return environment;
  }

  #wake(): void {
    while (this.#waiters.length > 0 && this.#busy.size < this.#limit && !this.#closed) {
      const waiter = this.#waiters.shift()!;
      try {
        waiter.resolve(this.#take());
      } catch (error) {
        waiter.reject(error);
      }
    }
  }

  #drop(environment: E): Promise<void> {
    this.#generationOf.delete(environment);
    this.#idleSince.delete(environment);
    return environment.terminate();
  }

  /** One timer for the oldest idle environment's expiry; it does not keep the process alive. */
  #scheduleReaper(): void {
    if (this.#reaper !== undefined || this.#idle.length === 0 || this.#closed) return;
    const oldest = this.#idleSince.get(this.#idle[0]!)!;
    this.#reaper = setTimeout(() => {
      this.#reaper = undefined;
      this.reap();
      this.#scheduleReaper();
    }, Math.max(0, oldest + this.#idleTimeoutMs - Date.now()));
    this.#reaper.unref();
  }
}
