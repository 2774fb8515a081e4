/**
 * Why a delivery to a target failed, in the vocabulary EventBridge writes into a dead-letter message's
 * ERROR_CODE attribute (eb-rule-dlq: NO_RESOURCE, NO_PERMISSIONS, INVALID_PARAMETER, INVALID_JSON,
 * THROTTLING, TIMEOUT, INTERNAL_ERROR, …), and whether retrying can help: a target that does not exist
 * or refuses the payload fails the same way every time, so EventBridge skips its retries and goes
 * straight to the dead-letter queue (SEMANTICS C.7.4). Anything else a target throws is retried.
 */
export class DeliveryFailure extends Error {
  readonly code: string;
  readonly retriable: boolean;
  /**
   * The least wait before a retry the target asked for (an API destination's `Retry-After`): the retry
   * comes after the longer of it and the backoff's delay.
   */
  readonly retryAfterMs: number | undefined;

  constructor(code: string, message: string, retriable: boolean, retryAfterMs?: number) {
    super(message);
    this.name = 'DeliveryFailure';
    this.code = code;
    this.retriable = retriable;
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * Not an attempt: the target cannot take the delivery before `until` (an API destination's invocation
 * rate is used up). The delivery waits until then without counting an attempt; `code` and `message`
 * are what it records meanwhile and what a dead-letter message says if the event grows too old waiting.
 */
export class DeliveryDeferred extends Error {
  readonly until: number;
  readonly code: string;

  constructor(until: number, code: string, message: string) {
    super(message);
    this.name = 'DeliveryDeferred';
    this.until = until;
    this.code = code;
  }
}

export const deliveryFailures = {
  noResource: (message: string) => new DeliveryFailure('NO_RESOURCE', message, false),
  invalidParameter: (message: string) => new DeliveryFailure('INVALID_PARAMETER', message, false),
  invalidJson: (message: string) => new DeliveryFailure('INVALID_JSON', message, false),
};

/** A failure as the runner records it: any error that is not a DeliveryFailure is an internal, retriable one. */
export function asDeliveryFailure(error: unknown): DeliveryFailure {
  if (error instanceof DeliveryFailure) return error;
  return new DeliveryFailure('INTERNAL_ERROR', error instanceof Error ? error.message : String(error), true);
}
