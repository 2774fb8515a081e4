import { randomUUID } from 'node:crypto';
import type { FunctionRuntime } from '../functions/function-runtime.js';
import type { Logger } from '../shared/logger.js';

/** Lambda's asynchronous invocation: two retries after a function error, about one and two minutes apart. */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [60_000, 120_000];
/** Events older than this are dropped instead of retried (Lambda's default MaximumEventAgeInSeconds). */
export const DEFAULT_MAX_EVENT_AGE_MS = 6 * 3_600_000;

interface QueuedEvent {
  readonly requestId: string;
  readonly functionName: string;
  readonly payload: string;
  readonly receivedAt: number;
  attempts: number;
}

/**
 * InvocationType=Event: the event is accepted (202) and invoked in the background, waiting for a free
 * execution environment rather than being throttled; a function error is retried after each of
 * `retryDelaysMs` (two retries by default, as Lambda), unless the event is older than the maximum age.
 * Events live in memory: a restart drops the ones not yet run (Lambda's own queue is durable).
 */
export class EventInvoker {
  readonly #runtime: FunctionRuntime;
  readonly #logger: Logger;
  readonly #retryDelaysMs: readonly number[];
  readonly #maxAgeMs: number;
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #running = new Set<Promise<void>>();
  #closed = false;

  constructor(runtime: FunctionRuntime, logger: Logger, options: { retryDelaysMs?: readonly number[]; maxEventAgeMs?: number } = {}) {
    this.#runtime = runtime;
    this.#logger = logger;
    this.#retryDelaysMs = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    this.#maxAgeMs = options.maxEventAgeMs ?? DEFAULT_MAX_EVENT_AGE_MS;
  }

  /** Accepts an event for the function; returns its request id. */
  enqueue(functionName: string, payload: string): string {
    const event: QueuedEvent = { requestId: randomUUID(), functionName, payload, receivedAt: Date.now(), attempts: 0 };
    this.#schedule(event, 0);
    return event.requestId;
  }

  /** Stops retries and lets the invocations in progress finish. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    await Promise.allSettled([...this.#running]);
  }

  #schedule(event: QueuedEvent, delayMs: number): void {
    if (this.#closed) return;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      const run = this.#attempt(event).finally(() => this.#running.delete(run));
      this.#running.add(run);
    }, delayMs);
    this.#timers.add(timer);
  }

  async #attempt(event: QueuedEvent): Promise<void> {
    event.attempts++;
    let failure: string | undefined;
    try {
      const result = await this.#runtime.invoke(event.functionName, {
        payload: event.payload,
        requestId: event.attempts === 1 ? event.requestId : randomUUID(),
        whenBusy: 'wait',
      });
      if (result.functionError === undefined) return;
      failure = result.payload;
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    }
    const delay = this.#retryDelaysMs[event.attempts - 1];
    const age = Date.now() - event.receivedAt;
    if (delay === undefined || age + delay > this.#maxAgeMs || this.#closed) {
      this.#logger.warn(`[${event.functionName}] async event ${event.requestId} failed after ${event.attempts} attempt(s) and is dropped: ${failure}`);
      return;
    }
    this.#schedule(event, delay);
  }
}
