import { performance } from 'node:perf_hooks';
import type { Logger } from '../shared/logger.js';
import type { ControlledClock, ControlledTimeChange } from './controlled-clock.js';
import { formatOffset, parseDuration, parseInstant } from './duration.js';
import { timeErrors } from './time-errors.js';

/** One kind of time-driven work a jump makes due, run by name after every jump (see timePasses). */
export interface TimePass {
  readonly name: string;
  run(): Promise<unknown>;
  /**
   * The earliest time this kind of work is due after `now` (epoch ms on Eddy's clock), undefined when none
   * is: a jump stops there on its way (see TimeControl). A pass without it runs at the jump's end only,
   * unless `everyStep`.
   */
  nextDue?(now: number): Promise<number | undefined>;
  /** Runs at every step of a replayed jump too (cheap wake-ups). */
  readonly everyStep?: boolean;
  /**
   * Passes next to each other in the list with the same group run side by side: they touch different data,
   * and on a server each round trip of a pass run alone is one more the jump's answer waits for.
   */
  readonly group?: string;
}

/** The most steps one jump is replayed in; past it, the rest of the jump is made at once (see TimeControl). */
export const MAX_JUMP_STEPS = 100_000;

/**
 * The most real time one jump is replayed for (a step costs about 2 ms on a small database: 100,000 steps
 * would hold the answer minutes); past it, the rest of the jump is made at once as past MAX_JUMP_STEPS.
 */
export const MAX_JUMP_REPLAY_MS = 30_000;

/** What `eddy time` shows. */
export interface TimeView {
  /** Eddy's time, ISO 8601. */
  readonly now: string;
  /** The wall clock it runs ahead of. */
  readonly wallClock: string;
  readonly offsetMs: number;
  /** The offset as people read it: `+1d 2h`. */
  readonly offset: string;
}

/**
 * What a jump answers: the time after it, where it came from, what each pass did (its counts summed over
 * the steps), and the steps it was replayed in (`capped` past MAX_JUMP_STEPS or MAX_JUMP_REPLAY_MS).
 */
export interface TimeJump extends TimeView {
  readonly from: string;
  readonly fired: Readonly<Record<string, unknown>>;
  readonly steps: number;
  readonly capped?: true;
}

/**
 * Time control on a running Eddy (`eddy time`, `/_eddy/time/*`): moves the ControlledClock and, after
 * every jump — this node's or another's — runs the passes in order, so what fell due happens at once
 * rather than after a real-time sleep. A jump made here answers once its passes have run; passes run one
 * jump at a time.
 *
 * A jump forward made here (advance, set) is replayed step by step, as if the time had passed (issue 18:
 * "advancing fires, in due order, everything that fell due"): the passes with a `nextDue` say when their
 * next work is due; the clock steps (on this node only, ControlledClock.stepTo) to the earliest due time
 * inside the jump, the passes due by then run (and the `everyStep` ones), and again, until nothing is due
 * before the target. Then the target is stored and every pass runs once, as before. So a rate(5 minutes)
 * rule advanced an hour fires 12 times, each at its time, and a TTL expiry inside the jump deletes at its
 * own time, between the firings before and after it. The `everyStep` passes (deliveries and async
 * invocations, which also wait for their attempts under way; queue wake-ups) run before the first step and
 * at every step, so what a step started is settled before the clock moves on. A jump with nothing due
 * inside costs those passes and one round of nextDue reads. Past MAX_JUMP_STEPS steps (or
 * MAX_JUMP_REPLAY_MS of real time) the rest is made at once: what is due then fires as after a stop (the
 * loops' missed-firing rules: a rule catches up at most 60 firings of the last 24 h, a Scheduler schedule
 * fires once). Another node's jump (seen through storage) is not replayed: only its end is seen.
 */
export class TimeControl {
  readonly #clock: ControlledClock;
  readonly #passes: readonly TimePass[];
  readonly #logger: Logger;
  readonly #unsubscribe: () => void;
  readonly #maxSteps: number;
  readonly #maxReplayMs: number;
  #chain: Promise<Record<string, unknown>> = Promise.resolve({});
  /** Jumps made here, one at a time (a replay must not interleave with another). */
  #jumps: Promise<unknown> = Promise.resolve();
  #closed = false;

