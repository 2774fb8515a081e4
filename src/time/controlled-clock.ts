import type { Clock, TimeChange } from '../shared/clock.js';
import type { StoredTimeOffset, TimeStore } from '../storage/time-store.js';
import { formatOffset } from './duration.js';
import { timeErrors } from './time-errors.js';

/** How often a node reads the stored version to see another node's change (real time). */
const DEFAULT_REFRESH_MS = 1000;

/**
 * What moved the clock: this node's advance, set or resume, a change another node stored, or one step of a
 * jump this node replays (TimeControl: a due time inside the jump, held on this node only, never stored).
 */
export type TimeChangeCause = 'advance' | 'set' | 'resume' | 'elsewhere' | 'step';

export interface ControlledTimeChange extends TimeChange {
  readonly cause: TimeChangeCause;
  readonly offsetMs: number;
}

/**
 * Eddy's clock on a running Eddy: the wall clock (the injected base) plus an offset that `eddy time`
 * moves. Time keeps running at the wall clock's pace; `advance` and `set` move it forward only
 * (TimeMovesForwardOnlyError otherwise); `resume` drops the offset, back to the wall clock — the one
 * deliberate step back, see docs/cli.md.
 *
 * The offset lives in storage (TimeStore), so every node on the database shares it and a restart keeps
 * it. Each node caches it with its version: a change made here applies at once; one made elsewhere is
 * seen by reading the version every `refreshMs` of real time (and by `refresh()`). Listeners hear every
 * jump, whichever node made it.
 */
export class ControlledClock implements Clock {
  readonly #wall: Clock;
  #store: TimeStore | undefined;
  #cached: StoredTimeOffset = { offsetMs: 0, version: 0 };
  readonly #listeners = new Set<(change: ControlledTimeChange) => void>();
  #timer: NodeJS.Timeout | undefined;
  /** While this node replays a jump: the offset of the step it is at (ahead of the stored one, this node only). */
  #stepOffsetMs: number | undefined;
  /** While this node replays a jump: resolves once the jump is stored and its passes ran (see jumpDone). */
  #jump: { done: Promise<void>; end: () => void } | undefined;

  /** `wall`: real time (the system clock), or a test's ManualClock standing in for it. */
  constructor(wall: Clock) {
    this.#wall = wall;
  }

  now(): number {
    return this.#wall.now() + this.offsetMs;
  }

  /** The base this clock adds its offset to. */
  get wall(): Clock {
    return this.#wall;
  }

  get offsetMs(): number {
    return this.#stepOffsetMs === undefined ? this.#cached.offsetMs : Math.max(this.#cached.offsetMs, this.#stepOffsetMs);
  }

