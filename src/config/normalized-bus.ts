import type { HttpTargetConfig } from './bus-config-types.js';
import type { FilterPattern } from './config-types.js';

/** The event bus parts of a NormalizedConfig: checked, defaults filled in, target ids derived. */

export interface NormalizedBus {
  description?: string;
}

/** What a target sends and how its deliveries are retried, as checked. */
export interface NormalizedTargetOptions {
  /** `input` as the JSON text it is sent as. */
  input?: string;
  inputPath?: string;
  inputTransformer?: { inputPaths: Record<string, string>; inputTemplate: string };
  retryPolicy?: { maximumRetryAttempts?: number; maximumEventAge?: number };
  deadLetter?: { queue: string };
}

export type NormalizedTargetResource =
  | { queue: string; messageGroupId?: string }
  | { function: string }
  | { bus: string }
  | { http: Required<HttpTargetConfig> }
  | { topic: string; messageGroupId?: string };

/**
 * A rule's target. `id` is its Target Id, derived from what it names (see targetIdOf in
 * target-ids.ts), so it stays the same while the target does, wherever it sits in the list.
 */
export type NormalizedTarget = NormalizedTargetResource & NormalizedTargetOptions & { id: string };

export interface NormalizedRule {
  bus: string;
  pattern?: FilterPattern;
  schedule?: string;
  enabled: boolean;
  description?: string;
  targets: NormalizedTarget[];
}

export interface NormalizedArchive {
  bus: string;
  pattern?: FilterPattern;
  retentionDays: number;
  description?: string;
}

/** AWS's AuthorizationType and the parameters it takes. */
export type NormalizedAuth =
  | { apiKey: { name: string; value: string } }
  | { basic: { username: string; password: string } }
  | { oauth: { authorizationEndpoint: string; method: 'GET' | 'POST' | 'PUT'; clientId: string; clientSecret: string } };

export type NormalizedConnection = NormalizedAuth & { description?: string };

/** A function's `eventBridge` event. */
export type NormalizedBusEvent = NormalizedTargetOptions & { bus: string; pattern: FilterPattern };
