import type { Deployment } from '../../shared/arns.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import { DueSleep } from '../../shared/due-sleep.js';
import { SerialPasses } from '../../shared/serial-passes.js';
import type { BusStore } from '../../storage/bus-store.js';
import type { BusActivity } from '../bus-activity.js';
import type { RuleDefinition } from '../bus-documents.js';
import type { Rule } from '../bus-lookup.js';
import { eventTimeText } from '../events/bus-event.js';
import { DEFAULT_CATCH_UP, type CatchUpPolicy } from './missed-firings.js';
import { ruleFiring } from './rule-firing.js';

export interface FiringLoopOptions {
  /**
   * The longest the loop sleeps without looking (default 60 s): the polling fallback that notices a rule
   * written by another node sharing the database.
   */
  readonly maxIdleMs?: number;
  /** Missed firings delivered late (see missed-firings.ts): default the last 24 h, at most 60 per rule. */
  readonly catchUp?: Partial<CatchUpPolicy>;
  /** Due rules read at a time (default 100). */
  readonly batchSize?: number;
}

/** What one pass did. */
export interface FiringCounts {
  /** Rules whose firing this node took. */
  rules: number;
  /** Scheduled Events sent (one per firing, to each of its rule's targets). */
  firings: number;
  /** Missed firings left out by the catch-up policy (those older than its window not counted). */
  skipped: number;
  /** Rules that could not be fired (a storage error): they stay due and are tried again. */
  failed: number;
}

/** A pass reads at most this many batches; more due rules than that wait for the next pass, at once. */
const MAX_BATCHES = 20;

/**
 * Fires scheduled rules. A scheduled rule's next firing is its document's `dueAt` (PutRule, EnableRule
 * and DisableRule keep it right, rule-schedule.ts). A pass reads the rules due at the clock's now
 * (dueDocuments, oldest first) and fires each: the Scheduled Events it owes and their deliveries to its
 * targets (rule-firing.ts), stored by BusStore.fireDue together with the move of its dueAt to the next
 * firing, on the condition that dueAt is still the one read. Two nodes reading the same due rule both try;
 * one takes it, the other writes nothing: each firing is delivered once.
 *
 * Wake-ups: a timer for the earliest dueAt of any rule (nextDue, on the injected clock), never longer than
 * `maxIdleMs` (rules written by other nodes); `wake()` when a rule's schedule changes in this process;
 * `fireDue()` (`POST /_eddy/bus/schedules/fire`) for tests that move a ManualClock. Passes run one at a
 * time. `start()` makes the first pass before it returns: what came due while Eddy was stopped fires on
 * start. Nothing here throws out: a failure is logged, the rule stays due, and the loop looks again
 * with backoff.
 */
export class FiringLoop {
  readonly #store: BusStore;
  readonly #clock: Clock;
  readonly #deployment: Deployment;
  readonly #logger: Logger;
  readonly #maxIdleMs: number;
  readonly #policy: CatchUpPolicy;
  readonly #batchSize: number;
  readonly #activity: BusActivity | undefined;
  readonly #passes = new SerialPasses(() => this.#pass());
  readonly #sleep: DueSleep;

  /** `activity` is told each firing's Scheduled Events (`eddy events tail`). */
  constructor(store: BusStore, clock: Clock, deployment: Deployment, logger: Logger, options: FiringLoopOptions = {}, activity?: BusActivity) {
    this.#store = store;
    this.#clock = clock;
    this.#deployment = deployment;
    this.#logger = logger;
    this.#maxIdleMs = options.maxIdleMs ?? 60_000;
    this.#policy = { ...DEFAULT_CATCH_UP, ...options.catchUp };
    this.#batchSize = options.batchSize ?? 100;
    this.#activity = activity;
    this.#sleep = new DueSleep({ clock, maxIdleMs: this.#maxIdleMs, logger, what: 'bus: the schedule loop' });
  }

  /** Fires what is due now (firings missed while Eddy was stopped included), then keeps firing on time. */
  async start(): Promise<void> {
    await this.fireDue();
  }

  /** Looks for due rules now (a rule's schedule changed): after the pass in progress, once however often called meanwhile. */
  wake(): void {
    this.#passes.wake();
  }

  /** Fires every rule due at the clock's now, after the pass in progress; resolves with what this pass did. */
  fireDue(): Promise<FiringCounts> {
    return this.#passes.run(() => this.#pass());
  }

  /** The earliest dueAt of any scheduled rule (a jump replayed step by step stops there, src/time). */
  nextDue(): Promise<number | undefined> {
    return this.#store.nextDue('rule');
  }

  /** Stops the timer and waits for the pass in progress. */
  close(): Promise<void> {
    return this.#passes.close();
  }

  /** One pass, then the timer for the next; never rejects. */
  async #pass(): Promise<FiringCounts> {
    const counts: FiringCounts = { rules: 0, firings: 0, skipped: 0, failed: 0 };
    if (this.#passes.closed) return counts;
    const now = this.#clock.now();
    let more = false;
    try {
      for (let batch = 0; batch < MAX_BATCHES; batch++) {
        const due = await this.#store.dueDocuments<RuleDefinition>('rule', now, this.#batchSize);
        for (const rule of due) await this.#fire(rule, now, counts);
        // A full batch may have left more due; a batch that only failed would be read again as it is.
        more = due.length === this.#batchSize && counts.failed === 0;
        if (!more) break;
      }
    } catch (error) {
      this.#logger.error('bus: the schedule loop could not read the due rules; trying again', error);
      counts.failed++;
    }
    await this.#arm(counts.failed > 0, more);
    return counts;
  }

  async #fire(rule: Rule, now: number, counts: FiringCounts): Promise<void> {
    const where = `bus: scheduled rule ${rule.scope}/${rule.name}`;
    try {
      const firing = ruleFiring(rule, now, this.#deployment, this.#policy);
      if (!(await this.#store.fireDue(firing.due))) return; // another node took it, or the rule changed meanwhile
      if (firing.stopped !== undefined) {
        this.#logger.warn(`${where} stops firing: ${firing.stopped}`);
        return;
      }
      if (this.#activity?.listening) this.#activity.accepted(rule.scope, firing.events.map((event) => ({ event, matched: [rule.name], archivedBy: [] })), now);
      counts.rules++;
      counts.firings += firing.firings.length;
      counts.skipped += firing.skipped;
      const times = firing.firings.map((time) => eventTimeText(time));
      if (firing.firings.length > 1 || firing.skipped > 0 || firing.skippedOlder) {
        const older = firing.skippedOlder ? ` and those older than ${this.#policy.windowMs / 1000} s` : '';
        this.#logger.info(
          `${where}: ${times.length} missed firing(s) delivered (${times[0] ?? '-'} … ${times.at(-1) ?? '-'}); ${firing.skipped} more skipped${older}`,
        );
      } else {
        this.#logger.debug(`${where} fired for ${times[0] ?? '-'}`);
      }
    } catch (error) {
      this.#logger.error(`${where} could not be fired; it stays due and is tried again`, error);
      counts.failed++;
    }
  }

  /** Sets the timer: soon after failures (with backoff), at once when a pass left more due, else at the next dueAt. */
  async #arm(failed: boolean, more: boolean): Promise<void> {
    if (this.#passes.closed) return;
    // A due time already past was just fired (or is another node's to take): wakeIn's few ms keep a stale read from spinning.
    this.#passes.wakeIn(await this.#sleep.after(failed, more, () => this.#store.nextDue('rule')));
  }
}
