import type { Logger } from '../shared/logger.js';
import type { ShardWatcher } from './shard-watcher.js';
import type { StreamsContext } from './streams-context.js';

/** What maintenance needs of the streams context. */
export type MaintenanceContext = Pick<StreamsContext, 'engine' | 'clock' | 'settings'>;

/** Trimming runs at least this often (and more often for short retentions). */
const MAX_TRIM_INTERVAL_MS = 60_000;
const MIN_TRIM_INTERVAL_MS = 1_000;
/** How often (real time) the rotation timer looks whether a rotation period has passed on the clock. */
const MAX_ROTATION_CHECK_MS = 1_000;

/**
 * Retention and shard rotation: run on timers in the background, or at once (the admin routes, for
 * tests with an injected clock). Times come from the context's clock. A failed pass is logged and
 * the next one runs as planned — nothing is thrown out of a timer. With several nodes on one database
 * only the one `leader` answers true on (src/cluster) trims on its timer and rotates when due: every
 * node rotating would close each shard once per node.
 */
export class StreamMaintenance {
  readonly #ctx: MaintenanceContext;
  readonly #watcher: ShardWatcher | undefined;
  readonly #logger: Logger;
  readonly #leader: () => boolean;
  readonly #timers: NodeJS.Timeout[] = [];
  #running: Promise<unknown> = Promise.resolve();
  /** Eddy's time at the last rotation (or at start): the next is due a rotation period later. */
  #lastRotation: number | undefined;

  constructor(ctx: MaintenanceContext, logger: Logger, watcher?: ShardWatcher, leader: () => boolean = () => true) {
    this.#ctx = ctx;
    this.#logger = logger;
    this.#watcher = watcher;
    this.#leader = leader;
  }

  /** Removes records older than the retention period, and streams closed before it began. */
  async trim(): Promise<{ trimmedBefore: number }> {
    const before = this.#ctx.clock.now() - this.#ctx.settings.retentionMs;
    await this.#ctx.engine.trimStreams(before);
    this.#watcher?.wake();
    return { trimmedBefore: before };
  }

  /** Closes every open shard of every open stream, giving each a child with the same hash range. */
  async rotate(): Promise<{ rotatedStreams: number }> {
    const now = this.#ctx.clock.now();
    this.#lastRotation = now;
    const open = (await this.#ctx.engine.listStreams()).filter((stream) => stream.closedAt === undefined);
    for (const stream of open) {
      await this.#ctx.engine.rotateShards(stream.id, now);
      this.#watcher?.wake(stream.id);
    }
    return { rotatedStreams: open.length };
  }

  /**
   * Rotates when a rotation period has passed on the clock since the last rotation (or since start): the
   * timer's check, and the pass a jump of `eddy time` runs (on every node: only the leader rotates). A jump
   * over several periods rotates once — the shards real time would have opened in between would hold no records.
   */
  rotateDue(): Promise<{ rotatedStreams: number }> {
    const run = this.#running.catch(() => undefined).then(() => this.#rotateIfDue());
    this.#running = run;
    return run;
  }

  async #rotateIfDue(): Promise<{ rotatedStreams: number }> {
    const { rotationMs } = this.#ctx.settings;
    const now = this.#ctx.clock.now();
    this.#lastRotation ??= now;
    if (rotationMs <= 0 || now - this.#lastRotation < rotationMs || !this.#leader()) return { rotatedStreams: 0 };
    return this.rotate();
  }

  /**
   * Starts the background timers. Rotation (only when a rotation period is set) follows the clock: the
   * timer looks every second at most (a jump runs rotateDue at once: time-passes.ts).
   */
  start(): void {
    const { retentionMs, rotationMs } = this.#ctx.settings;
    const trimEvery = Math.max(MIN_TRIM_INTERVAL_MS, Math.min(MAX_TRIM_INTERVAL_MS, Math.floor(retentionMs / 10)));
    this.#every(trimEvery, 'trimming', async () => this.#leader() && this.trim());
    if (rotationMs <= 0) return;
    this.#lastRotation ??= this.#ctx.clock.now();
    this.#every(Math.min(rotationMs, MAX_ROTATION_CHECK_MS), 'shard rotation', () => this.#rotateIfDue());
  }

  /** Stops the timers and waits for a pass in progress. */
  async stop(): Promise<void> {
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers.length = 0;
    await this.#running;
  }

  #every(ms: number, what: string, task: () => Promise<unknown>): void {
    const timer = setInterval(() => this.#queue(what, task), ms);
    timer.unref();
    this.#timers.push(timer);
  }

  /** Runs `task` after the pass in progress; a failure is logged, never thrown. */
  #queue(what: string, task: () => Promise<unknown>): void {
    this.#running = this.#running.then(task).catch((error) => this.#logger.error(`streams: ${what} failed`, error));
  }
}
