/**
 * When a failed topic delivery is tried again (§E.6 Retries [D], sns-message-delivery-retries.html).
 * Returns the delay before retry number `retry` (1-based), or undefined when retries are exhausted.
 */

/** AWS-managed endpoints (SQS, Lambda): 3 immediate, 2 at 1 s, 10 backing off 1→20 s, 100,000 at 20 s (100,015 attempts). */
export function managedRetryDelay(retry: number): number | undefined {
  if (retry <= 3) return 0;
  if (retry <= 5) return 1_000;
  if (retry <= 15) return Math.round(1_000 * Math.pow(20, (retry - 5) / 10)); // 1 s × 20^(k/10): 1.35 s … 20 s, geometric (the curve is unconfirmed)
  return retry <= 100_015 ? 20_000 : undefined;
}

/** The healthy retry policy of an http/s subscription (DeliveryPolicy, §E.3), as SNS stores it. */
export interface HttpRetryPolicy {
  readonly minDelayTarget?: number;
  readonly maxDelayTarget?: number;
  readonly numRetries?: number;
  readonly numNoDelayRetries?: number;
  readonly numMinDelayRetries?: number;
  readonly numMaxDelayRetries?: number;
  readonly backoffFunction?: string;
}

/** SNS's default: 3 retries, 20 s apart, linear (§E.3 effective default [O]). */
export const DEFAULT_HTTP_RETRY: Required<HttpRetryPolicy> = {
  minDelayTarget: 20, maxDelayTarget: 20, numRetries: 3, numNoDelayRetries: 0, numMinDelayRetries: 0, numMaxDelayRetries: 0, backoffFunction: 'linear',
};

/**
 * http/s: the DeliveryPolicy's phases in order — numNoDelayRetries at once, numMinDelayRetries at
 * minDelayTarget, the backoff phase from minDelayTarget to maxDelayTarget by backoffFunction, and
 * numMaxDelayRetries at maxDelayTarget, numRetries in all (AWS's documented phases; the exact curves of
 * arithmetic, geometric and exponential are unconfirmed: here quadratic, 2^k and 10^k-shaped between the bounds).
 */
export function httpRetryDelay(policy: HttpRetryPolicy | undefined, retry: number): number | undefined {
  const p = { ...DEFAULT_HTTP_RETRY, ...policy };
  if (retry > p.numRetries) return undefined;
  const [min, max] = [p.minDelayTarget * 1_000, Math.max(p.minDelayTarget, p.maxDelayTarget) * 1_000];
  if (retry <= p.numNoDelayRetries) return 0;
  if (retry <= p.numNoDelayRetries + p.numMinDelayRetries) return min;
  const backoff = Math.max(0, p.numRetries - p.numNoDelayRetries - p.numMinDelayRetries - p.numMaxDelayRetries);
  const k = retry - p.numNoDelayRetries - p.numMinDelayRetries; // 1-based within the backoff phase
  if (k > backoff) return max;
  const x = backoff <= 1 ? 1 : (k - 1) / (backoff - 1); // 0 … 1 across the phase
  const shape: Record<string, (x: number) => number> = {
    linear: (v) => v,
    arithmetic: (v) => v * v,
    geometric: (v) => (Math.pow(2, v * 10) - 1) / 1023,
    exponential: (v) => (Math.pow(10, v * 3) - 1) / 999,
  };
  return Math.round(min + (max - min) * (shape[p.backoffFunction] ?? shape['linear']!)(x));
}

/** Email, email-json and sms: 2 at 10 s, 10 backing off 10→600 s, 38 at 600 s (§E.6). Eddy's captures do not fail, so this serves only completeness. */
export function mailRetryDelay(retry: number): number | undefined {
  if (retry <= 2) return 10_000;
  if (retry <= 12) return Math.round(10_000 * Math.pow(60, (retry - 2) / 10));
  return retry <= 50 ? 600_000 : undefined;
}
