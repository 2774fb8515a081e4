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

/**
 * kind 'connection', scope ''. Secrets are kept in the document (Eddy is local: there is no Secrets
 * Manager behind it); Describe and List never return them.
 */
export interface ConnectionDefinition {
  /** The id after the name in the connection's ARN (`connection/<name>/<id>`): one created again under the same name is another connection. */
  readonly id: string;
  readonly Description?: string;
  readonly AuthorizationType: 'API_KEY' | 'BASIC' | 'OAUTH_CLIENT_CREDENTIALS';
  /** As CreateConnection (or UpdateConnection merged into it) gave them, secrets included; absent once deauthorized. */
  readonly AuthParameters?: ConnectionAuthParameters;
  /** Stored and returned; Eddy reaches every endpoint directly. */
  readonly InvocationConnectivityParameters?: { readonly ResourceParameters: { readonly ResourceConfigurationArn: string } };
  readonly KmsKeyIdentifier?: string;
  readonly ConnectionState: 'CREATING' | 'UPDATING' | 'DELETING' | 'AUTHORIZED' | 'DEAUTHORIZED' | 'AUTHORIZING' | 'DEAUTHORIZING';
  readonly StateReason?: string;
  readonly LastAuthorizedTime?: number;
  /**
   * LastModifiedTime: set by CreateConnection, UpdateConnection and DeauthorizeConnection. Not the
   * document's modifiedAt, which a token refresh or an authorization's outcome also moves.
   */
  readonly modifiedAt: number;
  /** The id in SecretArn (`secret:events!connection/<name>/<secretId>`); none while deauthorized. */
  readonly secretId?: string;
  /** Changes whenever the authorization parameters do: a token fetched with older ones is not stored. */
  readonly credentials: string;
  /**
   * OAuth: the access token every node uses (kept here, not in a process, so all nodes share one and a
   * refresh by one is seen by all), with its expiry (epoch ms) when the endpoint gave one.
   */
  readonly oauthToken?: OAuthToken;
}

export interface OAuthToken {
  readonly accessToken: string;
  /** The token response's token_type: the Authorization scheme (Bearer unless the endpoint said otherwise). */
  readonly tokenType: string;
  readonly expiresAt?: number;
}

/** A connection's AuthParameters as CreateConnection takes them (AWS's member names). */
export interface ConnectionAuthParameters {
  readonly BasicAuthParameters?: { readonly Username: string; readonly Password: string };
  readonly OAuthParameters?: {
    readonly ClientParameters: { readonly ClientID: string; readonly ClientSecret: string };
    readonly AuthorizationEndpoint: string;
    readonly HttpMethod: 'GET' | 'POST' | 'PUT';
    readonly OAuthHttpParameters?: ConnectionHttpParameters;
  };
  readonly ApiKeyAuthParameters?: { readonly ApiKeyName: string; readonly ApiKeyValue: string };
  readonly InvocationHttpParameters?: ConnectionHttpParameters;
}

export interface ConnectionHttpParameters {
  readonly HeaderParameters?: readonly ConnectionParameter[];
  readonly QueryStringParameters?: readonly ConnectionParameter[];
  readonly BodyParameters?: readonly ConnectionParameter[];
}

export interface ConnectionParameter {
  readonly Key?: string;
  readonly Value?: string;
  readonly IsValueSecret?: boolean;
}

/**
 * kind 'api-destination', scope ''. Its ApiDestinationState is not stored: it follows its connection's
 * state (ACTIVE while the connection is AUTHORIZED, INACTIVE otherwise, as observed).
 */
export interface ApiDestinationDefinition {
  /** The id after the name in its ARN (`api-destination/<name>/<id>`). */
  readonly id: string;
  readonly Description?: string;
  readonly ConnectionArn: string;
  readonly InvocationEndpoint: string;
  readonly HttpMethod: 'POST' | 'GET' | 'HEAD' | 'OPTIONS' | 'PUT' | 'PATCH' | 'DELETE';
  /** 300 when not given (AWS's default, observed). */
  readonly InvocationRateLimitPerSecond: number;
}
