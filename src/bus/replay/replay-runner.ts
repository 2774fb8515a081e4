import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import { SerialPasses } from '../../shared/serial-passes.js';
import type { BusStore } from '../../storage/bus-store.js';
import type { ReplayDefinition } from '../bus-documents.js';
import { busErrors } from '../bus-errors.js';
import type { Replay } from '../replay-lookup.js';
import type { EventRouter } from '../routing/event-router.js';
import { LeaseLostError, replayStep, type StepOutcome } from './replay-step.js';
import { ProgressLog } from '../../progress/progress-log.js';
import { progressText, replayTask } from '../../progress/progress-model.js';

export interface ReplayRunnerOptions {
  /** Archived events replayed per step, at most (default 100); a step never spans two one-minute buckets. */
  readonly eventsPerStep?: number;
  /** How long a claim holds a replay (default 60 s); every step renews it. */
  readonly leaseMs?: number;
  /** The longest the runner waits before looking for replays started elsewhere or left by a crash (default 60 s). */
  readonly maxIdleMs?: number;
  /** Replays advance only through runDue (`POST /_eddy/bus/replays/run`): for tests that look between steps. */
  readonly manual?: boolean;
}

export interface ReplayRunnerDeps {
  readonly store: BusStore;
  readonly router: EventRouter;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** Due replays looked at per round. Above AWS's 10 active replays, so leased ones do not hide the others. */
const ROUND = 32;
const MAX_ERROR_PAUSE_MS = 60_000;

/**
 * Runs replays: a replay is a document due (dueAt) while it has work. A round takes each due replay's
 * lease (claimDocument; a replay another node holds is skipped until its lease expires) and runs one
 * step of it (replay-step.ts); rounds repeat while any step was made, yielding to the event loop between
 * them, so replays advance side by side and requests keep being served. A runner keeps the leases of
 * the replays it is running (renewed by each step) and gives one up when the replay ends or it closes.
 *
 * Wake-ups: StartReplay and CancelReplay in this process (wake), and a timer — the fallback for replays
 * started by another node or left by one that died — set for when a replay leased elsewhere frees up,
 * never longer than `maxIdleMs`. All work is serial (one round at a time), so this process never runs
 * two steps of one replay at once; the lease keeps other nodes from it. Nothing throws out: a failed
 * step is logged, its lease given up, and the runner tries again after a pause that doubles per failure.
 */
export class ReplayRunner {
  readonly owner = `${hostname()}/${process.pid}/${randomUUID()}`;
  readonly #deps: ReplayRunnerDeps;
  readonly #eventsPerStep: number;
  readonly #leaseMs: number;
  readonly #maxIdleMs: number;
  readonly #manual: boolean;
  readonly #held = new Set<string>();
  readonly #progress: ProgressLog;
  readonly #passes = new SerialPasses(async () => this.#setTimer((await this.#rounds(Infinity)).wait));
  #failures = 0;

  constructor(deps: ReplayRunnerDeps, options: ReplayRunnerOptions = {}) {
    this.#deps = deps;
    this.#eventsPerStep = Math.max(1, options.eventsPerStep ?? 100);
    this.#leaseMs = options.leaseMs ?? 60_000;
    this.#maxIdleMs = options.maxIdleMs ?? 60_000;
    this.#manual = options.manual ?? false;
    this.#progress = new ProgressLog(deps.logger);
  }

  /** Starts running due replays (none in the background when manual). */
  start(): void {
    this.wake();
  }

