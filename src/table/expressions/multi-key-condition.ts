import { tableErrors } from '../errors.js';
import type { KeyAttribute, KeyShape } from '../table-definition.js';
import { typeOf, type AttributeValue } from '../values/attribute-value.js';
import type { KeyCondition, KeyConditionTerm, SortKeyOperator } from './key-condition.js';

/**
 * Query key conditions on a GSI whose partition or sort key has several attributes (DynamoDB's
 * multi-attribute keys, 2025), from KeyConditionExpression or legacy KeyConditions alike.
 *
 * Confirmed (developer guide, "Multi-attribute keys pattern"; moto's tests marked aws_verified, run
 * against DynamoDB):
 * - every partition-key attribute needs an equality condition; a missing one or an inequality fails;
 * - sort-key attributes are used left to right from the first, stopping anywhere; skipping one fails,
 *   and the message names the skipped attribute (moto, aws_verified);
 * - every used sort-key attribute but the last takes `=`; the last may take =, <, <=, >, >=, BETWEEN
 *   or begins_with (begins_with counts as an inequality); a condition after an inequality fails;
 * - legacy KeyConditions follow the same rules (moto, aws_verified);
 * - all these are ValidationExceptions.
 * Unconfirmed, so kept to the wording DynamoDB uses for single-attribute keys: a missing partition
 * attribute is "Query condition missed key schema element: <first missing>"; a skipped sort attribute
 * "Query condition missed key schema element: <first skipped>" (the guide's sample output shows
 * "Query key condition not supported" for that case instead); an inequality on a partition attribute,
 * a condition after an inequality, or a condition on a non-key attribute "Query key condition not
 * supported"; a wrong value type "Condition parameter type does not match schema type".
 */

/** Key conditions on at most this many attributes: four partition-key and four sort-key ones. */
export const MAX_KEY_CONDITIONS = 8;

const SORT_OPERATORS: ReadonlySet<string> = new Set(['EQ', 'LT', 'LE', 'GT', 'GE', 'BETWEEN', 'BEGINS_WITH']);

export function bindMultiKeyCondition(terms: readonly KeyConditionTerm[], key: KeyShape): KeyCondition {
  const partitionAttributes = key.partitionAttributes ?? [key.partition];
  const sortAttributes = key.sortAttributes ?? (key.sort ? [key.sort] : []);
  const byName = new Map(terms.map((term) => [term.name, term]));
  const partitionValues: AttributeValue[] = [];
  for (const attribute of partitionAttributes) {
    const term = byName.get(attribute.name);
    if (term === undefined) throw tableErrors.validation(`Query condition missed key schema element: ${attribute.name}`);
    if (term.op !== 'EQ') throw notSupported();
    partitionValues.push(checkTypes(term, attribute)[0]!);
  }
  const used = sortAttributes.filter((attribute) => byName.has(attribute.name));
  if (partitionAttributes.length + used.length !== terms.length) {
    // A condition on an attribute of no key part.
    const skipped = sortAttributes.find((attribute) => !byName.has(attribute.name));
    throw skipped === undefined ? notSupported() : missed(skipped);
  }
  used.forEach((attribute, i) => {
    if (attribute !== sortAttributes[i]) throw missed(sortAttributes[i]!);
  });
  const condition: KeyCondition = { partition: { name: key.partition.name, value: partitionValues[0]! }, partitionValues };
  if (used.length === 0) return condition;
  const sortTerms = used.map((attribute) => byName.get(attribute.name)!);
  const last = sortTerms[sortTerms.length - 1]!;
  if (sortTerms.some((term) => term !== last && term.op !== 'EQ') || !SORT_OPERATORS.has(last.op)) throw notSupported();
  condition.sortPrefix = sortTerms.slice(0, -1).map((term, i) => checkTypes(term, used[i]!)[0]!);
  condition.sort = { name: last.name, op: last.op as SortKeyOperator, values: checkTypes(last, used[used.length - 1]!) };
  return condition;
}

function checkTypes(term: KeyConditionTerm, attribute: KeyAttribute): AttributeValue[] {
  if (term.values.some((value) => typeOf(value) !== attribute.type)) {
    throw tableErrors.validation('One or more parameter values were invalid: Condition parameter type does not match schema type');
  }
  return term.values;
}

const notSupported = () => tableErrors.validation('Query key condition not supported');
const missed = (attribute: KeyAttribute) => tableErrors.validation(`Query condition missed key schema element: ${attribute.name}`);
