/**
 * The Scheduler half of the storage contract (StorageEngine.scheduler): schedule groups, schedules with
 * their next due time, and the executions a firing leaves to be made (an outbox).
 *
 * Several Eddy nodes may share one database, so nothing here relies on one process:
 * - A firing is taken by a conditional write on the `dueAt` the node read: in one transaction the
 *   schedule's dueAt moves to its next due time (or the schedule is removed, ActionAfterCompletion
 *   DELETE), and the firing's executions are stored. Whichever node takes it, each due time fires once.
 * - Executions are claimed with a lease (owner + expiry) and settled only by their lease holder.
 *
 * Times are epoch milliseconds from the caller's clock; the store reads no clock of its own.
 */
export interface SchedulerStore {
  getGroup<D>(name: string): Promise<StoredSchedulerDocument<D> | undefined>;
  /** Groups by name (byte-wise). */
  listGroups<D>(): Promise<StoredSchedulerDocument<D>[]>;
  getSchedule<D>(group: string, name: string): Promise<StoredSchedulerDocument<D> | undefined>;
  /** Schedules of one group (every group when omitted), by group then name (byte-wise). */
  listSchedules<D>(group?: string): Promise<StoredSchedulerDocument<D>[]>;
  /**
   * Creates, replaces or deletes one group or schedule as `decide(current, group)` says, in one
   * transaction (decide may throw: nothing is written). `group` is the stored group the document belongs
   * to (a schedule's group; the group itself for a group). Deleting a group deletes its schedules.
   */
  write<D, R>(write: SchedulerWrite<D, R>): Promise<R>;
  /** Schedules due at `now` (dueAt ≤ now), oldest due first, at most `limit`; reading takes nothing. */
  dueSchedules<D>(now: number, limit: number): Promise<StoredSchedulerDocument<D>[]>;
  /** The earliest dueAt of any schedule, or undefined. */
  nextScheduleDue(): Promise<number | undefined>;
  /**
   * Takes one due time of a schedule: if its dueAt still equals `expectedDueAt`, moves it to `nextDueAt`
   * (null: nothing more is due; `remove`: the schedule is deleted) and stores `executions`, all in one
   * transaction; otherwise writes nothing. Returns whether this call took it.
   */
  fire(firing: ScheduleFiring): Promise<boolean>;
  /** Leases up to `limit` executions due at `now` (unleased, or their lease expired) for `owner` until `until`, oldest due first. */
  claimExecutions(owner: string, now: number, until: number, limit: number): Promise<StoredExecution[]>;
  /** Applies outcomes of executions `owner` still holds: done removes it, retry sets attempts, due time and last error and frees the lease. */
  settleExecution(owner: string, outcome: ExecutionOutcome): Promise<boolean>;
  /** When claimExecutions may next return something (earliest unleased dueAt or lease expiry), or undefined. */
  nextExecutionDue(): Promise<number | undefined>;
  /** Ends every execution lease (an engine used by one process only, at start); returns how many. */
  releaseExecutionLeases(): Promise<number>;
}

export type SchedulerDocumentKind = 'group' | 'schedule';

export interface StoredSchedulerDocument<D> {
  readonly kind: SchedulerDocumentKind;
  /** The schedule's group; '' for a group. */
  readonly group: string;
  readonly name: string;
  readonly definition: D;
  readonly createdAt: number;
  readonly modifiedAt: number;
  readonly dueAt?: number;
}

export interface SchedulerWrite<D, R> {
  readonly kind: SchedulerDocumentKind;
  readonly group: string;
  readonly name: string;
  readonly now: number;
  /**
   * Pure and synchronous. `definition` null deletes the document (a no-op when absent); `dueAt` null
   * clears it. `group` is the group document (for a group write, the same as `current`).
   */
  decide(current: StoredSchedulerDocument<D> | undefined, group: StoredSchedulerDocument<unknown> | undefined): {
    definition: D | null;
    dueAt?: number | null;
    result: R;
  };
}

export interface ScheduleFiring {
  readonly group: string;
  readonly name: string;
  readonly expectedDueAt: number;
  readonly nextDueAt: number | null;
  /** Deletes the schedule (ActionAfterCompletion DELETE after its last firing) instead of moving dueAt. */
  readonly remove?: boolean;
  readonly executions: readonly NewExecution[];
}

/** One invocation of a schedule's target for one due time. */
export interface NewExecution {
  readonly id: string;
  readonly scheduleArn: string;
  /** The due time it is for (epoch ms). */
  readonly scheduledAt: number;
  /** Domain-owned JSON: the target as it was when the schedule fired. */
  readonly target: unknown;
  readonly dueAt: number;
}

export interface StoredExecution extends NewExecution {
  readonly attempts: number;
  readonly lastError?: string;
}

export type ExecutionOutcome =
  | { readonly id: string; readonly kind: 'done' }
  | { readonly id: string; readonly kind: 'retry'; readonly attempts: number; readonly dueAt: number; readonly error: string };
