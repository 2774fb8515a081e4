import { tableErrors } from '../errors.js';
import type { Condition } from '../expressions/index.js';
import { checkConditionStyle, writeCondition } from '../item-request.js';
import type { AttributeMap } from '../values/attribute-value.js';
import { checkConditionalOperator, checkExpressionNamesNotEmpty, normalizeNamedItem } from './attribute-names.js';
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
import { attributeMap, string, structure } from './shape.js';

export interface DeleteItemInput extends ConditionalWriteMembers {
  TableName: string;
  Key: AttributeMap;
  ReturnValues?: ReturnValue;
}

/** DeleteItem's input; members in the order DynamoDB reports their violations. */
export const deleteItemShape = structure('DeleteItemInput', {
  ReturnConsumedCapacity: returnConsumedCapacityShape(),
  TableName: tableNameShape(),
  ReturnValues: returnValuesShape(),
  ReturnItemCollectionMetrics: returnItemCollectionMetricsShape(),
  Key: attributeMap({ notNull: true }),
  ConditionalOperator: conditionalOperatorShape(),
  Expected: expectedShape(),
  ConditionExpression: string(),
  ExpressionAttributeValues: expressionAttributeValuesShape(),
  ExpressionAttributeNames: expressionAttributeNamesShape(),
  ReturnValuesOnConditionCheckFailure: returnValuesOnConditionCheckFailureShape(),
});

/** Serialization and constraint checks of DeleteItem (semantic checks are added by the item operations). */
export function validateDeleteItem(input: unknown): DeleteItemInput {
  return checkInput<DeleteItemInput>(input, deleteItemShape);
}

/** A DeleteItem request after every check DynamoDB makes before looking up the table. */
export interface DeleteItemRequest {
  input: DeleteItemInput;
  /** The key with the data rules applied (numbers canonical). */
  key: AttributeMap;
  /** From ConditionExpression or the legacy Expected. */
  condition: Condition | undefined;
}

/** DeleteItem's shape checks, then its semantic checks in DynamoDB's order; parses the condition once. */
export function checkDeleteItem(body: unknown): DeleteItemRequest {
  const input = validateDeleteItem(body);
  checkConditionStyle(input);
  checkConditionalOperator(input.ConditionalOperator, input.Expected);
  const key = normalizeNamedItem(input.Key);
  if (input.ReturnValues !== undefined && input.ReturnValues !== 'NONE' && input.ReturnValues !== 'ALL_OLD') {
    throw tableErrors.validation('ReturnValues can only be ALL_OLD or NONE');
  }
  checkExpressionNamesNotEmpty(input);
  return { input, key, condition: writeCondition(input) };
}
