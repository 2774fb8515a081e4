import type { Logger } from '../shared/logger.js';
import type { ShardWatcher } from './shard-watcher.js';
import type { StreamsContext } from './streams-context.js';

/** What maintenance needs of the streams context. */
export type MaintenanceContext = Pick<StreamsContext, 'engine' | 'clock' | 'settings'>;

/** Trimming runs at least this often (and more often for short retentions). */
const MAX_TRIM_INTERVAL_MS = 60_000;
const MIN_TRIM_INTERVAL_MS = 1_000;

/**
 * Retention and shard rotation: run on timers in the background, or at once (the admin routes, for
 * tests with an injected clock). Times come from the context's clock. A failed pass is logged and
 * the next one runs as planned — nothing is thrown out of a timer.
 */
export class StreamMaintenance {
  readonly #ctx: MaintenanceContext;
  readonly #watcher: ShardWatcher | undefined;
  readonly #logger: Logger;
  readonly #timers: NodeJS.Timeout[] = [];
  #running: Promise<unknown> = Promise.resolve();

  constructor(ctx: MaintenanceContext, logger: Logger, watcher?: ShardWatcher) {
    this.#ctx = ctx;
    this.#logger = logger;
    this.#watcher = watcher;
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
    const open = (await this.#ctx.engine.listStreams()).filter((stream) => stream.closedAt === undefined);
    for (const stream of open) {
      await this.#ctx.engine.rotateShards(stream.id, now);
      this.#watcher?.wake(stream.id);
    }
    return { rotatedStreams: open.length };
  }

  /** Starts the background timers (rotation only when a rotation period is set). */
  start(): void {
    const { retentionMs, rotationMs } = this.#ctx.settings;
    const trimEvery = Math.max(MIN_TRIM_INTERVAL_MS, Math.min(MAX_TRIM_INTERVAL_MS, Math.floor(retentionMs / 10)));
    this.#every(trimEvery, 'trimming', () => this.trim());
    if (rotationMs > 0) this.#every(rotationMs, 'shard rotation', () => this.rotate());
  }

  /** Stops the timers and waits for a pass in progress. */
  async stop(): Promise<void> {
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers.length = 0;
    await this.#running;
  }

  #every(ms: number, what: string, task: () => Promise<unknown>): void {
    const timer = setInterval(() => {
      this.#running = this.#running
        .then(task)
        .catch((error) => this.#logger.error(`streams: ${what} failed`, error));
    }, ms);
    timer.unref();
    this.#timers.push(timer);
  }
}
