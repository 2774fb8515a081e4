import type { ArchiveConfig, BusConfig, ConnectionConfig, EventBridgeEventConfig, RuleConfig } from './bus-config-types.js';
import type { ScheduleConfig } from '../scheduler/config/schedule-config.js';
import type { PipeConfig } from '../pipes/config/pipe-config.js';
import type { SnsEventConfig, TopicConfig } from '../topics/config/topic-config.js';

export type { SnsEventConfig, TopicConfig, TopicSubscriptionConfig, TopicSubscriptionOptions } from '../topics/config/topic-config.js';

/**
 * The shape users write in `eddy.config.ts` (see DESIGN.md § Configuration). AWS's parameter names in
 * camelCase, durations in seconds. These names are a promise to users: rename nothing.
 */

export type KeyType = 'S' | 'N' | 'B';
export type StreamViewType = 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES';

export interface KeyAttributeConfig {
  name: string;
  type: KeyType;
}

/** `ALL` (the default), `KEYS_ONLY`, or the non-key attributes to copy into the index (INCLUDE). */
export type ProjectionConfig = 'ALL' | 'KEYS_ONLY' | { include: readonly string[] };

export interface GlobalIndexConfig {
  partitionKey: KeyAttributeConfig;
  sortKey?: KeyAttributeConfig;
  /** Default `ALL`. */
  projection?: ProjectionConfig;
}

/** A local index shares the table's partition key (it may be repeated here) and needs a sort key. */
export interface LocalIndexConfig {
  partitionKey?: KeyAttributeConfig;
  sortKey: KeyAttributeConfig;
  /** Default `ALL`. */
  projection?: ProjectionConfig;
}

export interface TableConfig {
  partitionKey: KeyAttributeConfig;
  sortKey?: KeyAttributeConfig;
  globalIndexes?: Record<string, GlobalIndexConfig>;
  localIndexes?: Record<string, LocalIndexConfig>;
  /** The stream's view type, or false (the default) for no stream. */
  stream?: StreamViewType | false;
  /** The attribute holding each item's expiry time (epoch seconds); no TTL without it. */
  ttlAttribute?: string;
}

export interface QueueConfig {
  /** FIFO queue; its name must end in `.fifo` (and only a FIFO queue's may). Default false. */
  fifo?: boolean;
  /** Seconds, 0–43200 (default 30). */
  visibilityTimeout?: number;
  /** Seconds, 0–900 (default 0). */
  delaySeconds?: number;
  /** Bytes, 1024–1048576 (default 1048576). */
  maximumMessageSize?: number;
  /** Seconds, 60–1209600 (default 345600, four days). */
  messageRetentionPeriod?: number;
  /** Seconds, 0–20 (default 0). */
  receiveMessageWaitTimeSeconds?: number;
  /** FIFO only; default false. */
  contentBasedDeduplication?: boolean;
  /** FIFO only; default `queue`. */
  deduplicationScope?: 'messageGroup' | 'queue';
  /** FIFO only; default `perQueue`. */
  fifoThroughputLimit?: 'perQueue' | 'perMessageGroupId';
  /** Where messages go after `maxReceiveCount` (1–1000) receives. */
  deadLetter?: { queue: string; maxReceiveCount: number };
}

/** An event pattern (the EventBridge pattern language) a record must match to be delivered. */
export type FilterPattern = Record<string, unknown>;

