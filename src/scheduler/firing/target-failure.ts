import { DeliveryFailure } from '../../bus/delivery/delivery-failure.js';
import { SqsError } from '../../queues/rules/sqs-errors.js';
import { ServiceError } from '../../shared/service-error.js';

/**
 * Scheduler's failure vocabulary for a dead-letter message (configuring-schedule-dlq): ERROR_CODE and
 * ERROR_MESSAGE are "the error code [and message] that EventBridge Scheduler receives from the target's
 * service API" — SQS's `AWS.SimpleQueueService.NonExistentQueue` / `The specified queue does not exist for
 * this wsdl version.` in the documented example; Lambda's `ResourceNotFoundException`,
 * `InvalidParameterValueException`, `ValidationException` per the universal-target troubleshooting page —
 * and for Scheduler's own faults `AWS.Scheduler.InternalServerError` / `Unexpected error occurred while
 * processing the request`.
 */
export const SCHEDULER_INTERNAL = { code: 'AWS.Scheduler.InternalServerError', message: 'Unexpected error occurred while processing the request' } as const;

/**
 * Whether retrying can help. The documented example dead-letters NonExistentQueue with
 * EXHAUSTED_RETRY_CONDITION MaximumEventAgeInSeconds — present "if the error from the target API is a
 * retryable error" — so a missing target is retried. Eddy treats as permanent only a request the target
 * refuses as malformed (validation, bad parameters, unparsable content), which no retry changes
 * (unconfirmed: AWS publishes no list).
 */
const PERMANENT = /Validation|InvalidParameter|InvalidRequestContent|InvalidArgument|Malformed|Serialization|InvalidMessageContents|InvalidAttribute|MissingParameter|UnknownOperation|UnsupportedOperation|InvalidJson|InvalidBatchEntryId|BatchEntryIdsNotDistinct|EmptyBatchRequest|TooManyEntriesInBatchRequest|BatchRequestTooLong/i;

export const isPermanentCode = (code: string): boolean => PERMANENT.test(code);

/** A failure the target's API answered with `code` and `message`. */
export const targetFailure = (code: string, message: string): DeliveryFailure => new DeliveryFailure(code, message, !isPermanentCode(code));

/** SQS's wording of a missing queue as Scheduler records it (the query protocol's, documented example). */
const SQS_WSDL_MESSAGES: Readonly<Record<string, string>> = {
  'AWS.SimpleQueueService.NonExistentQueue': 'The specified queue does not exist for this wsdl version.',
};

/**
 * Any error from running a target, in Scheduler's vocabulary: an SQS error by its query code (what the SQS
 * SDKs report), another service's error by its code, a failure already in this vocabulary as it is, and
 * anything else — a bug or a storage error in Eddy — as Scheduler's internal error, retried.
 */
export function asTargetFailure(error: unknown): DeliveryFailure {
  if (error instanceof DeliveryFailure) return error;
  if (error instanceof SqsError) return targetFailure(error.queryCode, SQS_WSDL_MESSAGES[error.queryCode] ?? error.message);
  if (error instanceof ServiceError) {
    const failure = targetFailure(error.code, error.message);
    return error.statusCode >= 500 ? new DeliveryFailure(failure.code, failure.message, true) : failure;
  }
  return new DeliveryFailure(SCHEDULER_INTERNAL.code, SCHEDULER_INTERNAL.message, true);
}
