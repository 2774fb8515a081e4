import { coralErrors } from '../../shared/service-error.js';
import { collectConstraintErrors } from './constraints.js';
import { deserialize } from './deserialize.js';
import type { StructureShape } from './shape.js';
import { memberEntries } from './shape-plan.js';

/**
 * Checks a request body against an operation's input shape the way DynamoDB does, in DynamoDB's order:
 *
 * 1. deserialisation — a JSON value of the wrong kind anywhere fails with a SerializationException
 *    (first one found, in shape order);
 * 2. presence of `required` members ("The parameter 'TableName' is required but was not present in
 *    the request"), one at a time;
 * 3. constraints, aggregated: "2 validation errors detected: Value … at 'tableName' failed to satisfy
 *    constraint: …; Value null at 'key' failed to satisfy constraint: Member must not be null"
 *    (at most 10 listed).
 *
 * Returns the cleaned input (nulls removed, unknown members dropped) typed as `T`; the caller then
 * makes the operation's semantic checks. Throws ServiceErrors only.
 */
export function checkInput<T>(input: unknown, shape: StructureShape): T {
  // The HTTP layer hands over a parsed JSON object; an empty body reads as no members at all.
  // (Unconfirmed against AWS: what DynamoDB answers for a JSON array or scalar as the whole body.)
  const body = input === undefined || input === null ? {} : input;
  const value = deserialize(body, shape, 'field') as Record<string, unknown>;
  const members = memberEntries(shape);

  for (const [name, member] of members) {
    if (member.required && value[name] === undefined) {
      throw coralErrors.validation(`The parameter '${name}' is required but was not present in the request`);
    }
  }

  const errors = collectConstraintErrors(value, members);
  if (errors.length > 0) throw coralErrors.validation(validationMessage(errors));
  return value as T;
}

/** "1 validation error detected: …" / "N validation errors detected: …; …". */
export function validationMessage(errors: readonly string[]): string {
  const noun = errors.length === 1 ? 'error' : 'errors';
  return `${errors.length} validation ${noun} detected: ${errors.join('; ')}`;
}
