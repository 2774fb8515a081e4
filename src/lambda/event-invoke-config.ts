import type { Deployment } from '../shared/arns.js';
import type { StoredEventInvokeConfig } from '../storage/event-invoke-config-store.js';
import { functionArn } from './function-names.js';

/**
 * A function's asynchronous invocation config as stored: the members PutFunctionEventInvokeConfig
 * takes, by Lambda's names. A member left out is Lambda's default (2 retries, 6 hours); a destination
 * left out (or empty) is none.
 */
export interface EventInvokeConfig {
  readonly MaximumRetryAttempts?: number;
  readonly MaximumEventAgeInSeconds?: number;
  readonly DestinationConfig: {
    readonly OnSuccess: { readonly Destination?: string };
    readonly OnFailure: { readonly Destination?: string };
  };
  /** Written by the config (`functions.NAME.asyncInvoke`), which removes it when it no longer sets it; never shown. */
  readonly FromConfig?: true;
}

/** Lambda's defaults for asynchronous invocation: two retries; events kept for up to six hours. */
export const DEFAULT_MAX_RETRIES = 2;
export const DEFAULT_MAX_EVENT_AGE_MS = 6 * 3_600_000;

/** What the event invoker does with a function's events, from its config (or Lambda's defaults). */
export interface AsyncPolicy {
  readonly maxRetries: number;
  readonly maxEventAgeMs: number;
  /** Destination ARNs of the invocation records. */
  readonly onSuccess?: string;
  readonly onFailure?: string;
}

export function asyncPolicy(config: EventInvokeConfig | undefined, defaultMaxEventAgeMs = DEFAULT_MAX_EVENT_AGE_MS): AsyncPolicy {
  const onSuccess = config?.DestinationConfig.OnSuccess.Destination;
  const onFailure = config?.DestinationConfig.OnFailure.Destination;
  return {
    maxRetries: config?.MaximumRetryAttempts ?? DEFAULT_MAX_RETRIES,
    maxEventAgeMs: config?.MaximumEventAgeInSeconds !== undefined ? config.MaximumEventAgeInSeconds * 1000 : defaultMaxEventAgeMs,
    ...(onSuccess && { onSuccess }),
    ...(onFailure && { onFailure }),
  };
}

/** FunctionEventInvokeConfig as the operations answer it: members in the model's order, unset ones left out. */
export function eventInvokeConfigView(stored: StoredEventInvokeConfig<EventInvokeConfig>, d: Deployment): Record<string, unknown> {
  const config = stored.config;
  return {
    LastModified: stored.lastModified / 1000,
    FunctionArn: `${functionArn(d, stored.functionName)}:${stored.qualifier}`,
    ...(config.MaximumRetryAttempts !== undefined && { MaximumRetryAttempts: config.MaximumRetryAttempts }),
    ...(config.MaximumEventAgeInSeconds !== undefined && { MaximumEventAgeInSeconds: config.MaximumEventAgeInSeconds }),
    DestinationConfig: { OnSuccess: { ...config.DestinationConfig.OnSuccess }, OnFailure: { ...config.DestinationConfig.OnFailure } },
  };
}
