import { performance } from 'node:perf_hooks';
import { onClockChange, type Clock } from '../shared/clock.js';

/**
 * Real milliseconds after a jump during which leases are judged on the time before it: longer than the
 * 1 s in which every node sharing the database reads a jump made elsewhere (ControlledClock's refresh)
 * and renews its own leases (ShardWorker renews on every jump).
 */
export const JUMP_GRACE_MS = 5_000;

/**
 * The time a shard lease's expiry is judged by when claiming one. A lease is kept on Eddy's time, so a
 * jump makes every live lease look expired at once; its holder renews at the jump, but another node may
 * see the new time first. For JUMP_GRACE_MS of real time after a jump, claims judge expiry as if the jump
 * had not happened (the clock minus the jumps of that grace), so no live lease is taken; a holder that is
 * really gone loses its lease once the grace is over.
 */
export class LeaseClock {
  readonly #clock: Clock;
  /** Recent jumps: when (performance.now()) and by how much (ms). */
  #jumps: { at: number; by: number }[] = [];
  readonly #graceMs: number;

  constructor(clock: Clock, graceMs = JUMP_GRACE_MS) {
    this.#clock = clock;
    this.#graceMs = graceMs;
    onClockChange(clock, ({ from, to }) => {
      if (to > from) this.#jumps.push({ at: performance.now(), by: to - from });
    });
  }

  /** Now, for judging whether another holder's lease has expired. */
  claimNow(): number {
    const since = performance.now() - this.#graceMs;
    this.#jumps = this.#jumps.filter((jump) => jump.at > since);
    return this.#clock.now() - this.#jumps.reduce((sum, jump) => sum + jump.by, 0);
  }
}

const byClock = new WeakMap<Clock, LeaseClock>();

/** The one LeaseClock of `clock` (made on first use, listening from then on). */
export function leaseClockOf(clock: Clock): LeaseClock {
  let found = byClock.get(clock);
  if (!found) byClock.set(clock, (found = new LeaseClock(clock)));
  return found;
}
