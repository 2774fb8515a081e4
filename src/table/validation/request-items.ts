import { coralErrors } from '../../shared/service-error.js';
import { MAX_REPORTED_ERRORS, collectConstraintErrors, formatValue } from './constraints.js';
import { deserialize } from './deserialize.js';
import { NAME_PATTERN } from './common-shapes.js';
import type { StructureShape } from './shape.js';
import { memberEntries } from './shape-plan.js';
import { validationMessage } from './check-input.js';

/**
 * Input checking of the batch operations, whose `RequestItems` map (table → requests) carries
 * constraints the generic checker cannot express: its keys are table names *or* table ARNs, and
 * BatchWriteItem bounds the length of each map value (a list). Same phases and order as
 * `checkInput`: deserialisation, required members, then constraints aggregated in member order, the
 * map's own constraints (length, keys, values) before its entries'.
 */

/** Constraints of the RequestItems map itself. */
export interface RequestItemsRules {
  /** The operation, named in the message for an empty map. */
  readonly operation: 'BatchGetItem' | 'BatchWriteItem';
  /** Bounds on each value's length (BatchWriteItem: 1 to 25 requests per table). */
  readonly valueLength?: { readonly min: number; readonly max: number };
}

const NAME_REGEX = new RegExp(`^(?:${NAME_PATTERN})$`, 'u');

/**
 * DynamoDB's (pre-ARN) wording for a bad table name as a map key; current AWS also accepts an ARN
 * there, whose wording for a bad one is unconfirmed, so ARNs are left to the table lookup.
 */
const KEY_CONSTRAINT =
  `Map keys must satisfy constraint: [Member must have length less than or equal to 255, ` +
  `Member must have length greater than or equal to 3, Member must satisfy regular expression pattern: ${NAME_PATTERN}]`;

/** Checks `body` against `shape`, whose `RequestItems` member is a map checked with `rules` as well. */
export function checkRequestItemsInput<T>(body: unknown, shape: StructureShape, rules: RequestItemsRules): T {
  const value = deserialize(body ?? {}, shape, 'field') as Record<string, unknown>;
  const members = memberEntries(shape);
  const items = value.RequestItems as Record<string, unknown> | undefined;
  // An empty map is refused on its own, not in the aggregated list (wording as reported by
  // emulators tested against AWS; unconfirmed here).
  if (items !== undefined && Object.keys(items).length === 0) {
    throw coralErrors.validation(`The requestItems parameter is required for ${rules.operation}`);
  }
  const errors: string[] = [];
  for (const member of members) {
    const [name] = member;
    if (name === 'RequestItems' && value[name] !== undefined) {
      errors.push(...mapErrors(value[name] as Record<string, unknown>, rules));
    }
    errors.push(...collectConstraintErrors(value, [member]));
  }
  if (errors.length > 0) throw coralErrors.validation(validationMessage(errors.slice(0, MAX_REPORTED_ERRORS)));
  return value as T;
}

function mapErrors(items: Record<string, unknown>, rules: RequestItemsRules): string[] {
  const errors: string[] = [];
  const names = Object.keys(items);
  const violation = (constraint: string) =>
    `Value '${formatValue(items)}' at 'requestItems' failed to satisfy constraint: ${constraint}`;
  for (const name of names) {
    if (name.startsWith('arn:')) continue;
    if (name.length < 3 || name.length > 255 || !NAME_REGEX.test(name)) errors.push(violation(KEY_CONSTRAINT));
  }
  const bounds = rules.valueLength;
  if (bounds) {
    for (const name of names) {
      const length = (items[name] as unknown[] | undefined)?.length ?? 0;
      if (length < bounds.min || length > bounds.max) {
        errors.push(
          violation(
            `Map value must satisfy constraint: [Member must have length less than or equal to ${bounds.max}, ` +
              `Member must have length greater than or equal to ${bounds.min}]`,
          ),
        );
      }
    }
  }
  return errors;
}
