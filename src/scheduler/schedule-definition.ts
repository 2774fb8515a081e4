/** Scheduler's wire shapes, kept verbatim (AWS member names) as the stored definitions. */
export interface RetryPolicy {
  readonly MaximumEventAgeInSeconds?: number;
  readonly MaximumRetryAttempts?: number;
}

export interface ScheduleTarget {
  readonly Arn: string;
  readonly RoleArn: string;
  readonly Input?: string;
  readonly RetryPolicy?: RetryPolicy;
  readonly DeadLetterConfig?: { readonly Arn?: string };
  readonly SqsParameters?: { readonly MessageGroupId?: string };
  readonly EventBridgeParameters?: { readonly DetailType: string; readonly Source: string };
  /** ECS, Kinesis, SageMaker…: stored and returned as sent, never used. */
  readonly [other: string]: unknown;
}

/** A schedule as stored: its CreateSchedule/UpdateSchedule input (times as epoch ms), less Name, GroupName and ClientToken. */
export interface ScheduleDefinition {
  readonly ScheduleExpression: string;
  readonly ScheduleExpressionTimezone?: string;
  readonly StartDate?: number;
  readonly EndDate?: number;
  readonly Description?: string;
  readonly State: 'ENABLED' | 'DISABLED';
  readonly KmsKeyArn?: string;
  readonly ActionAfterCompletion: 'NONE' | 'DELETE';
  readonly FlexibleTimeWindow: { readonly Mode: 'OFF' | 'FLEXIBLE'; readonly MaximumWindowInMinutes?: number };
  readonly Target: ScheduleTarget;
  /** The ClientToken of the request that wrote it: a retried request with the same token is answered again. */
  readonly clientToken?: string;
}

export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

export interface GroupDefinition {
  readonly Tags: readonly Tag[];
  readonly clientToken?: string;
  /** Set by DeleteScheduleGroup: the group shows DELETING until a firing loop removes it with its schedules. */
  readonly State?: 'DELETING';
}

/** The group every account has; schedules go there without a GroupName. */
export const DEFAULT_GROUP = 'default';

/** `name` or `group/name`, as schedules are reported. */
export const scheduleLabel = (group: string, name: string): string => (group === DEFAULT_GROUP ? name : `${group}/${name}`);
