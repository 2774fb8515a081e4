/**
 * The storage contract for asynchronous invocations (InvocationType=Event): the events accepted and not
 * yet done with, so a restart picks them up where it left off instead of dropping them. Lambda keeps its
 * own queue of events durably; so does Eddy.
 */

/** An accepted event, waiting for its next attempt at `dueAt` (epoch ms). */
export interface StoredAsyncInvocation {
  readonly requestId: string;
  readonly functionName: string;
  readonly payload: string;
  /** When the event was accepted (epoch ms): its age decides whether it may be retried. */
  readonly receivedAt: number;
  /** Attempts made so far (0 until the first one ends). */
  readonly attempts: number;
  readonly dueAt: number;
}

export interface AsyncInvocationStore {
  /** Stores a newly accepted event; resolves once it is durable. */
  addInvocation(invocation: StoredAsyncInvocation): Promise<void>;
  /** Records a failed attempt and when the next one is due. */
  rescheduleInvocation(requestId: string, attempts: number, dueAt: number): Promise<void>;
  /** Forgets an event: it succeeded, or it is dropped. */
  removeInvocation(requestId: string): Promise<void>;
  /** Every stored event, oldest due first. */
  pendingInvocations(): Promise<StoredAsyncInvocation[]>;
}
