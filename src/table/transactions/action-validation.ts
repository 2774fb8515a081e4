import type { ItemKey } from '../../storage/engine.js';
import { ServiceError } from '../../shared/service-error.js';
import { transactionErrors, type CancellationReason } from './transaction-errors.js';

/**
 * Which key faults of a transaction's action cancel the transaction (a `ValidationError` reason for
 * that action) and which fail the whole request (a ValidationException). The split is DynamoDB's, not
 * a rule that can be derived: an empty key value is refused up front for the whole request, while a
 * key that does not fit the table's schema cancels.
 *
 * Confirmed (a public conformance suite's captures of AWS in four regions, TransactWriteItems "exact
 * error messages"): a wrong-typed or non-scalar key in a Put item ("Type mismatch for key …") or index
 * key ("Type mismatch for Index Key …"), a wrong-typed `Key` of an Update / Delete / ConditionCheck
 * ("The provided key element does not match the schema"), and, for TransactGetItems, an empty `Key`
 * (the code only; its message is not pinned). A Put item missing a key attribute cancels too (a user's
 * report of AWS's "[None, ValidationError]"; an emulator's fix checked against eu-west-2 says so).
 * When several actions have such a fault only the first gets the reason, every other action `None`
 * (the Alternator suite's test run against DynamoDB; the same emulator's fix).
 *
 * Unconfirmed, kept here and only here: that a `Key` with an extra attribute cancels like a missing or
 * wrong-typed one (GetItem gives the three one message, so one check is assumed); that a partition key
 * over 2048 bytes, a sort key over 1024 bytes or an index key over its limit cancel (the Alternator
 * suite's notes name "exceeding the size limit on a key" among the per-action validation errors) with
 * PutItem's messages; and TransactGetItems' messages, taken from GetItem.
 */
const CANCELLING = [
  'One or more parameter values were invalid: Type mismatch for key ',
  'One or more parameter values were invalid: Type mismatch for Index Key ',
  'One or more parameter values were invalid: Missing the key ',
  'The provided key element does not match the schema',
  'One or more parameter values were invalid: Size of hashkey has exceeded ',
  'One or more parameter values were invalid: Aggregated size of all range keys has exceeded ',
  'One or more parameter values were invalid: Size limit exceeded for Index Key ',
];

/** The reason an action's key check failure gives, or undefined when the error fails the request. */
export function keyFaultReason(error: unknown): CancellationReason | undefined {
  if (!(error instanceof ServiceError) || error.code !== 'ValidationException') return undefined;
  if (!CANCELLING.some((prefix) => error.message.startsWith(prefix))) return undefined;
  return { Code: 'ValidationError', Message: error.message };
}

const NONE: CancellationReason = { Code: 'None' };

/**
 * Every action's key, as `keyOf` checks it, in action order. A fault that fails the request is thrown
 * as met, whichever action carries it; when only cancelling faults remain, the transaction is cancelled
 * with the first one's reason and `None` for every other action, before any duplicate-item check or
 * condition (DynamoDB checks the keys against the schemas first).
 */
export function actionKeys<A>(actions: readonly A[], keyOf: (action: A) => ItemKey): ItemKey[] {
  let first: { readonly index: number; readonly reason: CancellationReason } | undefined;
  const keys = actions.map((action, index) => {
    try {
      return keyOf(action);
    } catch (error) {
      const reason = keyFaultReason(error);
      if (reason === undefined) throw error;
      first ??= { index, reason };
      return undefined;
    }
  });
  if (first !== undefined) {
    const { index, reason } = first;
    throw transactionErrors.canceled(actions.map((_, i) => (i === index ? reason : NONE)));
  }
  return keys as ItemKey[];
}
