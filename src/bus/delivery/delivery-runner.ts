import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { onClockChange, type Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { DeliveryOutcome, StoredDelivery } from '../../storage/bus-store.js';

/**
 * What the runner needs of a store of leased deliveries: BusStore's delivery half, which the topics'
 * TopicDeliveryStore has too (the same lease rules), so both are delivered by this one runner.
 */
export type LeasedDeliveries<D, O> = {
  claimDeliveries(owner: string, now: number, until: number, limit: number): Promise<D[]>;
  renewDeliveryLeases(owner: string, ids: readonly string[], until: number): Promise<number>;
  settleDeliveries(owner: string, outcomes: readonly O[]): Promise<number>;
  nextDeliveryDue(): Promise<number | undefined>;
  onDeliveries(listener: () => void): () => void;
  releaseAllLeases(): Promise<number>;
};

/** A stored delivery as the runner sees it. */
export type LeasedDelivery = { readonly id: string; readonly attempts: number };
/** An attempt's outcome as the runner sees it: a retry has this shape; the other kinds are the store's. */
export type LeasedOutcome = { readonly id: string; readonly kind: string } | { readonly id: string; readonly kind: 'retry'; readonly attempts: number; readonly dueAt: number; readonly error: string };

/** Who hears of each attempt (the bus's BusActivity; `eddy events tail`). */
export interface AttemptListener<D, O> {
  readonly listening: boolean;
  attempted(delivery: D, outcome: O, startedAt: number, endedAt: number): void;
}

export interface DeliveryRunnerOptions {
  /**
   * Deliveries attempted at once (default 256). It is also the runner's batch: a claim takes up to this
   * many, at least half of it while attempts run, and the queue target sends a claim's messages to one
   * queue together. Under load, each turn of the event loop carries one group commit; the runner's
   * share of the process is about one claim, one batch of sends and one settle per turn or two, so this
   * number is what keeps delivery up with PutEvents (64 delivered ~5 % of what was accepted) or lets it
   * crowd acceptance out.
   */
  readonly concurrency?: number;
  /**
   * How long a claim holds a delivery (default 60 s): the runner renews its claims every third of it until
   * their outcomes are settled, so only a dead (or stalled) runner's deliveries are taken over by another,
   * this long after its last renewal. main.ts gives the cluster's heartbeat lease when one is set.
   */
  readonly leaseMs?: number;
  /** The longest the runner sleeps without looking for due deliveries (default 60 s). */
  readonly maxIdleMs?: number;
  /** Prefix of its log lines (default `bus`). */
  readonly logName?: string;
}

/** What `deliverDue` did. */
export interface DeliveryCounts {
  delivered: number;
  retried: number;
  deadLettered: number;
  dropped: number;
}

/** After a storage error the runner looks again this much later. */
const ERROR_PAUSE_MS = 1_000;

/**
 * Delivers stored deliveries (what accepted events left to do) to their targets. It claims due
 * deliveries with a lease (its owner id is unique per process and start, so a node that restarts does
 * not take itself for its previous run), attempts each (`attempt` never throws: it turns every failure
 * into a retry, a dead letter or a drop), and settles the outcomes; a settle applies only while the
 * lease is held, so a delivery taken over by another node after a stall is not settled twice.
 *
 * Wake-ups: the store's onDeliveries (a commit added deliveries or made some claimable again), a timer
 * for the next due time (nextDeliveryDue, on the injected clock, never longer than `maxIdleMs`, which is
 * also the fallback for deliveries added by other processes), and a finished attempt freeing a slot.
 * At most `concurrency` attempts run at once. Nothing here throws out: a storage error is logged and
 * the runner looks again a second later; the deliveries stay stored.
 *
 * Each attempt's outcome is reported to `activity` as it ends (before it is settled: the target got what
 * it got even should this runner have lost its lease meanwhile), when it has listeners.
 */
export class DeliveryRunner<D extends LeasedDelivery = StoredDelivery, O extends LeasedOutcome = DeliveryOutcome> {
  readonly owner = `${hostname()}/${process.pid}/${randomUUID()}`;
  readonly #store: LeasedDeliveries<D, O>;
  readonly #attempt: (delivery: D) => Promise<O>;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #concurrency: number;
  readonly #leaseMs: number;
  readonly #maxIdleMs: number;
  readonly #activity: AttemptListener<D, O> | undefined;
  readonly #logName: string;
  readonly #running = new Set<Promise<void>>();
  /** Attempts begun and not yet ended (their settles may still be on their way): the slots in use. */
  #attempting = 0;
  #outcomes: O[] = [];
  #flush: Promise<void> | undefined;
  #unsubscribe: (() => void) | undefined;
  #timer: NodeJS.Timeout | undefined;
  #pumping = false;
  /** The background claim in flight: its deliveries join #running when it answers (deliverDue waits for it). */
  #claiming: Promise<unknown> | undefined;
  #wanted = false;
  #closed = false;
  /** The deliveries claimed here and not yet settled, by id: their leases are renewed (start() to close()). */
  readonly #held = new Set<string>();
  #renewer: NodeJS.Timeout | undefined;
  #unsubscribeClock: (() => void) | undefined;

  constructor(
    store: LeasedDeliveries<D, O>,
    attempt: (delivery: D) => Promise<O>,
    clock: Clock,
    logger: Logger,
    options: DeliveryRunnerOptions = {},
    activity?: AttemptListener<D, O>,
  ) {
    this.#store = store;
    this.#attempt = attempt;
    this.#clock = clock;
    this.#logger = logger;
    this.#concurrency = options.concurrency ?? 256;
    this.#leaseMs = options.leaseMs ?? 60_000;
    this.#maxIdleMs = options.maxIdleMs ?? 60_000;
    this.#activity = activity;
    this.#logName = options.logName ?? 'bus';
  }

  /**
   * Starts delivering. `releaseLeases`: the engine is this process's alone, so every lease still held
   * is a previous run's (ended by kill -9 or a crash) and is released now rather than waited out.
   */
  async start(releaseLeases: boolean): Promise<void> {
    if (releaseLeases) await this.#store.releaseAllLeases();
    this.#unsubscribe = this.#store.onDeliveries(() => this.wake());
    this.#renewer = setInterval(() => void this.#renewLeases(), this.#leaseMs / 3).unref();
    // A jump of Eddy's clock makes every lease look old: renewed at once, so no other runner takes these over.
    this.#unsubscribeClock = onClockChange(this.#clock, () => void this.#renewLeases());
    this.wake();
  }

  /** Looks for due deliveries now. */
  wake(): void {
    if (this.#closed) return;
    this.#wanted = true;
    if (!this.#pumping) void this.#pump();
  }

  /**
   * Delivers everything due at the clock's now, and waits for it and for the attempts already running
   * (`POST /_eddy/bus/deliver`: tests that move a ManualClock, or that want what was put delivered). A
   * retry that comes due at once is attempted in the same call. Counts only the attempts it made.
   */
  async deliverDue(): Promise<DeliveryCounts> {
    const counts: DeliveryCounts = { delivered: 0, retried: 0, deadLettered: 0, dropped: 0 };
    for (;;) {
      const now = this.#clock.now();
      const claimed = await this.#store.claimDeliveries(this.owner, now, now + this.#leaseMs, this.#concurrency);
      for (const delivery of claimed) this.#held.add(delivery.id);
      if (claimed.length === 0) {
        // The background pump may have claimed them a moment ago, its answer still on the way (a round trip on
        // shared storage): they are running once it arrives.
        if (this.#claiming) {
          await this.#claiming.catch(() => undefined);
          continue;
        }
        if (this.#running.size === 0) return counts;
        await Promise.allSettled([...this.#running]);
        continue;
      }
      const outcomes = await Promise.all(claimed.map((delivery) => this.#attemptSafely(delivery)));
      try {
        await this.#store.settleDeliveries(this.owner, outcomes);
      } finally {
        for (const outcome of outcomes) this.#held.delete(outcome.id);
      }
      for (const outcome of outcomes) {
        if (outcome.kind === 'delivered') counts.delivered++;
        else if (outcome.kind === 'retry') counts.retried++;
        else if (outcome.kind === 'dead-lettered') counts.deadLettered++;
        else counts.dropped++;
      }
    }
  }

  /** The earliest due time of a stored delivery (a retry's; a jump replayed step by step stops there, src/time). */
  nextDue(): Promise<number | undefined> {
    return this.#store.nextDeliveryDue();
  }

  /** Stops claiming and waits for the attempts in progress to be settled. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#unsubscribe?.();
    clearTimeout(this.#timer);
    clearInterval(this.#renewer);
    this.#unsubscribeClock?.();
    while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
  }

  async #pump(): Promise<void> {
    this.#pumping = true;
    try {
      while (this.#wanted && !this.#closed) {
        this.#wanted = false;
        const free = this.#concurrency - this.#attempting;
        // Claims come in batches: while attempts run, wait until half the slots are free (a finishing
        // attempt wakes the runner), so a busy runner claims many at a time rather than one per slot.
        if (free <= 0 || (this.#attempting > 0 && free < this.#concurrency / 2)) break;
        const now = this.#clock.now();
        const claiming = this.#store.claimDeliveries(this.owner, now, now + this.#leaseMs, free).then((claimed) => {
          for (const delivery of claimed) this.#held.add(delivery.id);
          for (const delivery of claimed) this.#run(delivery);
          return claimed.length;
        });
        this.#claiming = claiming;
        let count: number;
        try {
          count = await claiming;
        } finally {
          this.#claiming = undefined;
        }
        if (count === free) this.#wanted = true;
      }
      if (!this.#closed && this.#running.size === 0) await this.#armTimer();
    } catch (error) {
      this.#logger.error(`${this.#logName}: the delivery runner could not read its deliveries; trying again in a second`, error);
      this.#setTimer(ERROR_PAUSE_MS);
    } finally {
      this.#pumping = false;
      if (this.#wanted) this.wake();
    }
  }

  /**
   * Attempts a delivery and settles its outcome. Its slot is free as soon as the attempt has ended,
   * so the next claim goes into the same group commit as this settle rather than waiting a commit for it.
   */
  #run(delivery: D): void {
    this.#attempting++;
    const ended = (): void => {
      this.#attempting--;
      this.wake();
    };
    const run = this.#attemptSafely(delivery)
      .then(
        (outcome) => {
          const settled = this.#settle(outcome);
          ended();
          return settled;
        },
        (error: unknown) => {
          ended();
          throw error;
        },
      )
      .then(
        () => {},
        (error) => this.#logger.error(`${this.#logName}: delivery ${delivery.id} could not be settled; it is retried once its lease expires`, error),
      )
      .finally(() => {
        this.#running.delete(run);
        if (this.#running.size === 0) this.wake();
      });
    this.#running.add(run);
  }

  /**
   * Settles an outcome together with the others that end in the same run of microtasks (a claim's
   * attempts end together when their target answers together, as a queue's batch does): one
   * settleDeliveries call, one unit of the engine's group commit, for all of them.
   */
  #settle(outcome: O): Promise<void> {
    this.#outcomes.push(outcome);
    this.#flush ??= Promise.resolve().then(() => {
      const outcomes = this.#outcomes;
      this.#outcomes = [];
      this.#flush = undefined;
      return this.#store
        .settleDeliveries(this.owner, outcomes)
        .then(() => {})
        .finally(() => {
          for (const settled of outcomes) this.#held.delete(settled.id);
        });
    });
    return this.#flush;
  }

  /** Extends the leases of the deliveries claimed here and not settled; one lost meanwhile is left to its new holder. */
  async #renewLeases(): Promise<void> {
    if (this.#held.size === 0 || this.#closed) return;
    try {
      await this.#store.renewDeliveryLeases(this.owner, [...this.#held], this.#clock.now() + this.#leaseMs);
    } catch (error) {
      this.#logger.error(`${this.#logName}: renewing the leases of deliveries in progress failed; trying again`, error);
    }
  }

  /** An attempt, reported to the activity's listeners when there are any (the clock is read only then). */
  #attemptSafely(delivery: D): Promise<O> {
    const activity = this.#activity;
    if (!activity?.listening) return this.#attemptOnce(delivery);
    const startedAt = this.#clock.now();
    return this.#attemptOnce(delivery).then((outcome) => {
      activity.attempted(delivery, outcome, startedAt, this.#clock.now());
      return outcome;
    });
  }

  /** `attempt` does not throw; should it (a bug), the delivery is retried a lease later rather than lost. */
  async #attemptOnce(delivery: D): Promise<O> {
    try {
      return await this.#attempt(delivery);
    } catch (error) {
      this.#logger.error(`${this.#logName}: delivery ${delivery.id} failed unexpectedly`, error);
      const attempts = delivery.attempts + 1;
      // The retry shape every store of leased deliveries takes (LeasedOutcome).
      return { id: delivery.id, kind: 'retry', attempts, dueAt: this.#clock.now() + this.#leaseMs, error: `INTERNAL_ERROR: ${String(error)}` } as unknown as O;
    }
  }

  async #armTimer(): Promise<void> {
    const due = await this.#store.nextDeliveryDue();
    const wait = due === undefined ? this.#maxIdleMs : Math.min(this.#maxIdleMs, due - this.#clock.now());
    // A due time already past would have been claimed; a few ms keep a stale read from spinning.
    this.#setTimer(Math.max(5, wait));
  }

  #setTimer(ms: number): void {
    clearTimeout(this.#timer);
    if (this.#closed) return;
    this.#timer = setTimeout(() => this.wake(), ms);
    this.#timer.unref();
  }
}