  constructor(clock: ControlledClock, passes: readonly TimePass[], logger: Logger, maxSteps = MAX_JUMP_STEPS, maxReplayMs = MAX_JUMP_REPLAY_MS) {
    this.#clock = clock;
    this.#passes = passes;
    this.#logger = logger;
    this.#maxSteps = maxSteps;
    this.#maxReplayMs = maxReplayMs;
    // Every jump, this node's or one seen through storage, runs the passes; a jump made here awaits #chain.
    this.#unsubscribe = clock.onChange((change) => this.#afterJump(change));
  }

  show(): TimeView {
    // The wall clock read once: read twice, a millisecond could pass between (more on a clock disciplined
    // to the database's), and `now` would not be `wallClock` plus the offset shown.
    const wall = this.#clock.wall.now();
    const offsetMs = this.#clock.offsetMs;
    return {
      now: new Date(wall + offsetMs).toISOString(),
      wallClock: new Date(wall).toISOString(),
      offsetMs,
      offset: formatOffset(offsetMs),
    };
  }

  advance(ms: number): Promise<TimeJump> {
    // A duration that is not forward is refused by the clock before anything is replayed.
    const replay = Number.isFinite(ms) && ms > 0;
    return this.#jump(replay ? this.#clock.now() + ms : undefined, () => this.#clock.advance(ms));
  }

  set(instant: number): Promise<TimeJump> {
    return this.#jump(instant >= this.#clock.now() ? instant : undefined, () => this.#clock.set(instant));
  }

  /** Back to the wall clock: a step back (or none), never replayed. */
  resume(): Promise<TimeJump> {
    return this.#jump(undefined, () => this.#clock.resume());
  }

  /** The admin API's routes: `GET /_eddy/time`, `POST /_eddy/time/advance {by}`, `…/set {to}`, `…/resume`. */
  adminRoutes(): Record<string, (input: unknown) => Promise<unknown>> {
    return {
      'GET /_eddy/time': async () => this.show(),
      'POST /_eddy/time/advance': async (input) => this.advance(parseDuration(stringMember(input, 'by', '2h'))),
      'POST /_eddy/time/set': async (input) => this.set(parseInstant(stringMember(input, 'to', '2027-01-01T00:00:00Z'))),
      'POST /_eddy/time/resume': async () => this.resume(),
    };
  }

