/** A schedule's target in `eddy.config.ts`: exactly one of function, queue, bus, topic (names of this deployment). */
export type ScheduleTargetConfig =
  | { function: string }
  /** `messageGroupId` for a FIFO queue (which needs content-based deduplication). */
  | { queue: string; messageGroupId?: string }
  /** PutEvents on the bus; `source` defaults to `eddy.scheduler`, `detailType` to the schedule's name. */
  | { bus: string; source?: string; detailType?: string }
  /** SNS Publish: the input is the Message; `messageGroupId` for a FIFO topic (unconfirmed, see schedule-targets.ts). */
  | { topic: string; messageGroupId?: string };

/**
 * `schedules: { name: … }` in `eddy.config.ts`: an EventBridge Scheduler schedule, created at start and
 * updated when it changed. Exactly one of `at` (`2027-01-01T09:00:00`, wall time in `timezone`), `rate`
 * (`5 minutes`) and `cron` (the six fields). AWS's parameters in camelCase.
 */
export interface ScheduleConfig {
  at?: string;
  rate?: string;
  cron?: string;
  /** IANA zone for `at` and `cron`; default UTC. */
  timezone?: string;
  target: ScheduleTargetConfig;
  /** What the target receives: a string as it is, anything else as JSON. Scheduler's placeholders are filled in. */
  input?: unknown;
  /** Schedule group (created if missing); default `default`. */
  group?: string;
  description?: string;
  /** Default true. */
  enabled?: boolean;
  /** ISO 8601 times bounding a rate or cron schedule. */
  start?: string;
  end?: string;
  /** Minutes, 1–1440: a flexible time window (Eddy runs at its start). */
  flexibleWindow?: number;
  /** Delete the schedule after its last run (an `at`, or past `end`). */
  deleteAfterCompletion?: boolean;
  retryPolicy?: { maximumRetryAttempts?: number; maximumEventAgeInSeconds?: number };
  deadLetter?: { queue: string };
}

/** A validated config schedule: the CreateSchedule request it stands for (less the ARNs), and the names it refers to. */
export interface NormalizedSchedule {
  readonly group: string;
  /** CreateSchedule's body without Name, Target.Arn, RoleArn and DeadLetterConfig (scheduleRequest fills them in). */
  readonly request: Record<string, unknown>;
  /** Exactly one of function, queue, bus and topic: the target. */
  readonly refs: { readonly function?: string; readonly queue?: string; readonly bus?: string; readonly topic?: string; readonly deadLetter?: string };
}
