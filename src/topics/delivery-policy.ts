import { topicsErrors } from './topics-errors.js';

/**
 * DeliveryPolicy (http/s retries, throttling, content type) as SNS stores and reports it [SEMANTICS E.3 D][O].
 * Values are parsed and reshaped only: the delivery side reads them.
 */

type Json = Record<string, unknown>;

/** The effective policy of a topic that has none [O]. */
export const DEFAULT_EFFECTIVE_DELIVERY_POLICY: Json = {
  http: {
    defaultHealthyRetryPolicy: { minDelayTarget: 20, maxDelayTarget: 20, numRetries: 3, numMaxDelayRetries: 0, numNoDelayRetries: 0, numMinDelayRetries: 0, backoffFunction: 'linear' },
    disableSubscriptionOverrides: false,
    defaultRequestPolicy: { headerContentType: 'text/plain; charset=UTF-8' },
  },
};

const BACKOFF = new Set(['arithmetic', 'exponential', 'geometric', 'linear']);
const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

function parse(text: string, prefix: string): Json {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // AWS appends Jackson's parser text; Eddy's is JSON.parse's (unconfirmed beyond the prefix).
    throw topicsErrors.invalidParameter(`${prefix}DeliveryPolicy: failed to parse JSON. ${(error as Error).message}`);
  }
  if (!isObject(value)) throw topicsErrors.invalidParameter(`${prefix}DeliveryPolicy: failed to parse JSON. Expected a JSON object`);
  return value;
}

/** A retry policy's backoffFunction must be one of SNS's four (wording unconfirmed). */
function checkRetry(policy: unknown, prefix: string): void {
  if (policy === undefined || policy === null) return;
  if (!isObject(policy)) throw topicsErrors.invalidParameter(`${prefix}DeliveryPolicy: retry policy must be a JSON object`);
  const backoff = policy['backoffFunction'];
  if (backoff !== undefined && !(typeof backoff === 'string' && BACKOFF.has(backoff))) {
    throw topicsErrors.invalidParameter(`${prefix}DeliveryPolicy: backoffFunction must be one of arithmetic, exponential, geometric or linear`);
  }
  for (const [key, value] of Object.entries(policy)) {
    if (key !== 'backoffFunction' && (typeof value !== 'number' || !Number.isInteger(value) || value < 0)) {
      throw topicsErrors.invalidParameter(`${prefix}DeliveryPolicy: ${key} must be a non-negative integer`);
    }
  }
}

/** The topic form, stored with `disableSubscriptionOverrides: false` added to its `http` part [O]. */
export function normaliseTopicDeliveryPolicy(text: string, prefix = 'Invalid parameter: '): string {
  const policy = parse(text, prefix);
  const http = policy['http'];
  if (http !== undefined && !isObject(http)) throw topicsErrors.invalidParameter(`${prefix}DeliveryPolicy: http must be a JSON object`);
  if (http === undefined) return JSON.stringify(policy);
  checkRetry(http['defaultHealthyRetryPolicy'], prefix);
  return JSON.stringify({ ...policy, http: { ...http, disableSubscriptionOverrides: http['disableSubscriptionOverrides'] ?? false } });
}

/** The topic's EffectiveDeliveryPolicy: its policy's `http` members merged onto the default [O]. */
export function effectiveTopicDeliveryPolicy(stored: string | undefined): string {
  if (stored === undefined) return JSON.stringify(DEFAULT_EFFECTIVE_DELIVERY_POLICY);
  const policy = JSON.parse(stored) as Json;
  const base = DEFAULT_EFFECTIVE_DELIVERY_POLICY['http'] as Json;
  const http = isObject(policy['http']) ? policy['http'] : {};
  const merged: Json = { ...base };
  for (const [key, value] of Object.entries(http)) merged[key] = isObject(value) && isObject(base[key]) ? { ...base[key], ...value } : value;
  return JSON.stringify({ ...policy, http: merged });
}

/** The subscription form, echoed with every member present (null when not given) and `guaranteed` [O]. */
export function normaliseSubscriptionDeliveryPolicy(text: string, prefix: string): string {
  const policy = parse(text, prefix);
  checkRetry(policy['healthyRetryPolicy'], prefix);
  checkRetry(policy['sicklyRetryPolicy'], prefix);
  return JSON.stringify({
    healthyRetryPolicy: policy['healthyRetryPolicy'] ?? null,
    sicklyRetryPolicy: policy['sicklyRetryPolicy'] ?? null,
    throttlePolicy: policy['throttlePolicy'] ?? null,
    requestPolicy: policy['requestPolicy'] ?? null,
    guaranteed: policy['guaranteed'] ?? false,
  });
}

/**
 * A subscription's EffectiveDeliveryPolicy: its own members over the topic's defaults (healthy retry
 * and request policy). The exact shape AWS reports is unconfirmed.
 */
export function effectiveSubscriptionDeliveryPolicy(stored: string, topicPolicy: string | undefined): string {
  const own = JSON.parse(stored) as Json;
  const topic = (JSON.parse(effectiveTopicDeliveryPolicy(topicPolicy)) as Json)['http'] as Json;
  const over = (mine: unknown, theirs: unknown) => (isObject(mine) ? { ...(isObject(theirs) ? theirs : {}), ...mine } : (theirs ?? null));
  return JSON.stringify({
    ...own,
    healthyRetryPolicy: over(own['healthyRetryPolicy'], topic['defaultHealthyRetryPolicy']),
    throttlePolicy: own['throttlePolicy'] ?? topic['defaultThrottlePolicy'] ?? null,
    requestPolicy: over(own['requestPolicy'], topic['defaultRequestPolicy']),
  });
}
