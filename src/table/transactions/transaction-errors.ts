import { ServiceError } from '../../shared/service-error.js';
import type { AttributeMap } from '../values/attribute-value.js';

const NS = 'com.amazonaws.dynamodb.v20120810#';

/**
 * Why one action of a transaction stopped it, in action order: `None` for actions that would have
 * succeeded. `Item` is the item as stored, for a failed condition asked for with
 * ReturnValuesOnConditionCheckFailure ALL_OLD.
 */
export type CancellationReason =
  | { Code: 'None' }
  | { Code: 'ConditionalCheckFailed'; Message: 'The conditional request failed'; Item?: AttributeMap }
  | { Code: 'ValidationError'; Message: string }
  /** A PartiQL INSERT of a key that exists (ExecuteTransaction). */
  | { Code: 'DuplicateItem'; Message: string };

/**
 * Errors of the transaction operations. (They belong with the rest in ../errors.ts; kept here while
 * that file is owned elsewhere.)
 */
export const transactionErrors = {
  /** As AWS sends it: the reasons' codes listed in the message, the body member spelled `Message`. */
  canceled: (reasons: readonly CancellationReason[]) => {
    const codes = reasons.map((reason) => reason.Code).join(', ');
    const error = new ServiceError(
      `${NS}TransactionCanceledException`,
      `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes}]`,
      400,
      { CancellationReasons: reasons },
    );
    error.messageMember = 'Message';
    return error;
  },
  /**
   * A ClientRequestToken reused with another request. The wording is the API reference's
   * description of the error; AWS's exact message text is unconfirmed.
   */
  idempotentParameterMismatch: () =>
    new ServiceError(
      `${NS}IdempotentParameterMismatchException`,
      'DynamoDB rejected the request because you retried a request with a different payload but with an idempotent token that was already used.',
    ),
};
