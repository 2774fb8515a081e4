/**
 * What the event bus stores for each of its resources (the `definition` of a BusDocument). Members that
 * come from the EventBridge API keep AWS's names (a target is stored as PutTargets sent it, so
 * ListTargetsByRule returns it verbatim); Eddy's own bookkeeping is camelCase.
 */

/** kind 'bus', scope ''. The bus `default` exists without a document until one is written. */
export interface BusDefinition {
  readonly Description?: string;
  readonly KmsKeyIdentifier?: string;
  readonly DeadLetterConfig?: { readonly Arn?: string };
  /** CreateEventBus / UpdateEventBus's LogConfig, stored and returned (Eddy writes no bus logs). */
  readonly LogConfig?: { readonly IncludeDetail?: string; readonly Level?: string };
  /** The resource policy as a JSON text (DescribeEventBus.Policy), built by PutPermission or given whole. */
  readonly Policy?: string;
  readonly Tags: Readonly<Record<string, string>>;
}

/** kind 'rule', scope = the bus name. `version` of the bus document changes with every rule write. */
export interface RuleDefinition {
  readonly EventPattern?: string;
  readonly ScheduleExpression?: string;
  readonly State: 'ENABLED' | 'DISABLED' | 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';
  readonly Description?: string;
  readonly RoleArn?: string;
  readonly ManagedBy?: string;
  readonly Tags: Readonly<Record<string, string>>;
  /** At most 5, in the order PutTargets first stored them (a re-put Id keeps its place). */
  readonly Targets: readonly TargetDefinition[];
  /** For rate(): the instant firings count from (the rule's creation, or its schedule's last change). */
  readonly scheduleAnchor?: number;
}

/** A rule's target, as PutTargets took it. */
export interface TargetDefinition {
  readonly Id: string;
  readonly Arn: string;
  readonly RoleArn?: string;
  readonly Input?: string;
  readonly InputPath?: string;
  readonly InputTransformer?: { readonly InputPathsMap?: Readonly<Record<string, string>>; readonly InputTemplate: string };
  readonly RetryPolicy?: { readonly MaximumRetryAttempts?: number; readonly MaximumEventAgeInSeconds?: number };
  readonly DeadLetterConfig?: { readonly Arn?: string };
  readonly SqsParameters?: { readonly MessageGroupId?: string };
  readonly HttpParameters?: {
    readonly PathParameterValues?: readonly string[];
    readonly HeaderParameters?: Readonly<Record<string, string>>;
    readonly QueryStringParameters?: Readonly<Record<string, string>>;
  };
  /** Any other member PutTargets accepted (service-specific parameter blocks), kept and returned as is. */
  readonly [member: string]: unknown;
}

/** kind 'archive', scope ''. */
export interface ArchiveDefinition {
  /** The source bus's ARN (EventSourceArn); it cannot change. */
  readonly EventSourceArn: string;
  /** The source bus's name, resolved once. */
  readonly bus: string;
  readonly Description?: string;
  readonly EventPattern?: string;
  /** 0: kept forever. */
  readonly RetentionDays: number;
  readonly KmsKeyIdentifier?: string;
  readonly State: 'ENABLED' | 'DISABLED' | 'CREATING' | 'UPDATING' | 'CREATE_FAILED' | 'UPDATE_FAILED';
  readonly StateReason?: string;
}

/** kind 'replay', scope ''. `dueAt` is set while it has work left; a node runs it under a lease. */
export interface ReplayDefinition {
  readonly Description?: string;
  /** The archive's ARN. */
  readonly EventSourceArn: string;
  readonly archive: string;
  /**
   * The archive's creation time when the replay started: an archive deleted and created again under the
   * same name is another archive, and the replay fails rather than read it.
   */
  readonly archiveCreatedAt: number;
  /** The destination bus's name (Destination.Arn resolved once; it is the archive's source bus). */
  readonly bus: string;
  readonly EventStartTime: number;
  readonly EventEndTime: number;
  readonly Destination: { readonly Arn: string; readonly FilterArns?: readonly string[] };
  readonly State: 'STARTING' | 'RUNNING' | 'CANCELLING' | 'COMPLETED' | 'CANCELLED' | 'FAILED';
  readonly StateReason?: string;
  readonly ReplayStartTime: number;
  readonly ReplayEndTime?: number;
  /** The event time of the last event replayed (EventLastReplayedTime), and the cursor after it (readArchive's `after`). */
  readonly EventLastReplayedTime?: number;
  readonly cursor?: { readonly eventTime: number; readonly eventId: string };
}

/** kind 'connection', scope ''. Secrets are kept (Eddy is local); Describe never returns them. */
export interface ConnectionDefinition {
  readonly Description?: string;
  readonly AuthorizationType: 'API_KEY' | 'BASIC' | 'OAUTH_CLIENT_CREDENTIALS';
  readonly AuthParameters: Readonly<Record<string, unknown>>;
  readonly ConnectionState: 'CREATING' | 'UPDATING' | 'DELETING' | 'AUTHORIZED' | 'DEAUTHORIZED' | 'AUTHORIZING' | 'DEAUTHORIZING';
  readonly StateReason?: string;
  readonly LastAuthorizedTime?: number;
}

/** kind 'api-destination', scope ''. */
export interface ApiDestinationDefinition {
  readonly Description?: string;
  readonly ConnectionArn: string;
  readonly InvocationEndpoint: string;
  readonly HttpMethod: 'POST' | 'GET' | 'HEAD' | 'OPTIONS' | 'PUT' | 'PATCH' | 'DELETE';
  readonly InvocationRateLimitPerSecond?: number;
  readonly ApiDestinationState: 'ACTIVE' | 'INACTIVE';
}
