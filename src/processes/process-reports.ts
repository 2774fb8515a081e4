import type { ChildProcess } from 'node:child_process';
import type { Logger } from '../shared/logger.js';
import type { MetricsRegistry } from '../metrics/metrics-registry.js';
import type { OperationCounts, RequestMetrics } from '../metrics/request-metrics.js';
import { ensureIndexBackfills } from '../table/indexes/index-backfill.js';
import type { TableContext } from '../table/table-context.js';
import type { FromRequestProcess, ToRequestProcess } from './process-messages.js';

/**
 * How long a scrape waits for a request process's counts. A process that is stopped (SIGSTOP, a debugger) or
 * stuck must not stall the scrape: it answers without that process's counts, which are added when they come.
 * A real timer, not the Clock: this bounds a wait on another process, not a time in Eddy's world (`eddy time`
 * moving the clock must not end it).
 */
const ANSWER_WAIT_MS = 1_000;

/** What the main process does with its request processes' reports (`--processes N`). */
export interface ProcessReportsTarget {
  /** The main process's metrics: a scrape adds what the request processes answered since the last one. */
  readonly metrics?: { readonly registry: MetricsRegistry; readonly requests: RequestMetrics };
  /** The main process's tables: a table a request process described with an index CREATING has its backfills started here. */
  readonly tables?: TableContext;
  readonly logger: Logger;
}

/**
 * The main process's side of what request processes report besides their start. Requests: a request
 * process counts those it answers (or relays) itself; those it passes on are counted where they are answered.
 * Nothing is sent on a timer: each scrape of `GET /_eddy/metrics` asks every serving request process for its
 * counts since the last ask (a `metrics` message), waits for each answer (or that process's exit: its
 * unreported counts go with it) and adds them to this node's families, so a scrape right after a request
 * counts it. A process that has not answered within ANSWER_WAIT_MS is not waited for: its answer, when it
 * comes, is added then (the next scrape shows it), and it is not asked again meanwhile, as that answer holds
 * every count up to it. Backfills: DescribeTable in a request process starts none, and names the table here instead.
 */
export class ProcessReports {
  readonly #target: ProcessReportsTarget;
  readonly #serving: () => readonly ChildProcess[];
  /** Per request process asked and not yet answered: what its answer (or exit) settles. */
  readonly #asked = new Map<ChildProcess, (counts: readonly OperationCounts[]) => void>();

  constructor(target: ProcessReportsTarget, serving: () => readonly ChildProcess[]) {
    this.#target = target;
    this.#serving = serving;
    const { metrics } = target;
    if (metrics !== undefined) metrics.registry.collect([], () => this.#collect(metrics.requests));
  }

  /** Handles a report; false for a message that is not one. */
  received(child: ChildProcess, message: FromRequestProcess): boolean {
    if (message.kind === 'metrics') {
      const settle = this.#asked.get(child);
      this.#asked.delete(child);
      settle?.(message.operations);
      return true;
    }
    if (message.kind === 'backfills') {
      this.#backfills(message.table);
      return true;
    }
    return false;
  }

  /** A request process exited: an ask it did not answer settles with nothing. */
  exited(child: ChildProcess): void {
    this.#asked.get(child)?.([]);
    this.#asked.delete(child);
  }

  async #collect(requests: RequestMetrics): Promise<void> {
    const answers = this.#serving().map((child) => this.#ask(child, requests));
    for (const counts of await Promise.all(answers)) requests.add(counts);
  }

  /**
   * `child`'s counts since its last answer, or none after ANSWER_WAIT_MS: its answer then goes to `requests`
   * when it comes. A child still asked from an earlier scrape is waited for again, not asked twice.
   */
  #ask(child: ChildProcess, requests: RequestMetrics): Promise<readonly OperationCounts[]> {
    return new Promise((resolve) => {
      if (!child.connected) return resolve([]);
      const asked = this.#asked.has(child);
      const settle = (counts: readonly OperationCounts[]) => {
        clearTimeout(timer);
        resolve(counts);
      };
      const timer = setTimeout(() => {
        if (this.#asked.get(child) === settle) this.#asked.set(child, (late) => requests.add(late));
        resolve([]);
      }, ANSWER_WAIT_MS);
      this.#asked.set(child, settle);
      if (asked) return;
      child.send({ kind: 'metrics' } satisfies ToRequestProcess, (error) => {
        if (error) this.exited(child);
      });
    });
  }

  #backfills(name: string): void {
    const { tables } = this.#target;
    if (tables === undefined) return;
    tables.catalog
      .refresh(name)
      .then((entry) => entry && ensureIndexBackfills(tables, entry))
      .catch((error: unknown) => this.#target.logger.warn(`eddy: the index backfills of table ${name} were not started: ${(error as Error).message}`));
  }
}
