/**
 * The event bus parts of `eddy.config.ts` (DESIGN.md § Configuration, issue 16): buses, rules with their
 * targets, archives, connections, and functions' `eventBridge` and `schedule` events. These names are a
 * promise to users: rename nothing.
 */

import type { FilterPattern } from './config-types.js';

/** A custom bus; `default` always exists and is not declared. */
export interface BusConfig {
  description?: string;
}

/** What every target takes besides the resource it names. At most one of `input`, `inputPath`, `inputTransformer`. */
export interface TargetOptions {
  /** A constant sent instead of the event: any JSON value (an object, a string…), sent as its JSON text. */
  input?: unknown;
  /** The part of the event sent, e.g. `$.detail`. */
  inputPath?: string;
  /** `<name>` placeholders of `inputTemplate` filled from the event by `inputPaths`. */
  inputTransformer?: { inputPaths?: Record<string, string>; inputTemplate: string };
  retryPolicy?: {
    /** 0–185, default 185. */
    maximumRetryAttempts?: number;
    /** Seconds, 60–86400, default 86400. */
    maximumEventAge?: number;
  };
  /** A standard queue receiving what could not be delivered. */
  deadLetter?: { queue: string };
}

/** An HTTP endpoint, called with a connection's authorization (an API destination is made for it). */
export interface HttpTargetConfig {
  /** https:// (or http:// for a local server). */
  url: string;
  /** Default POST. */
  method?: 'POST' | 'GET' | 'HEAD' | 'OPTIONS' | 'PUT' | 'PATCH' | 'DELETE';
  /** A connection of this config, or one created through the API. */
  connection: string;
}

export type TargetConfig = TargetOptions &
  (
    | { queue: string; /** FIFO queues: required. */ messageGroupId?: string }
    | { function: string }
    | { bus: string }
    | { http: HttpTargetConfig }
    /** An SNS topic of this config or created through the API; FIFO topics need a messageGroupId (and content-based deduplication). */
    | { topic: string; messageGroupId?: string }
  );

export interface RuleConfig {
  /** Default `default`. */
  bus?: string;
  /** Events matching it are sent to the targets. */
  pattern?: FilterPattern;
  /** `rate(5 minutes)` or `cron(0 3 * * ? *)` (UTC); default bus only. */
  schedule?: string;
  /** Default true. */
  enabled?: boolean;
  description?: string;
  /** At most 5. */
  targets?: readonly TargetConfig[];
}

export interface ArchiveConfig {
  bus: string;
  /** Only matching events are kept (default: every event of the bus). */
  pattern?: FilterPattern;
  /** 0 (the default) keeps events forever. */
  retentionDays?: number;
  description?: string;
}

/** Exactly one of `apiKey`, `basic`, `oauth`. */
export interface ConnectionConfig {
  description?: string;
  apiKey?: { name: string; value: string };
  basic?: { username: string; password: string };
  oauth?: {
    authorizationEndpoint: string;
    /** Default POST. */
    method?: 'GET' | 'POST' | 'PUT';
    clientId: string;
    clientSecret: string;
  };
}

/** A function's `eventBridge` event: a rule on `bus` whose only target is the function. */
export type EventBridgeEventConfig = TargetOptions & {
  /** Default `default`. */
  bus?: string;
  pattern: FilterPattern;
};
