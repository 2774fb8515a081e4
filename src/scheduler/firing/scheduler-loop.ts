import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DueSleep } from '../../shared/due-sleep.js';
import type { Logger } from '../../shared/logger.js';
import { SerialPasses } from '../../shared/serial-passes.js';
import type { SchedulerStore } from '../../storage/scheduler-store.js';
import type { TimedDefinition } from '../schedule-times.js';
import { attemptExecution, scheduledTimeText, type ExecutionDeps } from './execution-attempt.js';
import { scheduleFiring } from './schedule-firing.js';
import { finishGroupDeletions } from './group-deletion.js';

export interface SchedulerLoopOptions {
  /** The longest the loop sleeps without looking (default 60 s): the fallback that notices what another node wrote. */
  readonly maxIdleMs?: number;
  /** Schedules, and executions, read at a time (default 100). */
  readonly batchSize?: number;
  /** How long a claim holds an execution (default 60 s): past it, another node may take it over. */
  readonly leaseMs?: number;
}

/** What one pass did. */
export interface SchedulerCounts {
  /** Schedules whose due time this node took. */
  schedules: number;
  /** Executions stored by those firings (one per due time). */
  fired: number;
  /** Attempts at executions: succeeded, to be retried, given up on (dead-lettered or dropped). */
  delivered: number;
  retried: number;
  givenUp: number;
  /** Due schedules or executions that hit a storage error: they stay stored and are tried again. */
  failed: number;
}

const MAX_BATCHES = 20;

/**
 * Fires due schedules and runs their executions. A pass reads the schedules due at the clock's now and
 * takes each with SchedulerStore.fire — a conditional write on the dueAt read that moves it to the next
 * due time and stores the executions, so two nodes reading the same schedule fire it once — then claims
 * the due executions with a lease and attempts each (attemptExecution never throws), settling the outcome
 * while the lease is held.
 *
 * Wake-ups: a timer for the earlier of the next due schedule and the next due execution (on the injected
 * clock, never longer than `maxIdleMs`); `wake()` when a schedule changes in this process — and when the
 * clock is moved (`eddy time`): a timer set for a due time on the old clock would wait the wrong length;
 * `fireDue()` (`POST /_eddy/scheduler/fire`) fires and runs what is due now and resolves when done.
 * `start()` makes the first pass before it returns: what fell due while Eddy was stopped fires then.
 */
export class SchedulerLoop {
  readonly owner = `${hostname()}/${process.pid}/${randomUUID()}`;
  readonly #store: SchedulerStore;
  readonly #deps: ExecutionDeps;
  readonly #maxIdleMs: number;
  readonly #batchSize: number;
  readonly #leaseMs: number;
  readonly #passes = new SerialPasses(() => this.#pass());
  readonly #sleep: DueSleep;

  constructor(store: SchedulerStore, deps: ExecutionDeps, options: SchedulerLoopOptions = {}) {
    this.#store = store;
    this.#deps = deps;
    this.#maxIdleMs = options.maxIdleMs ?? 60_000;
    this.#batchSize = options.batchSize ?? 100;
    this.#leaseMs = options.leaseMs ?? 60_000;
    this.#sleep = new DueSleep({ clock: deps.clock, maxIdleMs: this.#maxIdleMs, logger: deps.logger, what: 'scheduler: the loop' });
  }

  /** `releaseLeases`: the engine is this process's alone, so execution leases still held are a previous run's. */
  async start(releaseLeases: boolean): Promise<void> {
    if (releaseLeases) await this.#store.releaseExecutionLeases();
    await this.fireDue();
  }

  /** Looks for due schedules and executions now: after the pass under way, once however often called meanwhile. */
  wake(): void {
    this.#passes.wake();
  }

  /** Fires and runs everything due at the clock's now, after the pass under way. */
  fireDue(): Promise<SchedulerCounts> {
    return this.#passes.run(() => this.#pass());
  }

