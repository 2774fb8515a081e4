import type { Logger } from '../shared/logger.js';
import type { ControlledClock, ControlledTimeChange } from './controlled-clock.js';
import { formatOffset, parseDuration, parseInstant } from './duration.js';
import { timeErrors } from './time-errors.js';

/** One kind of time-driven work a jump makes due, run by name after every jump (see timePasses). */
export interface TimePass {
  readonly name: string;
  run(): Promise<unknown>;
}

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

/** What a jump answers: the time after it, where it came from, and what each pass did. */
export interface TimeJump extends TimeView {
  readonly from: string;
  readonly fired: Readonly<Record<string, unknown>>;
}

/**
 * Time control on a running Eddy (`eddy time`, `/_eddy/time/*`): moves the ControlledClock and, after
 * every jump — this node's or another's — runs the passes in order, so what fell due happens at once
 * rather than after a real-time sleep. A jump made here answers once its passes have run; passes run one
 * jump at a time.
 */
export class TimeControl {
  readonly #clock: ControlledClock;
  readonly #passes: readonly TimePass[];
  readonly #logger: Logger;
  readonly #unsubscribe: () => void;
  #chain: Promise<Record<string, unknown>> = Promise.resolve({});
  #closed = false;

  constructor(clock: ControlledClock, passes: readonly TimePass[], logger: Logger) {
    this.#clock = clock;
    this.#passes = passes;
    this.#logger = logger;
    // Every jump, this node's or one seen through storage, runs the passes; a jump made here awaits #chain.
    this.#unsubscribe = clock.onChange((change) => this.#afterJump(change));
  }

  show(): TimeView {
    const offsetMs = this.#clock.offsetMs;
    return {
      now: new Date(this.#clock.now()).toISOString(),
      wallClock: new Date(this.#clock.wall.now()).toISOString(),
      offsetMs,
      offset: formatOffset(offsetMs),
    };
  }

  advance(ms: number): Promise<TimeJump> {
    return this.#jump(() => this.#clock.advance(ms));
  }

  set(instant: number): Promise<TimeJump> {
    return this.#jump(() => this.#clock.set(instant));
  }

  resume(): Promise<TimeJump> {
    return this.#jump(() => this.#clock.resume());
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

  async #jump(move: () => Promise<ControlledTimeChange>): Promise<TimeJump> {
    const change = await move();
    // The clock announced the jump synchronously as it applied it, so #chain now ends with its passes.
    const fired = await this.#chain;
    return { ...this.show(), from: new Date(change.from).toISOString(), fired };
  }

  #afterJump(change: ControlledTimeChange): void {
    if (this.#closed) return;
    this.#logger.info(`time: ${change.cause} to ${new Date(change.to).toISOString()} (offset ${formatOffset(change.offsetMs)})`);
    this.#chain = this.#chain.catch(() => ({})).then(() => this.#runPasses());
  }

  async #runPasses(): Promise<Record<string, unknown>> {
    const fired: Record<string, unknown> = {};
    for (const pass of this.#passes) {
      if (this.#closed) break;
      try {
        fired[pass.name] = (await pass.run()) ?? {};
      } catch (error) {
        // Background work never throws out: the pass's own loop retries what it left.
        this.#logger.error(`time: the ${pass.name} pass after a jump failed`, error);
        fired[pass.name] = { error: String(error instanceof Error ? error.message : error) };
      }
    }
    return fired;
  }
}

function stringMember(input: unknown, name: string, example: string): string {
  const value = (input ?? {}) as Record<string, unknown>;
  if (typeof value[name] !== 'string') throw timeErrors.validation(`Expected a JSON body {"${name}": "${example}"}`);
  return value[name] as string;
}
