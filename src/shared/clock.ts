/** Time as the domain sees it. Injected everywhere so tests can move it without sleeping. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /**
   * Present on a clock that can jump (Eddy's controllable clock, src/time/controlled-clock.ts): calls
   * `listener` after each jump, on this node or (seen through storage) another; returns the unsubscribe.
   * A loop that sleeps on a real timer until a clock time subscribes here to wake at once.
   */
  onChange?(listener: (change: TimeChange) => void): () => void;
  /**
   * Present on Eddy's controllable clock: while this node replays a jump step by step, a promise that
   * settles once the jump is over; undefined otherwise. A wait that a step on the way ended (a long poll)
   * waits for it, to answer with what the whole jump made ready.
   */
  jumpDone?(): Promise<void> | undefined;
}

/** A jump of the clock: Eddy's time just before and just after it (epoch ms). */
export interface TimeChange {
  readonly from: number;
  readonly to: number;
}

/** Subscribes to `clock`'s jumps when it can jump; otherwise a no-op unsubscribe. */
export function onClockChange(clock: Clock, listener: (change: TimeChange) => void): () => void {
  return clock.onChange?.(listener) ?? (() => undefined);
}

/** The wall clock: real time, for what real time is right for (see clock-usage.test.ts), and the base of Eddy's clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to: for tests of TTL, retention, visibility timeouts. */
export class ManualClock implements Clock {
  #now: number;
  constructor(start = Date.UTC(2026, 0, 1)) {
    this.#now = start;
  }
  now(): number {
    return this.#now;
  }
  advance(ms: number): void {
    this.#now += ms;
  }
  set(ms: number): void {
    this.#now = ms;
  }
}