  close(): Promise<void> {
    return this.#passes.close();
  }

  async #pass(): Promise<SchedulerCounts> {
    const counts: SchedulerCounts = { schedules: 0, fired: 0, delivered: 0, retried: 0, givenUp: 0, failed: 0 };
    if (this.#passes.closed) return counts;
    let more = false;
    try {
      more = await this.#fireSchedules(counts);
      more = (await this.#runExecutions(counts)) || more;
    } catch (error) {
      this.#deps.logger.error('scheduler: the loop could not read its due work; trying again', error);
      counts.failed++;
    }
    await this.#arm(counts.failed > 0, more);
    return counts;
  }

  async #fireSchedules(counts: SchedulerCounts): Promise<boolean> {
    const now = this.#deps.clock.now();
    for (const group of await finishGroupDeletions(this.#store, now)) this.#deps.logger.info(`scheduler: schedule group ${group} deleted with its schedules`);
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const due = await this.#store.dueSchedules<TimedDefinition>(now, this.#batchSize);
      for (const schedule of due) {
        const where = `scheduler: schedule ${schedule.group}/${schedule.name}`;
        try {
          const firing = scheduleFiring(schedule, now, this.#deps.deployment);
          if (!(await this.#store.fire(firing.firing))) continue; // another node took it, or it changed meanwhile
          if (firing.stopped !== undefined) {
            this.#deps.logger.info(`${where} stops: ${firing.stopped}`);
            continue;
          }
          counts.schedules++;
          counts.fired += firing.times.length;
          const skipped = firing.skipped > 0 ? `; ${firing.skipped} older due times skipped` : '';
          this.#deps.logger.debug(`${where} fired for ${firing.times.map(scheduledTimeText).join(', ')}${skipped}`);
        } catch (error) {
          this.#deps.logger.error(`${where} could not be fired; it stays due and is tried again`, error);
          counts.failed++;
        }
      }
      if (due.length < this.#batchSize || counts.failed > 0) return false;
    }
    return true;
  }

  async #runExecutions(counts: SchedulerCounts): Promise<boolean> {
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const now = this.#deps.clock.now();
      const claimed = await this.#store.claimExecutions(this.owner, now, now + this.#leaseMs, this.#batchSize);
      // One schedule's executions run one after another, oldest first (a jump owes several, and on an engine
      // whose writes interleave they would otherwise reach their target in any order); schedules run at once.
      const bySchedule = new Map<string, typeof claimed>();
      for (const execution of claimed) bySchedule.set(execution.scheduleArn, [...(bySchedule.get(execution.scheduleArn) ?? []), execution]);
      await Promise.all(
        [...bySchedule.values()].map(async (executions) => {
          for (const execution of executions) {
            const outcome = await attemptExecution(execution, this.#deps);
            if (outcome.kind === 'retry') counts.retried++;
            else if (outcome.gaveUp) counts.givenUp++;
            else counts.delivered++;
            try {
              await this.#store.settleExecution(this.owner, outcome);
            } catch (error) {
              this.#deps.logger.error(`scheduler: execution ${execution.id} could not be settled; it runs again once its lease expires`, error);
              counts.failed++;
            }
          }
        }),
      );
      if (claimed.length < this.#batchSize) return false;
    }
    return true;
  }

  /** The earliest due time of a schedule or an execution (its timer's; a jump replayed step by step stops there, src/time). */
  async nextDue(): Promise<number | undefined> {
    const [schedule, execution] = await Promise.all([this.#store.nextScheduleDue(), this.#store.nextExecutionDue()]);
    return schedule === undefined && execution === undefined ? undefined : Math.min(schedule ?? Infinity, execution ?? Infinity);
  }

  async #arm(failed: boolean, more: boolean): Promise<void> {
    if (this.#passes.closed) return;
    this.#passes.wakeIn(await this.#sleep.after(failed, more, () => this.nextDue()));
  }
}
