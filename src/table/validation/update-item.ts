import {
  attributeUpdatesPlan,
  parseCondition,
  parseUpdate,
  type Condition,
  type UpdatePlan,
} from '../expressions/index.js';
import { checkParameterStyle, checkPlaceholdersHaveExpressions, expressionScope, legacyCondition } from '../item-request.js';
import type { AttributeMap, AttributeValue } from '../values/attribute-value.js';
import { normalizeValue, setOwn } from '../values/normalize-value.js';
import { checkConditionalOperator, checkExpressionNamesNotEmpty, checkUpdateNames, normalizeNamedItem } from './attribute-names.js';
import { checkInput } from './check-input.js';
import {
  conditionalOperatorShape,
  expectedShape,
  expressionAttributeNamesShape,
  expressionAttributeValuesShape,
  returnConsumedCapacityShape,
  returnItemCollectionMetricsShape,
  returnValuesOnConditionCheckFailureShape,
  returnValuesShape,
  tableNameShape,
  type ConditionalWriteMembers,
  type ReturnValue,
} from './common-shapes.js';
import { attributeMap, attributeValue, map, string, structure } from './shape.js';

/** Legacy `AttributeUpdates` entry. */
export interface AttributeValueUpdate {
  Value?: AttributeValue;
  /** ADD | PUT | DELETE — DynamoDB checks the value semantically, not as an enum constraint. */
  Action?: string;
}

export interface UpdateItemInput extends ConditionalWriteMembers {
  TableName: string;
  Key: AttributeMap;
  AttributeUpdates?: Record<string, AttributeValueUpdate>;
  UpdateExpression?: string;
  ReturnValues?: ReturnValue;
}

/** UpdateItem's input; members in the order DynamoDB reports their violations. */
export const updateItemShape = structure('UpdateItemInput', {
  ReturnConsumedCapacity: returnConsumedCapacityShape(),
  TableName: tableNameShape(),
  ReturnItemCollectionMetrics: returnItemCollectionMetricsShape(),
  ReturnValues: returnValuesShape(),
  Key: attributeMap({ notNull: true }),
  ConditionalOperator: conditionalOperatorShape(),
  Expected: expectedShape(),
  AttributeUpdates: map(structure('AttributeValueUpdate', { Action: string(), Value: attributeValue() })),
  ConditionExpression: string(),
  UpdateExpression: string(),
  ExpressionAttributeValues: expressionAttributeValuesShape(),
  ExpressionAttributeNames: expressionAttributeNamesShape(),
  ReturnValuesOnConditionCheckFailure: returnValuesOnConditionCheckFailureShape(),
});

/** Serialization and constraint checks of UpdateItem (semantic checks are added by the item operations). */
export function validateUpdateItem(input: unknown): UpdateItemInput {
  return checkInput<UpdateItemInput>(input, updateItemShape);
}

/** An UpdateItem request after every check DynamoDB makes before looking up the table. */
export interface UpdateItemRequest {
  input: UpdateItemInput;
  /** The key with the data rules applied (numbers canonical). */
  key: AttributeMap;
  /** From UpdateExpression or the legacy AttributeUpdates; undefined when the request updates nothing. */
  update: UpdatePlan | undefined;
  /** From ConditionExpression or the legacy Expected. */
  condition: Condition | undefined;
}

const LEGACY = ['AttributeUpdates', 'Expected', 'ConditionalOperator'] as const;
const EXPRESSIONS = ['UpdateExpression', 'ConditionExpression'] as const;

/** UpdateItem's shape checks, then its semantic checks in DynamoDB's order; parses each expression once. */
export function checkUpdateItem(body: unknown): UpdateItemRequest {
  const input = validateUpdateItem(body);
  checkParameterStyle(input, LEGACY, EXPRESSIONS);
  checkConditionalOperator(input.ConditionalOperator, input.Expected);
  checkPlaceholdersHaveExpressions(input, EXPRESSIONS, EXPRESSIONS);
  const key = normalizeNamedItem(input.Key);
  let update: UpdatePlan | undefined;
  let condition: Condition | undefined;
  if (input.UpdateExpression !== undefined || input.ConditionExpression !== undefined) {
    checkExpressionNamesNotEmpty(input);
    // One scope for both expressions: a placeholder used by either counts as used.
    const scope = expressionScope(input);
    if (input.UpdateExpression !== undefined) update = parseUpdate(input.UpdateExpression, scope);
    if (input.ConditionExpression !== undefined) condition = parseCondition(input.ConditionExpression, scope);
    scope.assertAllUsed();
  }
  if (input.AttributeUpdates !== undefined) update = legacyUpdate(input.AttributeUpdates);
  if (input.Expected !== undefined) condition = legacyCondition(input.Expected, input.ConditionalOperator);
  return { input, key, update, condition };
}

/** The legacy AttributeUpdates as an update plan, its values under the data rules. */
function legacyUpdate(updates: Record<string, AttributeValueUpdate>): UpdatePlan {
  const normalized: Parameters<typeof attributeUpdatesPlan>[0] = {};
  for (const name of Object.keys(updates)) {
    const { Action, Value } = updates[name]!;
    setOwn(normalized, name, {
      ...(Action !== undefined && { Action: Action as 'PUT' | 'ADD' | 'DELETE' }),
      ...(Value !== undefined && { Value: normalizeValue(Value) }),
    });
  }
  checkUpdateNames(updates);
  return attributeUpdatesPlan(normalized);
}
