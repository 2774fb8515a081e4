import type { BatchFailure } from '../batch-failure.js';
import type { ProcessingStats } from '../mapping-status.js';
import type { LastProcessingResult, RecordedFailure } from '../shard-stats.js';

/** Failing messages remembered at most; beyond it the longest failing are forgotten (the status stays bounded). */
const MAX_FAILING = 10_000;

/** A delivered message, as the stats need it. */
export interface DeliveredMessage {
  readonly messageId: string;
  /** Including this delivery (ApproximateReceiveCount). */
  readonly receiveCount: number;
  readonly sentAt: number;
}

/** Where a failed message goes next, from its queue's settings. */
export interface RetryPolicy {
  /** The redrive policy's: a message that failed this many receives moves to the dead-letter queue next. */
  readonly maxReceiveCount: number | undefined;
  /** MessageRetentionPeriod in ms: a message is gone this long after it was sent. */
  readonly retentionMs: number;
}

interface FailingMessage {
  /** Its first failed delivery. */
  readonly since: number;
  readonly receives: number;
  readonly expiresAt: number;
}

/**
 * What a queue mapping's poller knows of its deliveries, for status. A failed batch's messages come
 * back after their visibility timeout, maybe in other batches, so failures are followed per message: a
 * message is failing from its first failed delivery until one succeeds, it is deleted without an
 * invocation (filtered), or it will not come back (it moves to the dead-letter queue or expires). The
 * last failure is cleared by a success once no message is failing.
 */
export class QueueStats implements ProcessingStats {
  lastProcessingResult: LastProcessingResult | undefined;
  /** In the order they first failed. */
  readonly #failing = new Map<string, FailingMessage>();
  #lastFailure: RecordedFailure | undefined;
  #lastSuccessAt: number | undefined;
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  get retryingSince(): number | undefined {
    const failing = this.#live();
    return failing.length === 0 ? undefined : Math.min(...failing.map(([, m]) => m.since));
  }

  /** The most receives of a message failing now. */
  get attempts(): number {
    return Math.max(0, ...this.#live().map(([, m]) => m.receives));
  }

  get lastFailure(): RecordedFailure | undefined {
    return this.#lastFailure;
  }

  get lastSuccessAt(): number | undefined {
    return this.#lastSuccessAt;
  }

  /** Ids of the messages failing now, in the order they first failed. */
  get failingMessages(): string[] {
    return this.#live().map(([id]) => id);
  }

  /** An invocation reached the function. LastProcessingResult as for streams: only a function error is a PROBLEM. */
  invoked(functionError: string | undefined): void {
    this.lastProcessingResult = functionError === undefined ? 'OK' : 'PROBLEM: Function call failed';
  }

  succeeded(messageIds: readonly string[], at: number): void {
    this.forget(messageIds);
    this.#lastSuccessAt = at;
    if (this.#live().length === 0) this.#lastFailure = undefined;
  }

  failed(messages: readonly DeliveredMessage[], failure: BatchFailure, requestId: string, at: number, policy: RetryPolicy): void {
    this.#lastFailure = { ...failure, at, requestId };
    for (const message of messages) {
      const known = this.#failing.get(message.messageId);
      if (policy.maxReceiveCount !== undefined && message.receiveCount >= policy.maxReceiveCount) {
        this.#failing.delete(message.messageId);
        continue;
      }
      this.#failing.set(message.messageId, { since: known?.since ?? at, receives: message.receiveCount, expiresAt: message.sentAt + policy.retentionMs });
    }
    for (const id of this.#failing.keys()) {
      if (this.#failing.size <= MAX_FAILING) break;
      this.#failing.delete(id);
    }
  }

  /** The messages are gone (deleted): they no longer count as failing. */
  forget(messageIds: readonly string[]): void {
    for (const id of messageIds) this.#failing.delete(id);
  }

  /** The failing messages not expired by now (expired ones are dropped). */
  #live(): [string, FailingMessage][] {
    const now = this.#now();
    for (const [id, message] of this.#failing) if (message.expiresAt <= now) this.#failing.delete(id);
    return [...this.#failing];
  }
}