export interface StreamEventConfig {
  /** A table of this config, or one created through the API. */
  table: string;
  /** 1–10000, default 100. */
  batchSize?: number;
  /** Seconds, 0–300, default 0. */
  maximumBatchingWindow?: number;
  /** Default TRIM_HORIZON. */
  startingPosition?: 'TRIM_HORIZON' | 'LATEST';
  /** Up to 5 patterns; a record is delivered when any matches. */
  filterPatterns?: readonly FilterPattern[];
  /** -1 (the default: until the record expires) or 0–10000. */
  maximumRetryAttempts?: number;
  /** Seconds: -1 (the default: no limit) or 60–604800. */
  maximumRecordAge?: number;
  /** Default false. */
  bisectBatchOnFunctionError?: boolean;
  /** 1–10, default 1. */
  parallelizationFactor?: number;
  /** Seconds, 0–900, default 0 (off). */
  tumblingWindow?: number;
  functionResponseTypes?: readonly 'ReportBatchItemFailures'[];
  /** Where a discarded batch's failure record goes: a queue, or a topic it is published to (of this config or created through the API). */
  onFailure?: { queue: string } | { topic: string };
  /** Default true. */
  enabled?: boolean;
}

export interface QueueEventConfig {
  /** A queue of this config, or one created through the API. */
  name: string;
  /** 1–10 for a FIFO queue, else 1–10000; default 10. Above 10 needs a batching window. */
  batchSize?: number;
  /** Seconds, 0–300, default 0. */
  maximumBatchingWindow?: number;
  filterPatterns?: readonly FilterPattern[];
  functionResponseTypes?: readonly 'ReportBatchItemFailures'[];
  /** Concurrent invocations for this queue, 2–1000; default unlimited. */
  maximumConcurrency?: number;
  /** Default true. */
  enabled?: boolean;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS' | 'ANY';

export interface HttpEventConfig {
  method: HttpMethod;
  /** Starts with `/`; `{name}` and a final `{name+}` capture path parameters. */
  path: string;
  /** The event format: HTTP API payload '2.0' (default) or the REST API proxy format '1.0'. */
  payloadFormat?: PayloadFormat;
}

export type PayloadFormat = '1.0' | '2.0';

/** CORS of the HTTP API, answered on preflight (OPTIONS with Origin and Access-Control-Request-Method). */
export interface CorsConfig {
  /** Origins allowed, or `['*']`. */
  allowOrigins: readonly string[];
  /** Methods allowed (default: every method), or `['*']`. */
  allowMethods?: readonly string[];
  /** Request headers allowed (default: none), or `['*']`. */
  allowHeaders?: readonly string[];
  /** Response headers the browser may read. */
  exposeHeaders?: readonly string[];
  /** Default false; not with origin `*`. */
  allowCredentials?: boolean;
  /** Seconds a preflight answer may be cached, 0–86400. */
  maxAge?: number;
}

/** The application port's API: a route table beside the functions' own `http` events, and CORS. */
export interface HttpApiConfig {
  /** `'GET /users/{id}': 'getUser'`, `{ function, payloadFormat }`, or `$default` for what no route matches. */
  routes?: Record<string, string | { function: string; payloadFormat?: PayloadFormat }>;
  cors?: CorsConfig;
}

export type FunctionEventConfig =
  | { stream: StreamEventConfig }
  | { queue: QueueEventConfig }
  /** The object form, or the shorthand `'POST /users'`. */
  | { http: HttpEventConfig | `${HttpMethod} /${string}` }
  /** A rule on a bus whose target is this function. */
  | { eventBridge: EventBridgeEventConfig }
  /** A rule of the default bus firing on `rate(…)` or `cron(…)`, targeting this function. */
  | { schedule: string }
  /** A subscription of this function (protocol lambda) to an SNS topic. */
  | { sns: SnsEventConfig };

/** The Lambda runtimes Eddy runs: Node.js in a worker thread, the others as a process speaking the Runtime API. */
export type FunctionRuntimeName = `nodejs${number}.x` | `python3.${number}` | 'provided.al2023' | 'provided.al2';

export interface FunctionConfig {
  /**
   * Relative to `codeDir`. Node.js: `path/to/module.ts#exportName` (the export defaults to `handler`).
   * Python: Lambda's `module.function` (`index_users.index_users` runs `index_users.py`'s `index_users`).
   * A custom runtime: passed to its `bootstrap` as `_HANDLER`, as Lambda does.
   */
  handler: string;
  /**
   * Default: what the handler names — a `.ts` / `.js` file is Node.js (in a worker thread), a
   * `module.function` whose `module.py` is in `codeDir` is Python, labelled with the interpreter's
   * version (`python3.11` when `python3` or `pythonPath` is a 3.11; `python3.12` when it cannot say).
   * `provided.al2023` / `provided.al2` start the executable `bootstrap` in `codeDir`.
   */
  runtime?: FunctionRuntimeName;
  /** The directory the handler is relative to (and Python imports from), relative to the config file; default: the config file's directory. */
  codeDir?: string;
  /** The Python interpreter: a command on the PATH or a path relative to the config file (`.venv/bin/python`); default `python3`. */
  pythonPath?: string;
  /**
   * Node.js only. `'thread'` (the default, the fastest): a worker thread of Eddy's process. `'process'`:
   * a process of its own speaking Lambda's Runtime API, for a handler that needs process isolation
   * (`process.chdir`, process-wide state, native addons that are not thread-safe); the same context,
   * errors and log lines. Python and custom runtimes always run as a process.
   */
  isolation?: 'thread' | 'process';
  /** Seconds, 1–900, default 3. */
  timeout?: number;
  /** MB, 128–10240, default 128. */
  memorySize?: number;
  /** Concurrent executions reserved for (and capping) this function. */
  reservedConcurrency?: number;
  environment?: Record<string, string>;
  events?: readonly FunctionEventConfig[];
  /** How Lambda handles this function's asynchronous invocations (InvocationType Event, and the bus, topic and schedule targets): PutFunctionEventInvokeConfig's settings for $LATEST. */
  asyncInvoke?: AsyncInvokeConfig;
  /** Where an asynchronous event goes when every attempt failed or it grew too old (Lambda's DeadLetterConfig): the event itself, as the message. */
  deadLetter?: { queue: string } | { topic: string };
}

/** Where an asynchronous invocation's record goes: a standard queue, a topic, a function or a bus (of this config or created through the API). */
export type AsyncDestinationConfig = { queue: string } | { topic: string } | { function: string } | { bus: string };

export interface AsyncInvokeConfig {
  /** 0–2, default 2. */
  maximumRetryAttempts?: number;
  /** Seconds, 60–21600, default 21600 (six hours). */
  maximumEventAge?: number;
  /** Where the record of a successful invocation goes. */
  onSuccess?: AsyncDestinationConfig;
  /** Where the record of an event given up on goes (retries exhausted or too old). */
  onFailure?: AsyncDestinationConfig;
}

export interface EddyConfig {
  tables?: Record<string, TableConfig>;
  queues?: Record<string, QueueConfig>;
  functions?: Record<string, FunctionConfig>;
  http?: HttpApiConfig;
  /** Custom event buses; `default` always exists. */
  buses?: Record<string, BusConfig>;
  rules?: Record<string, RuleConfig>;
  archives?: Record<string, ArchiveConfig>;
  /** Authorization for `http` targets. */
  connections?: Record<string, ConnectionConfig>;
  /**
   * Verify every request's SigV4 signature against these key pairs (as `eddy start --auth-file`);
   * without it, any well-formed signature is accepted. Handlers are given the first pair. A pair with a
   * `sessionToken` (temporary credentials) must be sent with it (X-Amz-Security-Token); one without, with none.
   */
  auth?: { credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }[] };
  /** EventBridge Scheduler schedules (exactly one of `at`, `rate`, `cron` each), created at start, updated when changed. */
  schedules?: Record<string, ScheduleConfig>;
  /** EventBridge pipes (a table's stream or a queue → filter → enrichment → a bus, queue or function), created at start, updated when changed. */
  pipes?: Record<string, PipeConfig>;
  /** SNS topics and their subscriptions (queues, functions, http/s endpoints, email addresses), created at start, updated when changed. */
  topics?: Record<string, TopicConfig>;
}

/** Types the config and returns it unchanged: `export default defineConfig({ … })`. */
export function defineConfig(config: EddyConfig): EddyConfig {
  return config;
}
