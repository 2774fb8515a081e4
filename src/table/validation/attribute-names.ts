import { tableErrors } from '../errors.js';
import { attributesToGetProjection, type Path } from '../expressions/index.js';
import { expressionScope, type ExpressionMembers } from '../item-request.js';
import type { AttributeMap, AttributeValue } from '../values/attribute-value.js';
import { checkAttributeName } from '../values/attribute-name.js';
import { normalizeItem } from '../values/validate-item.js';

/**
 * The rules on attribute names the item operations share beyond the 64 KB limit (values/attribute-name.ts):
 * a name is never empty, AttributesToGet names each attribute once, and ConditionalOperator needs two
 * or more legacy conditions to join.
 *
 * DynamoDB Local's input converter (the code AWS's own answers below come from) turns every attribute
 * name it is given into an internal name through one function, which refuses an empty name and then
 * a name over 65 535 bytes: item and key names at any map depth, AttributeUpdates names, AttributesToGet
 * entries and the values of ExpressionAttributeNames.
 */

/**
 * DynamoDB's answer to an attribute named "" in an item, a key or AttributeUpdates: unconfirmed as the
 * whole wire message. It is the text DynamoDB Local's table of messages holds (EMPTY_ATTRIBUTE_NAME),
 * and AWS quotes exactly this text inside its ExpressionAttributeNames answer below; whether AWS adds a
 * prefix when the name is an item's is not recorded anywhere found.
 */
export const EMPTY_ATTRIBUTE_NAME = 'Empty attribute name';

/**
 * An ExpressionAttributeNames value of "": AWS's answer as applications check for it against AWS
 * ("ExpressionAttributeNames contains invalid value: Empty attribute name for key #DE"); DynamoDB Local
 * words it the same way (the name error wrapped with the placeholder).
 */
const emptyNameFor = (placeholder: string) =>
  tableErrors.validation(`ExpressionAttributeNames contains invalid value: ${EMPTY_ATTRIBUTE_NAME} for key ${placeholder}`);

/** normalizeItem, then no attribute named "" at any depth (DynamoDB converts values before names). */
export function normalizeNamedItem(item: AttributeMap): AttributeMap {
  const normalized = normalizeItem(item);
  if (hasEmptyName(normalized)) throw tableErrors.validation(EMPTY_ATTRIBUTE_NAME);
  return normalized;
}

function hasEmptyName(map: AttributeMap): boolean {
  for (const name of Object.keys(map)) {
    if (name === '' || nestedEmptyName(map[name]!)) return true;
  }
  return false;
}

function nestedEmptyName(value: AttributeValue): boolean {
  if ('M' in value && value.M !== undefined) return hasEmptyName(value.M);
  if ('L' in value && value.L !== undefined) return value.L.some(nestedEmptyName);
  return false;
}

/** The names of a legacy AttributeUpdates map, checked after their updates (as DynamoDB Local orders it). */
export function checkUpdateNames(updates: Record<string, unknown>): void {
  if (Object.hasOwn(updates, '')) throw tableErrors.validation(EMPTY_ATTRIBUTE_NAME);
}

/**
 * Legacy AttributesToGet as projection paths. Each name in turn: not empty, not over 64 KB (ScyllaDB's
 * test_limits.py, run against AWS, sees a ValidationException quoting the limit), not a repeat of an
 * earlier one ("One or more parameter values were invalid: Duplicate value in attribute name: a",
 * dynalite's suite as recorded on AWS). An empty list is the shape's length constraint.
 */
export function attributesToGetPaths(names: readonly string[]): Path[] {
  const seen = new Set<string>();
  for (const name of names) {
    if (name === '') throw tableErrors.validation(EMPTY_ATTRIBUTE_NAME);
    checkAttributeName(name);
    if (seen.has(name)) throw tableErrors.validation(`One or more parameter values were invalid: Duplicate value in attribute name: ${name}`);
    seen.add(name);
  }
  return attributesToGetProjection(names);
}

/**
 * An ExpressionAttributeNames value of "". DynamoDB checks the names' values after the maps' emptiness,
 * their keys' syntax and the values' contents, so those checks (the scope's) are made first.
 */
export function checkExpressionNamesNotEmpty(input: ExpressionMembers): void {
  const names = input.ExpressionAttributeNames;
  if (names === undefined) return;
  for (const placeholder of Object.keys(names)) {
    if (names[placeholder] !== '') continue;
    expressionScope(input);
    throw emptyNameFor(placeholder);
  }
}

/** Texts recorded on AWS by ExtendDB's dual-target suite (test_conditional_operator.py). */
const CONDITIONAL_OPERATOR_WITHOUT_CONDITIONS = 'ConditionalOperator cannot be used without Filter or Expected';
const CONDITIONAL_OPERATOR_WITH_ONE = 'ConditionalOperator can only be used when Filter or Expected has two or more elements';

/**
 * ConditionalOperator joins legacy conditions, so it needs two or more of them: without Expected
 * (PutItem, UpdateItem, DeleteItem) or QueryFilter / ScanFilter, or with an empty one, DynamoDB says so;
 * with a single condition it says that. Made after the expression-mixing check and, on Query, before
 * the check for a missing key condition (both as recorded on AWS).
 */
export function checkConditionalOperator(operator: string | undefined, conditions: object | undefined): void {
  if (operator === undefined) return;
  const count = conditions === undefined ? 0 : Object.keys(conditions).length;
  if (count === 0) throw tableErrors.validation(CONDITIONAL_OPERATOR_WITHOUT_CONDITIONS);
  if (count === 1) throw tableErrors.validation(CONDITIONAL_OPERATOR_WITH_ONE);
}
