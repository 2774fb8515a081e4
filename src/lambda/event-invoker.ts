import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { FunctionRuntime } from '../functions/function-runtime.js';
import type { Deployment } from '../shared/arns.js';
import { onClockChange, type Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import { ServiceError } from '../shared/service-error.js';
import type { AsyncInvocationStore, StoredAsyncInvocation } from '../storage/async-invocation-store.js';
import type { EventInvokeConfigStore } from '../storage/event-invoke-config-store.js';
import { afterFailedAttempt, DEFAULT_RETRY_DELAYS_MS, tooOld } from './async-retry.js';
import type { DeadLetterTarget } from '../functions/function-spec.js';
import { deadLetterAttributes, sendDeadLetter } from './destinations/dead-letter.js';
import { invocationRecord, type AttemptAnswer, type InvocationCondition } from './destinations/invocation-record.js';
import { DestinationRefusedError, sendRecord, type DestinationPorts } from './destinations/send-record.js';
import { asyncPolicy, DEFAULT_MAX_EVENT_AGE_MS, type AsyncPolicy, type EventInvokeConfig } from './event-invoke-config.js';
import { functionArn } from './function-names.js';

export interface EventInvokerOptions {
  readonly runtime: Pick<FunctionRuntime, 'invoke' | 'get'>;
  readonly store: AsyncInvocationStore;
  /** Each attempt reads its function's config here, so a change applies to the next attempt on every node. */
  readonly configs: EventInvokeConfigStore;
  /** Where records go: queues and buses (a function destination is this invoker's own enqueue). */
  readonly destinations: Omit<DestinationPorts, 'function'>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly deployment: Deployment;
  /** The wait before retry n is `retryDelaysMs[n-1]` (default one and two minutes; tests shorten them). */
  readonly retryDelaysMs?: readonly number[];
  /** The maximum event age of functions whose config does not set one (default 6 hours). */
  readonly maxEventAgeMs?: number;
  /**
   * The runtime name that runs what a qualifier (a version or an alias) of a function names now, an
   * alias picking its version at each attempt; rejects when the function or the qualifier is gone.
   * Unset: events are invoked by their function's name.
   */
  readonly qualified?: (functionName: string, qualifier: string) => Promise<string>;
  /**
   * On a database several nodes share: every this many ms (from resume()), claim due events whoever
   * stored them, so events another node accepted or a dead node held are run here too. Unset: only the
   * events this invoker enqueued or found at resume() are timed (enough when one process owns the engine).
   */
  readonly pollMs?: number;
  /** See DEFAULT_INVOCATION_LEASE_MS (main.ts gives the cluster's heartbeat lease when one is set). */
  readonly leaseMs?: number;
}

/** The most events one poll claims. */
const POLL_CLAIMS = 16;

/** A record that could not be sent (a storage error, say) is tried again this much later, until the event is 6 hours old. */
const SEND_RETRY_MS = 60_000;
/** setTimeout's longest wait; a later due time is looked at again then. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/**
 * How long a claim holds an event by default (its attempt or its record's sending). The holder renews its
 * leases every third of it while they run, however long the function takes (up to Lambda's 15 minutes plus
 * a wait for a free environment), so only a dead node's leases run out, and another node takes its events
 * over about this long after it died, at least once as Lambda does. The length is Eddy's choice
 * (unconfirmed what Lambda's internal queue uses).
 */
export const DEFAULT_INVOCATION_LEASE_MS = 30_000;

/**
 * InvocationType=Event: the event is stored (durably, see AsyncInvocationStore) and accepted (202), then
 * invoked in the background, waiting for a free execution environment rather than being throttled. The
 * function's event invoke config decides the rest (Lambda's defaults without one): a function error is
 * retried up to MaximumRetryAttempts times while the event is younger than MaximumEventAgeInSeconds;
 * then the invocation record goes to the OnSuccess or OnFailure destination (SEMANTICS D.3). The event
 * stays stored until it is done with and its record sent, so a restart resumes both (`resume()`); an
 * attempt or a send cut short by a crash happens again, as Lambda delivers at least once.
 */
export class EventInvoker {
  readonly #o: EventInvokerOptions;
  readonly #ports: DestinationPorts;
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #running = new Map<string, Promise<void>>();
  #closed = false;
  #poller: NodeJS.Timeout | undefined;
  readonly #leaseMs: number;
  /** Renews the leases of the events running here (see DEFAULT_INVOCATION_LEASE_MS). */
  readonly #renewer: NodeJS.Timeout;
  readonly #unsubscribe: () => void;
  /** This invoker's lease owner id: unique per process and start, as DeliveryRunner's. */
  readonly owner = `${hostname()}/${process.pid}/${randomUUID()}`;

  constructor(options: EventInvokerOptions) {
    this.#o = options;
    this.#leaseMs = options.leaseMs ?? DEFAULT_INVOCATION_LEASE_MS;
    this.#renewer = setInterval(() => void this.#renewLeases(), this.#leaseMs / 3).unref();
    // A jump of Eddy's clock makes every lease look old: renewed at once, so no other node takes a running event over.
    this.#unsubscribe = onClockChange(options.clock, () => void this.#renewLeases());
    this.#ports = {
      ...options.destinations,
      function: (name, payload) => {
        if (!options.runtime.get(name)) throw new DestinationRefusedError(`Function not found: ${functionArn(options.deployment, name)}`);
        return this.enqueue(name, payload);
      },
    };
  }

  /** Stores an event for the function (a version or an alias of it, by `qualifier`) and resolves with its request id once it is durable. */
  async enqueue(functionName: string, payload: string, qualifier?: string): Promise<string> {
    const now = this.#o.clock.now();
    const event: StoredAsyncInvocation = {
      requestId: randomUUID(),
      functionName,
      ...(qualifier !== undefined && { qualifier }),
      payload,
      receivedAt: now,
      attempts: 0,
      dueAt: now,
    };
    await this.#o.store.addInvocation(event);
    this.#schedule(event);
    return event.requestId;
  }

  /**
   * Schedules the events a previous run left stored, each at its due time; returns how many. Each runs
   * only once claimed, so on a shared database each runs on one node. `releaseLeases`: the engine is this
   * process's alone, so leases still held are a previous run's (default: true, main.ts passes SQLite's
   * engine; a shared engine must pass false, and its dead nodes' events are taken over when leases expire).
   */
  async resume(releaseLeases = true): Promise<number> {
    if (releaseLeases) await this.#o.store.releaseInvocationLeases();
    if (this.#o.pollMs !== undefined && !this.#poller && !this.#closed) {
      this.#poller = setInterval(() => void this.#poll(), this.#o.pollMs);
      this.#poller.unref();
    }
    const pending = (await this.#o.store.pendingInvocations()).filter((e) => !this.#timers.has(e.requestId) && !this.#running.has(e.requestId));
    for (const event of pending) this.#schedule(event);
    return pending.length;
  }

  /**
   * Sets the timer of every stored event not running again from the clock's now: after Eddy's time jumped
   * (`eddy time`), a timer set before the jump would wait the old, longer delay. Returns how many.
   */
  async reschedule(): Promise<number> {
    const pending = (await this.#o.store.pendingInvocations()).filter((e) => !this.#running.has(e.requestId));
    for (const event of pending) this.#schedule(event);
    return pending.length;
  }

  /**
   * Runs every stored event due at the clock's now (attempts and record sends) and waits for them and
   * for those already running, again while more come due (`POST /_eddy/functions/async/run`: tests
   * that move a ManualClock). Returns how many it started.
   */
  async runDue(): Promise<{ started: number }> {
    let started = 0;
    for (let round = 0; round < 16; round++) {
      const now = this.#o.clock.now();
      const due = (await this.#o.store.pendingInvocations()).filter((e) => e.dueAt <= now && !this.#running.has(e.requestId));
      for (const event of due) this.#start(event);
      started += due.length;
      if (this.#running.size === 0) break;
      await Promise.allSettled([...this.#running.values()]);
    }
    return { started };
  }

  /** The earliest due time of a stored event not running (a retry's; a jump replayed step by step stops there, src/time). */
  async nextDue(): Promise<number | undefined> {
    const pending = (await this.#o.store.pendingInvocations()).filter((e) => !this.#running.has(e.requestId));
    return pending.length === 0 ? undefined : Math.min(...pending.map((e) => e.dueAt));
  }

  /** Stops retries and lets the attempts in progress finish (their events stay stored for the next start). */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#poller);
    clearInterval(this.#renewer);
    this.#unsubscribe();
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    await Promise.allSettled([...this.#running.values()]);
  }

  /** Claims due events not running here and runs them (a claim by id again, which this owner's lease passes). */
  async #poll(): Promise<void> {
    if (this.#closed) return;
    const now = this.#o.clock.now();
    try {
      const claimed = await this.#o.store.claimInvocations(this.owner, now, now + this.#leaseMs, POLL_CLAIMS);
      for (const event of claimed) this.#start(event);
    } catch (error) {
      this.#o.logger.error(`async events: claiming due events failed; trying again in ${this.#o.pollMs} ms`, error);
    }
  }

  /** Extends the leases of the events running here; one that was lost meanwhile is left to its new holder. */
  async #renewLeases(): Promise<void> {
    if (this.#running.size === 0) return;
    try {
      await this.#o.store.renewInvocationLeases(this.owner, [...this.#running.keys()], this.#o.clock.now() + this.#leaseMs);
    } catch (error) {
      this.#o.logger.error('async events: renewing the leases of running events failed; trying again', error);
    }
  }

  #schedule(event: StoredAsyncInvocation): void {
    if (this.#closed) return;
    clearTimeout(this.#timers.get(event.requestId));
    const wait = Math.max(0, event.dueAt - this.#o.clock.now());
    const timer = setTimeout(() => {
      this.#timers.delete(event.requestId);
      // A timer may fire a little before the clock reaches dueAt, and a claim refuses an event not due yet.
      if (wait > MAX_TIMER_MS || this.#o.clock.now() < event.dueAt) this.#schedule(event);
      else this.#start(event);
    }, Math.min(wait, MAX_TIMER_MS));
    this.#timers.set(event.requestId, timer);
  }

  #start(event: StoredAsyncInvocation): void {
    if (this.#closed || this.#running.has(event.requestId)) return;
    clearTimeout(this.#timers.get(event.requestId));
    this.#timers.delete(event.requestId);
    const run = this.#claimAndRun(event.requestId)
      .catch((error) => this.#o.logger.error(`[${event.functionName}] async event ${event.requestId}: ${error}`, error))
      .finally(() => this.#running.delete(event.requestId));
    this.#running.set(event.requestId, run);
  }

  /** Claims the event (another node may hold it, or have finished it) and runs what the claim answered. */
  async #claimAndRun(requestId: string): Promise<void> {
    const now = this.#o.clock.now();
    const event = await this.#o.store.claimInvocation(requestId, this.owner, now, now + this.#leaseMs);
    if (!event) return;
    return event.outcome ? this.#send(event) : this.#attempt(event);
  }

  async #attempt(event: StoredAsyncInvocation): Promise<void> {
    const { clock, store } = this.#o;
    const stored = await this.#o.configs.get<EventInvokeConfig>(event.functionName, event.qualifier ?? '$LATEST');
    const policy = asyncPolicy(stored?.config, this.#o.maxEventAgeMs ?? DEFAULT_MAX_EVENT_AGE_MS);
    const last = event.lastAttempt === undefined ? undefined : (JSON.parse(event.lastAttempt) as AttemptAnswer);
    if (tooOld(event.receivedAt, clock.now(), policy)) return this.#finish(event, event.attempts, 'EventAgeExceeded', last, policy);
    const attempts = event.attempts + 1;
    const answer = await this.#invoke(event, attempts);
    if (answer.functionError === undefined) return this.#finish(event, attempts, 'Success', answer, policy);
    const next = afterFailedAttempt(attempts, event.receivedAt, clock.now(), policy, this.#o.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS);
    if ('giveUp' in next) return this.#finish(event, attempts, next.giveUp, answer, policy);
    const lastAttempt = JSON.stringify(answer);
    if (!(await store.rescheduleInvocation(this.owner, event.requestId, attempts, next.retryAt, lastAttempt))) return this.#lost(event);
    this.#schedule({ ...event, attempts, dueAt: next.retryAt, lastAttempt });
  }

  /** One attempt; an invocation error (the function is gone, say) fails it as a function error would. */
  async #invoke(event: StoredAsyncInvocation, attempt: number): Promise<AttemptAnswer> {
    const requestId = attempt === 1 ? event.requestId : randomUUID();
    try {
      const { qualifier } = event;
      const arn = functionArn(this.#o.deployment, event.functionName);
      const runtimeName = qualifier === undefined || this.#o.qualified === undefined ? event.functionName : await this.#o.qualified(event.functionName, qualifier);
      const result = await this.#o.runtime.invoke(runtimeName, {
        payload: event.payload,
        requestId,
        whenBusy: 'wait',
        attempt,
        invokedFunctionArn: qualifier === undefined ? arn : `${arn}:${qualifier}`,
      });
      return { requestId: result.requestId, payload: result.payload, ...(result.functionError !== undefined && { functionError: result.functionError }) };
    } catch (error) {
      const { name, message } = error instanceof Error ? error : new Error(String(error));
      return { requestId, payload: JSON.stringify({ errorType: name, errorMessage: message }), functionError: 'Unhandled' };
    }
  }

  /** The event is done with: its record goes to the destination its condition names, if any. */
  async #finish(event: StoredAsyncInvocation, attempts: number, condition: InvocationCondition, answer: AttemptAnswer | undefined, policy: AsyncPolicy): Promise<void> {
    const success = condition === 'Success';
    const destination = success ? policy.onSuccess : policy.onFailure;
    if (!success) {
      const error = answer ? `: ${answer.payload}` : '';
      const deadLetter = await this.#deadLetterOf(event);
      const where = [destination && `its record goes to ${destination}`, deadLetter && `the event goes to ${'queue' in deadLetter ? `queue ${deadLetter.queue}` : `topic ${deadLetter.topic}`}`].filter(Boolean).join(' and ');
      this.#o.logger.warn(`[${event.functionName}] async event ${event.requestId} ${condition} after ${attempts} attempt(s); ${where || 'dropped'}${error}`);
      // Lambda's DeadLetterConfig: the event as it was sent; a destination on failure, when set too, gets its record as well (both are documented to be usable together).
      if (deadLetter) await this.#sendDeadLetter(event, deadLetter, answer, condition);
    }
    if (!destination) return this.#remove(event);
    const now = this.#o.clock.now();
    const record = invocationRecord({
      functionArn: `${functionArn(this.#o.deployment, event.functionName)}:${event.qualifier ?? '$LATEST'}`,
      condition,
      approximateInvokeCount: attempts,
      requestPayload: event.payload,
      ...(answer && { response: answer }),
      requestId: event.requestId,
      now,
    });
    const outcome = { destination, record };
    if (!(await this.#o.store.recordOutcome(this.owner, event.requestId, attempts, outcome, now))) return this.#lost(event);
    return this.#send({ ...event, attempts, dueAt: now, outcome });
  }

  /** The dead-letter queue or topic of the function (of what the event's qualifier runs now, else of $LATEST). */
  async #deadLetterOf(event: StoredAsyncInvocation): Promise<DeadLetterTarget | undefined> {
    let name = event.functionName;
    if (event.qualifier !== undefined && this.#o.qualified !== undefined) {
      try {
        name = await this.#o.qualified(event.functionName, event.qualifier);
      } catch {
        // the qualifier is gone: $LATEST's setting
      }
    }
    return this.#o.runtime.get(name)?.spec.deadLetter;
  }

  /** Sent once: a dead letter that cannot be sent is logged and dropped (Lambda counts DeadLetterErrors and deletes the event). */
  async #sendDeadLetter(event: StoredAsyncInvocation, target: DeadLetterTarget, answer: AttemptAnswer | undefined, condition: InvocationCondition): Promise<void> {
    try {
      await sendDeadLetter(this.#ports, this.#o.deployment, target, event.payload, deadLetterAttributes(event.requestId, answer, condition));
    } catch (error) {
      this.#o.logger.warn(`[${event.functionName}] async event ${event.requestId} could not be sent to its dead-letter ${'queue' in target ? `queue ${target.queue}` : `topic ${target.topic}`} and is dropped: ${(error as Error).message}`);
    }
  }

  /** Sends a done event's record; a refusal drops it, anything else is tried again a minute later. */
  async #send(event: StoredAsyncInvocation): Promise<void> {
    const { destination, record } = event.outcome!;
    const { clock, logger, store } = this.#o;
    try {
      await sendRecord(this.#ports, this.#o.deployment, destination, record);
    } catch (error) {
      const refused = error instanceof ServiceError || error instanceof DestinationRefusedError;
      const expired = clock.now() - event.receivedAt > DEFAULT_MAX_EVENT_AGE_MS;
      if (refused || expired) {
        logger.warn(`[${event.functionName}] the record of async event ${event.requestId} could not be sent to ${destination} and is dropped: ${(error as Error).message}`);
        return this.#remove(event);
      }
      const dueAt = clock.now() + SEND_RETRY_MS;
      logger.error(`[${event.functionName}] the record of async event ${event.requestId} could not be sent to ${destination}; trying again in a minute`, error);
      if (!(await store.recordOutcome(this.owner, event.requestId, event.attempts, event.outcome!, dueAt))) return this.#lost(event);
      return this.#schedule({ ...event, dueAt });
    }
    await this.#remove(event);
  }

  async #remove(event: StoredAsyncInvocation): Promise<void> {
    if (!(await this.#o.store.removeInvocation(this.owner, event.requestId))) this.#lost(event);
  }

  /** The lease ran out while the event ran, and another node took it over: what this one did may be done again there. */
  #lost(event: StoredAsyncInvocation): void {
    this.#o.logger.warn(`[${event.functionName}] async event ${event.requestId}: its lease ran out and another node holds it now`);
  }
}
