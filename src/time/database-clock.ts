import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';

/** Samples per measurement: the one with the shortest round trip is kept (the others waited on something). */
const DEFAULT_SAMPLES = 5;
/** How often the skew is measured again (real time), so a machine clock that drifts or is stepped is followed. */
const DEFAULT_PERIOD_MS = 5_000;
/** A skew past this is worth a warning: the machine's clock is off (no NTP?), whatever Eddy makes of it. */
const DEFAULT_WARN_ABOVE_MS = 1_000;

export interface DatabaseClockOptions {
  /** The machine's clock (systemClock), or a test's stand-in for it. */
  readonly base: Clock;
  readonly logger: Logger;
  /** See DEFAULT_SAMPLES. */
  readonly samples?: number;
  /** See DEFAULT_PERIOD_MS; 0: measured only by `measure()`. */
  readonly periodMs?: number;
  /** See DEFAULT_WARN_ABOVE_MS. */
  readonly warnAboveMs?: number;
}

/** One measurement's result: how far the server's clock is ahead of the base, give or take `uncertaintyMs`. */
export interface SkewEstimate {
  readonly skewMs: number;
  /** Half the kept sample's round trip: the server read its clock somewhere inside it. */
  readonly uncertaintyMs: number;
}

/**
 * The wall clock of a node sharing its database with others: the machine's clock disciplined to the
 * database server's, so every node judges leases, visibility timeouts and due times on one time (up to
 * a few ms), whatever its own machine's clock says. A node whose clock runs minutes ahead would
 * otherwise see every other node's lease expired and take it.
 *
 * The skew is measured the way NTP does: base time before (t0) and after (t1) reading the server's time
 * (s); the server read it somewhere between, so skew = s - (t0 + t1) / 2, give or take half the round
 * trip. Of several samples the one with the shortest round trip wins. A new estimate within the
 * measurement's uncertainty of the current one changes nothing (that is noise, and every change is a
 * small jump). now() never goes back: when the skew drops (or the base steps back), the clock holds at its
 * last answer until the base catches up, rather than stepping back under a lease or a due time.
 *
 * Until `discipline` is called — and on an engine with no server to ask (SQLite) — it is its base.
 */
export class DatabaseClock implements Clock {
  readonly #base: Clock;
  readonly #logger: Logger;
  readonly #samples: number;
  readonly #periodMs: number;
  readonly #warnAboveMs: number;
  #serverTime: (() => Promise<number>) | undefined;
  #estimate: SkewEstimate | undefined;
  #last = -Infinity;
  #timer: NodeJS.Timeout | undefined;
  #measuring: Promise<SkewEstimate> | undefined;
  #warned = false;

  constructor(options: DatabaseClockOptions) {
    this.#base = options.base;
    this.#logger = options.logger;
    this.#samples = Math.max(1, options.samples ?? DEFAULT_SAMPLES);
    this.#periodMs = options.periodMs ?? DEFAULT_PERIOD_MS;
    this.#warnAboveMs = options.warnAboveMs ?? DEFAULT_WARN_ABOVE_MS;
  }

  now(): number {
    const now = this.#base.now() + (this.#estimate?.skewMs ?? 0);
    if (now > this.#last) this.#last = now;
    return this.#last;
  }

  /** The estimate now() runs on; undefined before the first measurement. */
  get estimate(): SkewEstimate | undefined {
    return this.#estimate;
  }

  /**
   * Measures the skew against `serverTime` (rejecting when the server cannot be read, so a node never
   * serves on an undisciplined clock), then again every `periodMs` of real time until `stop()`.
   */
  async discipline(serverTime: () => Promise<number>): Promise<SkewEstimate> {
    this.#serverTime = serverTime;
    const estimate = await this.measure();
    clearInterval(this.#timer);
    if (this.#periodMs > 0) {
      this.#timer = setInterval(() => {
        this.measure().catch((error: unknown) => {
          // The last estimate still holds: a clock drifts by ms per hour, and the database is the one
          // that failed, which every lease operation will report anyway.
          this.#logger.debug(`clock: could not read the database server's time (${String(error)}); the skew stays ${this.#estimate?.skewMs} ms`);
        });
      }, this.#periodMs);
      this.#timer.unref();
    }
    return estimate;
  }

  /** Stops measuring (the node is stopping); now() goes on with the last estimate. */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#serverTime = undefined;
  }

  /** Measures now (or joins the measurement under way) and applies the result; answers the estimate now() runs on. */
  measure(): Promise<SkewEstimate> {
    this.#measuring ??= this.#measure().finally(() => (this.#measuring = undefined));
    return this.#measuring;
  }

  async #measure(): Promise<SkewEstimate> {
    const serverTime = this.#serverTime;
    if (!serverTime) throw new Error('DatabaseClock: nothing to measure against (discipline() was not called, or stop() was)');
    let best: { skew: number; roundTrip: number } | undefined;
    for (let i = 0; i < this.#samples; i++) {
      const t0 = this.#base.now();
      const server = await serverTime();
      const t1 = this.#base.now();
      const roundTrip = t1 - t0;
      if (roundTrip < 0) continue; // the base stepped back mid-sample: the sample says nothing
      if (!best || roundTrip < best.roundTrip) best = { skew: server - (t0 + t1) / 2, roundTrip };
    }
    if (!best) return this.#estimate ?? { skewMs: 0, uncertaintyMs: Infinity };
    // Whole ms: lease times are stored as integers, and the base (Date.now) answers whole ms.
    const measured: SkewEstimate = { skewMs: Math.round(best.skew), uncertaintyMs: best.roundTrip / 2 };
    this.#apply(measured);
    return this.#estimate!;
  }

  #apply(measured: SkewEstimate): void {
    const current = this.#estimate;
    // Logged only when it changes: measured every few seconds, the same skew would fill a debug log.
    if (current && Math.abs(measured.skewMs - current.skewMs) <= measured.uncertaintyMs) return;
    this.#estimate = measured;
    this.#logger.debug(`clock: the database server's clock is ${measured.skewMs} ms ahead of this machine's (±${measured.uncertaintyMs} ms)`);
    const off = Math.abs(measured.skewMs) > this.#warnAboveMs;
    if (off && !this.#warned) {
      this.#logger.warn(
        `clock: this machine's clock is ${Math.abs(measured.skewMs)} ms ${measured.skewMs > 0 ? 'behind' : 'ahead of'} the database server's; Eddy runs on the server's time (keep the clocks in sync with NTP)`,
      );
    }
    this.#warned = off;
  }
}
