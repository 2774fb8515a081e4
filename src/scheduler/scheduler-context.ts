import type { Deployment } from '../shared/arns.js';
import type { Clock } from '../shared/clock.js';
import type { SchedulerStore } from '../storage/scheduler-store.js';

/** What Scheduler's operations need. */
export interface SchedulerContext {
  readonly store: SchedulerStore;
  readonly clock: Clock;
  readonly deployment: Deployment;
  /** Tells the firing loop a schedule's due time changed (it looks again now). */
  readonly changed: () => void;
}
