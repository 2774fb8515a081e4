/**
 * The storage contract for asynchronous invocations (InvocationType=Event): the events accepted and not
 * yet done with, so a restart picks them up where it left off instead of dropping them. Lambda keeps its
 * own queue of events durably; so does Eddy. An event stays stored through its attempts and, when it has
 * a destination, until its invocation record has been sent there.
 */

/** An accepted event, waiting for its next attempt (or its record's sending) at `dueAt` (epoch ms). */
export interface StoredAsyncInvocation {
  readonly requestId: string;
  readonly functionName: string;
  /** The version or alias the Event invoke named; undefined for $LATEST (unqualified). */
  readonly qualifier?: string;
  readonly payload: string;
  /** When the event was accepted (epoch ms): its age decides whether it may be retried. */
  readonly receivedAt: number;
  /** Attempts made so far (0 until the first one ends). */
  readonly attempts: number;
  readonly dueAt: number;
  /** What the last failed attempt answered (domain JSON), for the record of an event given up on later. */
  readonly lastAttempt?: string;
  /** Set once the event is done with: its invocation record (JSON text), still to be sent to `destination`. */
  readonly outcome?: InvocationOutcome;
}

export interface InvocationOutcome {
  /** The destination's ARN. */
  readonly destination: string;
  readonly record: string;
}

/**
 * Events are run under a lease (issue 22), as bus deliveries and Scheduler executions are: a node claims
 * one (owner, until) before its attempt or its record's sending, so on a database shared by several nodes
 * each runs on exactly one of them, and a dead node's event is taken over once its lease expires. Every
 * change after the claim is conditional on the owner still holding it (false when it does not: another
 * node took it over, or it is gone). `now` and `until` come from the caller's clock, as in SchedulerStore.
 */
export interface AsyncInvocationStore {
  /** Stores a newly accepted event (unleased); resolves once it is durable. */
  addInvocation(invocation: StoredAsyncInvocation): Promise<void>;
  /**
   * Leases the event for `owner` until `until` when it is due at `now` and unleased, its lease expired, or
   * already `owner`'s; answers it as stored, or undefined (not due, held by another live lease, or gone).
   */
  claimInvocation(requestId: string, owner: string, now: number, until: number): Promise<StoredAsyncInvocation | undefined>;
  /** Leases up to `limit` events due at `now` (unleased, expired or `owner`'s) for `owner` until `until`, oldest due first. */
  claimInvocations(owner: string, now: number, until: number, limit: number): Promise<StoredAsyncInvocation[]>;
  /**
   * By their lease holder: extends `owner`'s leases of these events to `until` (an attempt still running).
   * A lease `owner` no longer holds (freed, taken over, or the event gone) is left alone; returns how many were extended.
   */
  renewInvocationLeases(owner: string, requestIds: readonly string[], until: number): Promise<number>;
  /** By its lease holder: records a failed attempt, what it answered, and when the next one is due; frees the lease. */
  rescheduleInvocation(owner: string, requestId: string, attempts: number, dueAt: number, lastAttempt?: string): Promise<boolean>;
  /**
   * By its lease holder: records that the event is done with and its record is to be sent, from `dueAt`
   * (again, when a sending failed): from then on a restart sends the record instead of invoking the
   * function again. The lease is kept (the holder sends right away); after it expires anyone may send.
   */
  recordOutcome(owner: string, requestId: string, attempts: number, outcome: InvocationOutcome, dueAt: number): Promise<boolean>;
  /** By its lease holder: forgets an event (it succeeded or was dropped, and its record, if any, was sent). */
  removeInvocation(owner: string, requestId: string): Promise<boolean>;
  /** Every stored event, leased or not, oldest due first (for timers; running one needs a claim). */
  pendingInvocations(): Promise<StoredAsyncInvocation[]>;
  /** Ends every lease (an engine used by one process only, at its start: they are a previous run's); returns how many. */
  releaseInvocationLeases(): Promise<number>;
}
