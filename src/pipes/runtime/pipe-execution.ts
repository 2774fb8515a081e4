import { afterOnClock } from '../../shared/pause.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import { ServiceError } from '../../shared/service-error.js';
import type { InvokeOutcome } from '../../triggers/batch-processor.js';
import type { PipeDefinition } from '../pipe-definition.js';

/** Each pipe execution (enrichment + target) is limited to 5 minutes (SEMANTICS C.10.2, "Pipes batching and concurrency"). */
export const EXECUTION_LIMIT_MS = 5 * 60_000;
/** Executions in a row failing on a missing enrichment or target before the pipe stops itself (Eddy's choice; AWS says "nearly continuous"). */
export const AUTO_STOP_AFTER = 10;

/** How long an execution may take and when a pipe stops itself; tests shorten both. */
export interface PipeExecutionOptions {
  /** Default 5 minutes (EXECUTION_LIMIT_MS), on Eddy's clock and never longer in real time. */
  readonly executionLimitMs?: number;
  /** Default 10 (AUTO_STOP_AFTER); 0 never stops a pipe. */
  readonly autoStopAfter?: number;
}

/** Why an execution failed: `missing` when its enrichment or target does not exist (or an API destination answered 4xx other than 429). */
export interface ExecutionFailure {
  readonly message: string;
  readonly missing: boolean;
}

/** An execution's result: the outcome the batch loop reads, and what failed, when something did. */
export interface Execution {
  readonly outcome: InvokeOutcome;
  readonly failure?: ExecutionFailure;
}

/** A failure that names a resource that is not there: a ServiceError such as ResourceNotFoundException or QueueDoesNotExist. */
export const isMissingResource = (error: unknown): boolean =>
  error instanceof ServiceError && /NotFound|NonExistent|DoesNotExist/.test(error.code);

/** A failed execution as the batch loop reads a function error: counted toward MaximumRetryAttempts, retried, bisected. */
export const failedOutcome = (requestId: string, errorType: string, message: string): InvokeOutcome => ({
  requestId,
  functionError: 'Unhandled',
  payload: JSON.stringify({ errorType, errorMessage: message }),
});

export interface PipeExecutionDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly options?: PipeExecutionOptions;
  /** Stops the pipe (CurrentState STOPPED, StateReason `reason`); called once. */
  readonly stop: (reason: string) => void;
}

type Level = 'OFF' | 'ERROR' | 'INFO' | 'TRACE';

/**
 * What happens around each execution of one pipe's consumer:
 * - the 5-minute limit: an execution still running then is given up and counted as a failure (retried
 *   per MaximumRetryAttempts, then dead-lettered, as a customer error). The late answer is ignored; the
 *   function itself runs on until its own Timeout ends it, and an HTTP call until the bus's call timeout.
 * - auto-stop ("For nearly continuous 4xx errors (such as … missing resources), the pipe can be
 *   automatically disabled with an explanatory message in the StateReason", Pipes error handling): Eddy
 *   stops the pipe after `autoStopAfter` executions in a row failing because the enrichment or target
 *   does not exist (a function, queue, API destination or its connection deleted) or an API destination
 *   answered 4xx other than 429, with no other outcome between them. Any other outcome resets the count.
 * - LogConfiguration.Level through Eddy's logger (its destinations are not written to): ERROR logs each
 *   failed execution (a warning, shown at every --log-level), INFO also each one that succeeded, TRACE
 *   also each one as it starts; with IncludeExecutionData ["ALL"] the lines carry the batch's records.
 */
export class PipeExecution {
  readonly #pipe: PipeDefinition;
  readonly #deps: PipeExecutionDeps;
  readonly #limitMs: number;
  readonly #autoStopAfter: number;
  readonly #level: Level;
  readonly #withData: boolean;
  #missingInARow = 0;
  #stopped = false;

  constructor(pipe: PipeDefinition, deps: PipeExecutionDeps) {
    this.#pipe = pipe;
    this.#deps = deps;
    this.#limitMs = deps.options?.executionLimitMs ?? EXECUTION_LIMIT_MS;
    this.#autoStopAfter = deps.options?.autoStopAfter ?? AUTO_STOP_AFTER;
    const log = pipe.LogConfiguration as { Level?: Level; IncludeExecutionData?: string[] } | undefined;
    this.#level = log?.Level ?? 'OFF';
    this.#withData = log?.IncludeExecutionData?.includes('ALL') ?? false;
  }

  /** Runs one execution within the limit, then counts and logs its result. `records`: the batch's records as JSON, for the log. */
  async run(requestId: string, records: readonly string[], work: () => Promise<Execution>): Promise<InvokeOutcome> {
    const data = () => (this.#withData ? `: [${records.join(',')}]` : '');
    if (this.#level === 'TRACE') this.#deps.logger.debug(`pipe ${this.#pipe.Name}: execution ${requestId} started, ${records.length} record(s)${data()}`);
    const execution = await this.#withinLimit(requestId, work);
    const { failure } = execution;
    if (failure) {
      if (this.#level !== 'OFF') this.#deps.logger.warn(`pipe ${this.#pipe.Name}: execution ${requestId} failed: ${failure.message}${data()}`);
    } else if (this.#level === 'INFO' || this.#level === 'TRACE') {
      this.#deps.logger.info(`pipe ${this.#pipe.Name}: execution ${requestId} succeeded, ${records.length} record(s)${data()}`);
    }
    this.#missingInARow = failure?.missing ? this.#missingInARow + 1 : 0;
    if (failure?.missing && this.#autoStopAfter > 0 && this.#missingInARow >= this.#autoStopAfter && !this.#stopped) {
      this.#stopped = true;
      this.#deps.stop(`Stopped by Eddy after ${this.#missingInARow} executions in a row failed: ${failure.message}`.slice(0, 512));
    }
    return execution.outcome;
  }

  async #withinLimit(requestId: string, work: () => Promise<Execution>): Promise<Execution> {
    const running = work();
    let cancel = (): void => undefined;
    const limit = new Promise<'timeout'>((resolve) => (cancel = afterOnClock(this.#deps.clock, this.#limitMs, () => resolve('timeout'))));
    try {
      const first = await Promise.race([running, limit]);
      if (first !== 'timeout') return first;
    } finally {
      cancel();
    }
    // Given up: its answer (or rejection) comes too late for anyone to read.
    running.catch(() => undefined);
    const message = `The pipe execution did not end within ${this.#limitMs / 1000} s (a pipe execution is limited to 5 minutes).`;
    return { outcome: failedOutcome(requestId, 'PipeExecutionTimeout', message), failure: { message, missing: false } };
  }
}
