import { ServiceError } from '../../shared/service-error.js';
import type { TableDefinition } from '../table-definition.js';
import type { AttributeMap } from '../values/attribute-value.js';
import type { CancellationReason } from './transaction-errors.js';

/**
 * Which key faults of a TransactWriteItems action cancel the transaction (a `ValidationError` reason
 * for that action) and which fail the whole request (a ValidationException). AWS answers, as a public
 * conformance suite captured them (TransactWriteItems "exact error messages", eu-west-2 and three more
 * regions): a key or index-key value of the wrong type — scalar or not — in a Put item, a wrong-typed
 * index key an Update writes, and a wrong-typed `Key` of an Update / Delete / ConditionCheck cancel;
 * an empty key value fails the request. Faults those captures do not cover (a missing or extra key
 * attribute, an oversized key) stay request-level: unconfirmed.
 */

const PER_ACTION = ['One or more parameter values were invalid: Type mismatch for key ', 'One or more parameter values were invalid: Type mismatch for Index Key '];
const SCHEMA_MISMATCH = 'The provided key element does not match the schema';

/** The reason a Put item's key check failure gives, or undefined when the error fails the request. */
export function itemKeyReason(error: unknown): CancellationReason | undefined {
  if (!(error instanceof ServiceError) || error.code !== 'ValidationException') return undefined;
  if (!PER_ACTION.some((prefix) => error.message.startsWith(prefix))) return undefined;
  return { Code: 'ValidationError', Message: error.message };
}

/**
 * The reason of a `Key` that names exactly the table's key attributes with a value of another type,
 * or undefined (a well-typed key, or one with the wrong attributes: the request-level check decides).
 */
export function keyMapReason(table: TableDefinition, key: AttributeMap): CancellationReason | undefined {
  const attributes = table.key.sort ? [table.key.partition, table.key.sort] : [table.key.partition];
  let count = 0;
  for (const _ in key) count++;
  if (count !== attributes.length || !attributes.every((attribute) => Object.hasOwn(key, attribute.name))) return undefined;
  const mistyped = attributes.some((attribute) => !(attribute.type in key[attribute.name]!));
  return mistyped ? { Code: 'ValidationError', Message: SCHEMA_MISMATCH } : undefined;
}
