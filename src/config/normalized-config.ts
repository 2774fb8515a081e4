import type { Credentials } from '../shared/credentials.js';
import type {
  AsyncInvokeConfig,
  FilterPattern,
  HttpMethod,
  KeyAttributeConfig,
  PayloadFormat,
  StreamViewType,
} from './config-types.js';
import type { FunctionIsolation } from '../functions/function-spec.js';
import type { NormalizedArchive, NormalizedBus, NormalizedBusEvent, NormalizedConnection, NormalizedRule } from './normalized-bus.js';
import type { NormalizedSchedule } from '../scheduler/config/schedule-config.js';
import type { NormalizedPipe } from '../pipes/config/pipe-config.js';
import type { NormalizedSnsEvent, NormalizedTopic } from '../topics/config/topic-config.js';

export type * from './normalized-bus.js';

/**
 * A config after validation: every field checked, defaults filled in where their meaning is fixed
 * (AWS's documented defaults), shorthands expanded. What `applyConfig` and the later wiring read.
 */
export interface NormalizedConfig {
  /** The config file (absolute), for messages. */
  file: string;
  /** Its directory: `codeDir` and other paths are relative to it. */
  baseDir: string;
  tables: Record<string, NormalizedTable>;
  queues: Record<string, NormalizedQueue>;
  functions: Record<string, NormalizedFunction>;
  /** Present when a route or CORS is declared. */
  http?: NormalizedHttpApi;
  /** Custom buses (`default` is never among them). */
  buses: Record<string, NormalizedBus>;
  /** The config's `rules`; functions' `eventBridge` and `schedule` events are rules too (see config-rules.ts). */
  rules: Record<string, NormalizedRule>;
  archives: Record<string, NormalizedArchive>;
  connections: Record<string, NormalizedConnection>;
  /** Present when the config asks requests to be verified (SigV4 with these key pairs). */
  auth?: { credentials: Credentials[] };
  /** Scheduler schedules, present when the config declares some. */
  schedules?: Record<string, NormalizedSchedule>;
  /** Pipes, present when the config declares some. */
  pipes?: Record<string, NormalizedPipe>;
  /** SNS topics, present when the config declares some. */
  topics?: Record<string, NormalizedTopic>;
}

/** Every route (functions' `http` events and the route table), and the API's CORS. */
export interface NormalizedHttpApi {
  routes: NormalizedRoute[];
  cors?: NormalizedCors;
}

export interface NormalizedRoute {
  /** `GET /users/{id}`, `ANY /files/{proxy+}` or `$default`, as API Gateway's routeKey. */
  routeKey: string;
  function: string;
  payloadFormat: PayloadFormat;
}

export interface NormalizedCors {
  allowOrigins: string[];
  allowMethods: string[];
  allowHeaders: string[];
  exposeHeaders: string[];
  allowCredentials: boolean;
  maxAge?: number;
}

export interface NormalizedIndex {
  partitionKey: KeyAttributeConfig;
  sortKey?: KeyAttributeConfig;
  projection: { type: 'ALL' | 'KEYS_ONLY' } | { type: 'INCLUDE'; nonKeyAttributes: string[] };
}

export interface NormalizedTable {
  partitionKey: KeyAttributeConfig;
  sortKey?: KeyAttributeConfig;
  globalIndexes: Record<string, NormalizedIndex>;
  /** Partition key filled in from the table's. */
  localIndexes: Record<string, NormalizedIndex & { sortKey: KeyAttributeConfig }>;
  stream: StreamViewType | false;
  ttlAttribute?: string;
}

export interface NormalizedQueue {
  fifo: boolean;
  visibilityTimeout: number;
  delaySeconds: number;
  maximumMessageSize: number;
  messageRetentionPeriod: number;
  receiveMessageWaitTimeSeconds: number;
  /** FIFO queues only (absent on standard ones). */
  contentBasedDeduplication?: boolean;
  deduplicationScope?: 'messageGroup' | 'queue';
  fifoThroughputLimit?: 'perQueue' | 'perMessageGroupId';
  deadLetter?: { queue: string; maxReceiveCount: number };
}

export interface NormalizedStreamEvent {
  table: string;
  batchSize: number;
  maximumBatchingWindow: number;
  startingPosition: 'TRIM_HORIZON' | 'LATEST';
  filterPatterns: FilterPattern[];
  maximumRetryAttempts: number;
  maximumRecordAge: number;
  bisectBatchOnFunctionError: boolean;
  parallelizationFactor: number;
  tumblingWindow: number;
  functionResponseTypes: 'ReportBatchItemFailures'[];
  onFailure?: { queue: string } | { topic: string };
  enabled: boolean;
}

export interface NormalizedQueueEvent {
  name: string;
  batchSize: number;
  maximumBatchingWindow: number;
  filterPatterns: FilterPattern[];
  functionResponseTypes: 'ReportBatchItemFailures'[];
  maximumConcurrency?: number;
  enabled: boolean;
}

export type NormalizedEvent =
  | { stream: NormalizedStreamEvent }
  | { queue: NormalizedQueueEvent }
  | { http: NormalizedHttpEvent }
  | { eventBridge: NormalizedBusEvent }
  | { schedule: string }
  | { sns: NormalizedSnsEvent };

/** `payloadFormat` only when written (the route gets '2.0' otherwise). */
export interface NormalizedHttpEvent {
  method: HttpMethod;
  path: string;
  payloadFormat?: PayloadFormat;
}

export interface NormalizedFunction {
  /**
   * Relative to `codeDir`, as the runtime reads it: `file#export` for Node.js (the export filled in),
   * `module.function` for Python, as written for a custom runtime.
   */
  handler: string;
  /**
   * As written, or for a handler naming a Python module the version of the interpreter that runs it
   * (`python3.11`; `python3.12` when it cannot say); absent: Node.js in a worker thread.
   */
  runtime?: string;
  /** Absolute: the function's code directory (default: the config file's). */
  codeDir: string;
  /** As written; a path (not a bare command) made absolute from the config file's directory. */
  pythonPath?: string;
  /** As written (a Node.js function's only); absent: a worker thread. */
  isolation?: FunctionIsolation;
  timeout: number;
  memorySize: number;
  reservedConcurrency?: number;
  environment: Record<string, string>;
  events: NormalizedEvent[];
  /** As written (a setting left out is Lambda's default); applied as $LATEST's event invoke config. */
  asyncInvoke?: AsyncInvokeConfig;
  deadLetter?: { queue: string } | { topic: string };
}
