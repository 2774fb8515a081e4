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

/**
 * A function's execution environments: at most `limit` busy at once, idle ones reused most recent first
 * (warm), a new one created when none is idle (cold). `renew()` after a deploy retires environments
 * running the previous code: idle ones now, busy ones when their invocation finishes.
 */
export class EnvironmentPool<E extends PooledEnvironment> {
  #idle: E[] = [];
  #busy = new Set<E>();
  #generationOf = new Map<E, number>();
  #generation = 0;
  #waiters: Waiter<E>[] = [];
  #limit: number;
  #closed = false;
  readonly #create: () => E;
  readonly #throttled: () => Error;

  constructor(options: { limit: number; create: () => E; throttled: () => Error }) {
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
    return environment.terminate();
  }
}
