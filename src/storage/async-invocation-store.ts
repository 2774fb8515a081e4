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

export interface AsyncInvocationStore {
  /** Stores a newly accepted event; resolves once it is durable. */
  addInvocation(invocation: StoredAsyncInvocation): Promise<void>;
  /** Records a failed attempt, what it answered, and when the next one is due. */
  rescheduleInvocation(requestId: string, attempts: number, dueAt: number, lastAttempt?: string): Promise<void>;
  /**
   * Records that the event is done with and its record is to be sent, from `dueAt` (again, when a
   * sending failed): from then on a restart sends the record instead of invoking the function again.
   */
  recordOutcome(requestId: string, attempts: number, outcome: InvocationOutcome, dueAt: number): Promise<void>;
  /** Forgets an event: it succeeded or was dropped, and its record (if any) was sent. */
  removeInvocation(requestId: string): Promise<void>;
  /** Every stored event, oldest due first. */
  pendingInvocations(): Promise<StoredAsyncInvocation[]>;
}