  /** Stops running passes on jumps and waits for the passes under way. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#unsubscribe();
    await this.#chain.catch(() => undefined);
  }

  #jump(target: number | undefined, move: () => Promise<ControlledTimeChange>): Promise<TimeJump> {
    const jump = this.#jumps.catch(() => undefined).then(() => this.#replayThenMove(target, move));
    this.#jumps = jump;
    return jump;
  }

  async #replayThenMove(target: number | undefined, move: () => Promise<ControlledTimeChange>): Promise<TimeJump> {
    const from = this.#clock.now();
    this.#clock.beginJump();
    try {
      // Passes a jump made elsewhere set off are over before this one replays.
      await this.#chain.catch(() => undefined);
      const replay = target === undefined ? { fired: {}, steps: 0 } : await this.#replay(target);
      const change = await move();
      // The clock announced the jump synchronously as it applied it, so #chain now ends with its passes.
      const last = await this.#chain;
      const fired = addCounts(replay.fired, last);
      return { ...this.show(), from: new Date(Math.min(from, change.from)).toISOString(), fired, steps: replay.steps, ...(replay.capped && { capped: true as const }) };
    } finally {
      this.#clock.endJump();
    }
  }

  /** Steps through the due times up to `target` (see the class comment); answers what the passes did. */
  async #replay(target: number): Promise<{ fired: Record<string, unknown>; steps: number; capped?: true }> {
    const timed = this.#passes.filter((pass) => pass.nextDue !== undefined);
    const everyStep = this.#passes.filter((pass) => pass.everyStep);
    // First what is under way and due now settles (deliveries wait for their attempts), so no lease taken
    // before the jump expires in it while its holder still works.
    const started = performance.now();
    let fired = await this.#run(everyStep);
    for (let steps = 0; ; steps++) {
      if (this.#closed) return { fired, steps };
      const now = this.#clock.now();
      // Each pass's next due time after now; what is due by now already (left by a failure) runs with the next step.
      const dues = await Promise.all(timed.map(async (pass) => ({ pass, at: await this.#nextDue(pass, now) })));
      const next = Math.min(...dues.map((due) => due.at ?? Infinity));
      if (next > target) return { fired, steps };
      if (steps >= this.#maxSteps || performance.now() - started > this.#maxReplayMs) {
        const limit = steps >= this.#maxSteps ? `${this.#maxSteps} steps` : `${this.#maxReplayMs / 1000} s of replay`;
        this.#logger.warn(`time: a jump past ${limit}: the rest, to ${new Date(target).toISOString()}, is made at once (what falls due in it fires as after a stop)`);
        return { fired, steps, capped: true };
      }
      this.#clock.stepTo(next);
      const at = this.#clock.now();
      const due = new Set(dues.filter((d) => d.at !== undefined && d.at <= at).map((d) => d.pass));
      fired = addCounts(fired, await this.#run(this.#passes.filter((pass) => due.has(pass) || pass.everyStep)));
    }
  }

  async #nextDue(pass: TimePass, now: number): Promise<number | undefined> {
    try {
      const at = await pass.nextDue!(now);
      // Only what is due after now moves the clock: what is due already runs at the next step or the end.
      return at !== undefined && at > now ? at : undefined;
    } catch (error) {
      this.#logger.error(`time: the ${pass.name} pass could not say when its work is next due; it runs at the jump's end`, error);
      return undefined;
    }
  }

  #afterJump(change: ControlledTimeChange): void {
    if (this.#closed || change.cause === 'step') return;
    this.#logger.info(`time: ${change.cause} to ${new Date(change.to).toISOString()} (offset ${formatOffset(change.offsetMs)})`);
    this.#chain = this.#chain.catch(() => ({})).then(() => this.#runPasses());
  }

  #runPasses(): Promise<Record<string, unknown>> {
    return this.#run(this.#passes);
  }

  async #run(passes: readonly TimePass[]): Promise<Record<string, unknown>> {
    const fired: Record<string, unknown> = {};
    for (let first = 0; first < passes.length && !this.#closed; ) {
      const group = passes[first]!.group;
      let end = first + 1;
      while (group !== undefined && end < passes.length && passes[end]!.group === group) end++;
      const together = passes.slice(first, end);
      const answers = await Promise.all(together.map((pass) => this.#runOne(pass)));
      together.forEach((pass, i) => (fired[pass.name] = answers[i]));
      first = end;
    }
    return fired;
  }

  async #runOne(pass: TimePass): Promise<unknown> {
    try {
      return (await pass.run()) ?? {};
    } catch (error) {
      // Background work never throws out: the pass's own loop retries what it left.
      this.#logger.error(`time: the ${pass.name} pass after a jump failed`, error);
      return { error: String(error instanceof Error ? error.message : error) };
    }
  }
}

function stringMember(input: unknown, name: string, example: string): string {
  const value = (input ?? {}) as Record<string, unknown>;
  if (typeof value[name] !== 'string') throw timeErrors.validation(`Expected a JSON body {"${name}": "${example}"}`);
  return value[name] as string;
}

/** Two answers of the passes as one: numbers under the same name are added, anything else is the later one's. */
function addCounts(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
  const sum: Record<string, unknown> = { ...before };
  for (const [name, value] of Object.entries(after)) {
    const earlier = sum[name];
    if (isRecord(earlier) && isRecord(value)) {
      const merged: Record<string, unknown> = { ...earlier };
      for (const [key, count] of Object.entries(value)) {
        merged[key] = typeof count === 'number' && typeof earlier[key] === 'number' ? (earlier[key] as number) + count : count;
      }
      sum[name] = merged;
    } else {
      sum[name] = value;
    }
  }
  return sum;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
