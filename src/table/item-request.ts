import { tableErrors } from './errors.js';
import { ExpressionScope, checkPlaceholderMaps, expectedCondition, parseCondition, type Condition } from './expressions/index.js';
import type { ConditionalOperator, ConditionalWriteMembers, ExpectedAttributeValue } from './validation/common-shapes.js';
import type { AttributeValue } from './values/attribute-value.js';
import { normalizeValue, setOwn } from './values/normalize-value.js';
import { normalizeExpressionAttributeValues } from './values/validate-item.js';

/**
 * Semantic checks the item operations share, made after the input shape is checked and before the
 * table is looked up (as DynamoDB does): which parameter style a request uses, the placeholder maps,
 * and the data rules on attribute values.
 */

/** A request's placeholder maps. */
export interface ExpressionMembers {
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, AttributeValue>;
}

/**
 * Refuses a request that mixes legacy parameters (Expected, AttributeUpdates, AttributesToGet…) with
 * expressions, listing both in the order given.
 */
export function checkParameterStyle(
  input: object,
  legacy: readonly string[],
  expressions: readonly string[],
): void {
  const members = input as Record<string, unknown>;
  const usedLegacy = legacy.filter((name) => members[name] !== undefined);
  if (usedLegacy.length === 0) return;
  const usedExpressions = expressions.filter((name) => members[name] !== undefined);
  if (usedExpressions.length === 0) return;
  throw tableErrors.validation(
    'Can not use both expression and non-expression parameters in the same request: ' +
      `Non-expression parameters: {${usedLegacy.join(', ')}} Expression parameters: {${usedExpressions.join(', ')}}`,
  );
}

/**
 * Placeholder maps need an expression to be used in: names any expression, values one that takes
 * values (`valueExpressions`, named in DynamoDB's message: "UpdateExpression and ConditionExpression
 * are null"). Empty maps are refused later, by the scope, as DynamoDB checks them after these.
 */
export function checkPlaceholdersHaveExpressions(
  input: ExpressionMembers,
  expressions: readonly string[],
  valueExpressions: readonly string[],
): void {
  const members = input as Record<string, unknown>;
  if (input.ExpressionAttributeNames !== undefined && !expressions.some((name) => members[name] !== undefined)) {
    throw tableErrors.validation('ExpressionAttributeNames can only be specified when using expressions');
  }
  if (input.ExpressionAttributeValues !== undefined && !valueExpressions.some((name) => members[name] !== undefined)) {
    const verb = valueExpressions.length > 1 ? 'are' : 'is';
    throw tableErrors.validation(
      `ExpressionAttributeValues can only be specified when using expressions: ${valueExpressions.join(' and ')} ${verb} null`,
    );
  }
}

/**
 * The scope placeholders of this request resolve through: checks the maps (empty, key syntax) and
 * applies the data rules to the values, which are kept canonical (numbers normalised).
 */
export function expressionScope(input: ExpressionMembers): ExpressionScope {
  const { ExpressionAttributeNames: names, ExpressionAttributeValues: values } = input;
  if (names === undefined && values === undefined) return new ExpressionScope();
  // The scope checks emptiness and key syntax before the values' contents are looked at.
  checkPlaceholderMaps(names, values);
  return new ExpressionScope(names, values === undefined ? undefined : normalizeExpressionAttributeValues(values));
}

const CONDITION_LEGACY = ['Expected', 'ConditionalOperator'] as const;
const CONDITION_EXPRESSIONS = ['ConditionExpression'] as const;

/** Style and placeholder checks of a conditional write (PutItem, DeleteItem), made before its values'. */
export function checkConditionStyle(input: ConditionalWriteMembers): void {
  checkParameterStyle(input, CONDITION_LEGACY, CONDITION_EXPRESSIONS);
  checkPlaceholdersHaveExpressions(input, CONDITION_EXPRESSIONS, CONDITION_EXPRESSIONS);
}

/**
 * The condition of a conditional write, parsed once: from ConditionExpression (placeholders checked
 * and all required to be used) or converted from the legacy Expected / ConditionalOperator.
 */
export function writeCondition(input: ConditionalWriteMembers): Condition | undefined {
  if (input.ConditionExpression === undefined) {
    return input.Expected === undefined ? undefined : legacyCondition(input.Expected, input.ConditionalOperator);
  }
  const scope = expressionScope(input);
  const condition = parseCondition(input.ConditionExpression, scope);
  scope.assertAllUsed();
  return condition;
}

/** The legacy Expected (+ ConditionalOperator) as a condition, its values under the data rules. */
export function legacyCondition(
  expected: Record<string, ExpectedAttributeValue>,
  operator: ConditionalOperator | undefined,
): Condition | undefined {
  const normalized: Record<string, ExpectedAttributeValue> = {};
  for (const name of Object.keys(expected)) {
    const entry = expected[name]!;
    setOwn(normalized, name, {
      ...entry,
      ...(entry.Value !== undefined && { Value: normalizeValue(entry.Value) }),
      ...(entry.AttributeValueList !== undefined && { AttributeValueList: entry.AttributeValueList.map((v) => normalizeValue(v)) }),
    });
  }
  return expectedCondition(normalized, operator);
}
