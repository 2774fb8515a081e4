import { randomUUID } from 'node:crypto';
import type { FunctionRuntime } from '../functions/function-runtime.js';
import { backoffDelay, type Backoff } from '../shared/backoff.js';
import type { Logger } from '../shared/logger.js';
import type { AsyncInvocationStore, StoredAsyncInvocation } from '../storage/async-invocation-store.js';

/** Lambda's asynchronous invocation: two retries after a function error, about one and two minutes apart. */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [60_000, 120_000];
/** Events older than this are dropped instead of retried (Lambda's default MaximumEventAgeInSeconds). */
export const DEFAULT_MAX_EVENT_AGE_MS = 6 * 3_600_000;

/**
 * InvocationType=Event: the event is stored (durably, see AsyncInvocationStore) and accepted (202), then
 * invoked in the background, waiting for a free execution environment rather than being throttled. A
 * function error is retried after each of `retryDelaysMs` (two retries by default, as Lambda), unless
 * the event is older than the maximum age. An event stays stored until it succeeds or is dropped, so a
 * restart resumes the ones not yet done (`resume()`); an attempt cut short by a crash runs again, as
 * Lambda delivers events at least once.
 */
export class EventInvoker {
  readonly #runtime: FunctionRuntime;
  readonly #logger: Logger;
  readonly #store: AsyncInvocationStore;
  readonly #backoff: Backoff;
  readonly #maxAgeMs: number;
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #running = new Set<Promise<void>>();
  /** Request ids of the events scheduled or running, so resume() cannot schedule one twice. */
  readonly #active = new Set<string>();
  #closed = false;

  constructor(
    runtime: FunctionRuntime,
    logger: Logger,
    store: AsyncInvocationStore,
    options: { retryDelaysMs?: readonly number[]; maxEventAgeMs?: number } = {},
  ) {
    this.#runtime = runtime;
    this.#logger = logger;
    this.#store = store;
    this.#backoff = { delaysMs: options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS };
    this.#maxAgeMs = options.maxEventAgeMs ?? DEFAULT_MAX_EVENT_AGE_MS;
  }

  /** Stores an event for the function and resolves with its request id once it is durable. */
  async enqueue(functionName: string, payload: string): Promise<string> {
    const now = Date.now();
    const event: StoredAsyncInvocation = { requestId: randomUUID(), functionName, payload, receivedAt: now, attempts: 0, dueAt: now };
    await this.#store.addInvocation(event);
    this.#schedule(event);
    return event.requestId;
  }

  /** Schedules the events a previous run left stored, each at its due time; returns how many. */
  async resume(): Promise<number> {
    const pending = (await this.#store.pendingInvocations()).filter((event) => !this.#active.has(event.requestId));
    for (const event of pending) this.#schedule(event);
    return pending.length;
  }

  /** Stops retries and lets the invocations in progress finish (their events stay stored for the next start). */
  async close(): Promise<void> {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    await Promise.allSettled([...this.#running]);
  }

  #schedule(event: StoredAsyncInvocation): void {
    if (this.#closed) return;
    this.#active.add(event.requestId);
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      const run = this.#attempt(event)
        .catch((error) => this.#logger.error(`[${event.functionName}] async event ${event.requestId}: ${error}`))
        .finally(() => this.#running.delete(run));
      this.#running.add(run);
    }, Math.max(0, event.dueAt - Date.now()));
    this.#timers.add(timer);
  }

  async #attempt(event: StoredAsyncInvocation): Promise<void> {
    const attempts = event.attempts + 1;
    let failure: string | undefined;
    try {
      const result = await this.#runtime.invoke(event.functionName, {
        payload: event.payload,
        requestId: attempts === 1 ? event.requestId : randomUUID(),
        whenBusy: 'wait',
        attempt: attempts,
      });
      if (result.functionError !== undefined) failure = result.payload;
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    }
    if (failure === undefined) return this.#done(event);
    const delay = backoffDelay(attempts, this.#backoff);
    const now = Date.now();
    if (delay === undefined || now - event.receivedAt + delay > this.#maxAgeMs) {
      this.#logger.warn(`[${event.functionName}] async event ${event.requestId} failed after ${attempts} attempt(s) and is dropped: ${failure}`);
      return this.#done(event);
    }
    const next = { ...event, attempts, dueAt: now + delay };
    await this.#store.rescheduleInvocation(event.requestId, attempts, next.dueAt);
    this.#schedule(next);
  }

  /** The event succeeded or is dropped: forgotten. */
  #done(event: StoredAsyncInvocation): Promise<void> {
    this.#active.delete(event.requestId);
    return this.#store.removeInvocation(event.requestId);
  }
}
