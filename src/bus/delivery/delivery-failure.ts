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

  constructor(code: string, message: string, retriable: boolean) {
    super(message);
    this.name = 'DeliveryFailure';
    this.code = code;
    this.retriable = retriable;
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