  /**
   * Begins replaying a jump on this node (TimeControl): until `endJump`, `stepTo` moves this node's time
   * to each due time on the way, and jumpDone() answers a promise that settles when the jump is over.
   */
  beginJump(): void {
    if (this.#jump) return;
    let end!: () => void;
    const done = new Promise<void>((resolve) => (end = resolve));
    this.#jump = { done, end };
  }

  /**
   * One step of a jump being replayed: this node's time moves forward to `instant` (nothing when it is
   * there already), announced with cause 'step'. Not stored: other nodes see only the jump's end, so the
   * offsets they see only grow; a restart mid-jump is back where the jump began.
   */
  stepTo(instant: number): void {
    const from = this.now();
    if (instant <= from) return;
    this.#stepOffsetMs = instant - this.#wall.now();
    this.#announce({ cause: 'step', from, to: this.now(), offsetMs: this.offsetMs });
  }

  /** The jump replayed here is over (stored, or given up): the step offset goes, waiters on jumpDone go on. */
  endJump(): void {
    this.#stepOffsetMs = undefined;
    const jump = this.#jump;
    this.#jump = undefined;
    jump?.end();
  }

  /**
   * While this node replays a jump, a promise that settles once it is over; undefined otherwise. A wait
   * whose end the replay's steps passed (a long poll) waits for it, to answer with what the whole jump
   * made visible rather than with what one step on the way did.
   */
  jumpDone(): Promise<void> | undefined {
    return this.#jump?.done;
  }

  /** Loads the stored offset and, with `refreshMs` > 0, looks for other nodes' changes that often. */
  async attach(store: TimeStore, refreshMs = DEFAULT_REFRESH_MS): Promise<void> {
    this.#store = store;
    this.#cached = await store.read();
    clearInterval(this.#timer);
    if (refreshMs <= 0) return;
    this.#timer = setInterval(() => void this.refresh().catch(() => undefined), refreshMs);
    this.#timer.unref();
  }

  /** Stops looking for other nodes' changes (the node is stopping). */
  detach(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Reads the stored version; a newer one (another node's change) applies and is announced. */
  async refresh(): Promise<void> {
    if (this.#store) this.#apply(await this.#store.read(), 'elsewhere');
  }

  /** Moves time forward by `ms` (> 0). */
  async advance(ms: number): Promise<ControlledTimeChange> {
    if (!Number.isFinite(ms) || ms <= 0) {
      throw timeErrors.backwards(`Time only moves forward: advance by a positive duration (was ${formatOffset(ms)})`);
    }
    return this.#change('advance', (current) => current.offsetMs + ms);
  }

  /** Moves time forward to `instant` (epoch ms), which must not be earlier than Eddy's time now. */
  set(instant: number): Promise<ControlledTimeChange> {
    return this.#change('set', (current) => {
      const now = this.#wall.now() + current.offsetMs;
      if (instant < now) {
        throw timeErrors.backwards(
          `Time only moves forward: ${new Date(instant).toISOString()} is before Eddy's time ${new Date(now).toISOString()}`,
        );
      }
      // A replayed jump's last step may be a few ms of real time ago: never behind it.
      return Math.max(instant, this.now()) - this.#wall.now();
    });
  }

  /** Drops the offset: Eddy's time is the wall clock again (moving back when the offset was positive). */
  resume(): Promise<ControlledTimeChange> {
    this.#stepOffsetMs = undefined;
    return this.#change('resume', () => 0);
  }

  onChange(listener: (change: ControlledTimeChange) => void): () => void {
    const entry = (change: ControlledTimeChange) => listener(change);
    this.#listeners.add(entry);
    return () => void this.#listeners.delete(entry);
  }

  async #change(cause: TimeChangeCause, decide: (current: StoredTimeOffset) => number): Promise<ControlledTimeChange> {
    const from = this.now();
    if (!this.#store) {
      // Not attached (a unit test of a loop): the offset lives in this object only.
      const next = { offsetMs: Math.trunc(decide(this.#cached)), version: this.#cached.version + 1 };
      return this.#apply(next, cause) ?? { cause, from, to: this.now(), offsetMs: this.offsetMs };
    }
    const stored = await this.#store.change(decide);
    return this.#apply(stored, cause) ?? { cause, from, to: this.now(), offsetMs: this.offsetMs };
  }

  /** Takes a newer stored row; announces the jump. Undefined when the row is not newer than the cache. */
  #apply(stored: StoredTimeOffset, cause: TimeChangeCause): ControlledTimeChange | undefined {
    if (stored.version <= this.#cached.version) return undefined;
    const from = this.now();
    this.#cached = stored;
    // This node's jump is stored: its steps are behind it. Another node's change keeps a step ahead of it.
    if (cause !== 'elsewhere') this.#stepOffsetMs = undefined;
    const change: ControlledTimeChange = { cause, from, to: this.now(), offsetMs: this.offsetMs };
    this.#announce(change);
    return change;
  }

  #announce(change: ControlledTimeChange): void {
    for (const listener of this.#listeners) {
      try {
        listener(change);
      } catch {
        // A listener's failure is its own; the change is stored either way.
      }
    }
  }
}
