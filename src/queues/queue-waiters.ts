/**
 * Long polling's wake-ups: a ReceiveMessage with WaitTimeSeconds that found nothing waits here until a
 * message may have become available in its queue (a send, a redrive into it, a visibility change, a
 * move) or its time is up. No polling interval: a send wakes its waiters as soon as it has committed.
 */
export class QueueWaiters {
  readonly #waiting = new Map<number, Set<() => void>>();
  /** Receives parked in a wait now, by queue (armed ones still looking are not). */
  readonly #parked = new Map<number, number>();
  #closed = false;

  /** Resolves after `ms`, on notify(queueId), or at once once closed. */
  wait(queueId: number, ms: number): Promise<void> {
    if (this.#closed || ms <= 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      let set = this.#waiting.get(queueId);
      if (!set) this.#waiting.set(queueId, (set = new Set()));
      const waiters = set;
      const done = () => {
        clearTimeout(timer);
        waiters.delete(done);
        if (waiters.size === 0 && this.#waiting.get(queueId) === waiters) this.#waiting.delete(queueId);
        this.#park(queueId, -1);
        resolve();
      };
      const timer = setTimeout(done, ms);
      waiters.add(done);
      this.#park(queueId, 1);
    });
  }

  /**
   * Registers interest in the queue now and waits later: a notify that arrives in between (while the
   * caller is still looking for messages) is not lost — the wait then returns at once. Call `cancel`
   * when done, whether or not `wait` was called.
   */
  arm(queueId: number): ArmedWait {
    let signaled = false;
    let resolve: (() => void) | undefined;
    let timer: NodeJS.Timeout | undefined;
    let set = this.#waiting.get(queueId);
    if (!set) this.#waiting.set(queueId, (set = new Set()));
    const waiters = set;
    const remove = () => {
      waiters.delete(done);
      if (waiters.size === 0 && this.#waiting.get(queueId) === waiters) this.#waiting.delete(queueId);
    };
    const done = () => {
      signaled = true;
      clearTimeout(timer);
      remove();
      const settle = resolve;
      resolve = undefined;
      if (settle) this.#park(queueId, -1);
      settle?.();
    };
    waiters.add(done);
    return {
      wait: (ms) => {
        if (signaled || this.#closed || ms <= 0) return Promise.resolve();
        return new Promise<void>((settle) => {
          resolve = settle;
          timer = setTimeout(done, ms);
          this.#park(queueId, 1);
        });
      },
      cancel: () => {
        clearTimeout(timer);
        remove();
        if (resolve) this.#park(queueId, -1); // cancelled while parked: its wait never answers
        resolve = undefined;
      },
    };
  }

  /** Wakes every receive waiting on the queue. */
  notify(queueId: number): void {
    const set = this.#waiting.get(queueId);
    if (!set) return;
    for (const done of [...set]) done();
  }

  /** The queues someone waits on now (long polls, queue consumers). */
  waitingQueues(): number[] {
    return [...this.#waiting.keys()];
  }

  /**
   * How many receives are parked now, by queue id: long polls (and queue consumers' receives) that found
   * nothing and wait for a wake-up or their time to be up. One still looking is not counted (it is armed,
   * not parked). This node's only.
   */
  parked(): ReadonlyMap<number, number> {
    return this.#parked;
  }

  #park(queueId: number, by: 1 | -1): void {
    const count = (this.#parked.get(queueId) ?? 0) + by;
    if (count > 0) this.#parked.set(queueId, count);
    else this.#parked.delete(queueId);
  }

  /** Wakes every waiting receive, whatever its queue. */
  notifyAll(): void {
    for (const id of [...this.#waiting.keys()]) this.notify(id);
  }

  /** Wakes everyone and makes later waits return at once (the server is stopping). */
  close(): void {
    this.#closed = true;
    for (const id of [...this.#waiting.keys()]) this.notify(id);
  }

  get closed(): boolean {
    return this.#closed;
  }
}

/** See QueueWaiters.arm. */
export interface ArmedWait {
  /** Resolves after `ms`, at once if notified since arming, or on the next notify. */
  wait(ms: number): Promise<void>;
  cancel(): void;
}