  /** Looks for due replays now. */
  wake(): void {
    if (!this.#manual) this.#passes.wake();
  }

  /** Runs due replays now, at most `maxSteps` steps in all (default: until none is due); resolves with the steps made. */
  runDue(maxSteps = Infinity): Promise<{ steps: number }> {
    return this.#passes.run(async () => ({ steps: (await this.#rounds(maxSteps)).steps }));
  }

  /** Stops, waits for the step under way, and gives up the leases it holds (another node, or the next start, goes on). */
  async close(): Promise<void> {
    await this.#passes.close();
    const now = this.#deps.clock.now();
    for (const name of this.#held) await this.#release(name, now).catch(() => undefined);
  }

  /** Rounds of one step per due replay until no step is made or `budget` steps are; and how long to wait then. */
  async #rounds(budget: number): Promise<{ steps: number; wait: number }> {
    let steps = 0;
    try {
      for (;;) {
        const now = this.#deps.clock.now();
        let freedAt = Infinity;
        let stepped = false;
        for (const replay of await this.#deps.store.dueDocuments<ReplayDefinition>('replay', now, ROUND)) {
          if (steps >= budget || this.#passes.closed) return { steps, wait: 0 };
          const outcome = await this.#step(replay, now);
          if (outcome === 'leased elsewhere') freedAt = Math.min(freedAt, replay.leaseUntil ?? now);
          else if (outcome !== 'nothing') {
            steps++;
            stepped = true;
          }
        }
        this.#failures = 0;
        if (!stepped) return { steps, wait: await this.#idleWait(now, freedAt) };
        await nextTurn();
      }
    } catch (error) {
      const pause = Math.min(MAX_ERROR_PAUSE_MS, 1_000 * 2 ** this.#failures++);
      this.#deps.logger.error(`bus: replays could not advance; trying again in ${pause} ms`, error);
      return { steps, wait: pause };
    }
  }

  async #step(due: Replay, now: number): Promise<StepOutcome | 'leased elsewhere' | 'nothing'> {
    const { store } = this.#deps;
    if (!(await store.claimDocument('replay', '', due.name, this.owner, now + this.#leaseMs, now))) return 'leased elsewhere';
    this.#held.add(due.name);
    // What the due list showed may be a step old (another node, before this lease): read it again under the lease.
    const replay = await store.getDocument<ReplayDefinition>('replay', '', due.name);
    if (replay?.dueAt === undefined) {
      await this.#release(due.name, now);
      return 'nothing';
    }
    try {
      const outcome = await replayStep({ ...this.#deps, eventsPerStep: this.#eventsPerStep }, replay, this.owner, now);
      this.#logProgress(replay, outcome, now);
      if (outcome === 'done') await this.#release(due.name, now);
      return outcome;
    } catch (error) {
      if (error instanceof LeaseLostError) {
        this.#held.delete(due.name);
        return 'nothing';
      }
      await this.#release(due.name, now).catch(() => undefined);
      throw error;
    }
  }

  /** Start, every ~10 s, end: from the replay as the step found it (the end from what it stored). */
  #logProgress(replay: Replay, outcome: StepOutcome, now: number): void {
    const log = this.#progress;
    const what = `bus: replay ${replay.name}`;
    if (outcome === 'more') {
      const task = replayTask(replay.name, replay.definition, now);
      log.progress(what, () => (task ? progressText(task) : 'under way'));
    } else {
      void this.#deps.store.getDocument<ReplayDefinition>('replay', '', replay.name).then(
        (ended) => log.end(what, (ended?.definition.State ?? 'ended').toLowerCase()),
        () => log.end(what, 'ended'),
      );
    }
  }

  async #release(name: string, now: number): Promise<void> {
    this.#held.delete(name);
    await this.#deps.store.claimDocument('replay', '', name, this.owner, now, now);
  }

  /** Until the next replay may be taken: now for one due, a lease's end for one held elsewhere, at most maxIdleMs. */
  async #idleWait(now: number, freedAt: number): Promise<number> {
    const next = await this.#deps.store.nextDue('replay');
    const due = next === undefined || next <= now ? freedAt : Math.min(next, freedAt);
    return Math.min(this.#maxIdleMs, Math.max(5, due - now));
  }

  #setTimer(ms: number): void {
    if (!this.#manual) this.#passes.wakeIn(ms);
  }
}

/** `POST /_eddy/bus/replays/run` `{ steps? }`: how many steps to run at most (a positive integer), or all. */
export function replayStepsOf(input: unknown): number | undefined {
  const steps = (input as { steps?: unknown } | null | undefined)?.steps;
  if (steps === undefined) return undefined;
  if (typeof steps !== 'number' || !Number.isInteger(steps) || steps < 1) throw busErrors.validation('steps must be a positive integer');
  return steps;
}
