import type { Condition } from '../expressions/index.js';
import { checkConditionStyle, writeCondition } from '../item-request.js';
import type { AttributeMap } from '../values/attribute-value.js';
import { MAX_ITEM_SIZE, itemSize } from '../values/item-size.js';
import { checkItemSize } from '../values/validate-item.js';
import { checkConditionalOperator, checkExpressionNamesNotEmpty, normalizeNamedItem } from './attribute-names.js';
import { tableErrors } from '../errors.js';
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

export interface PutItemInput extends ConditionalWriteMembers {
  TableName: string;
  Item: AttributeMap;
  ReturnValues?: ReturnValue;
}

/** PutItem's input; members in the order DynamoDB reports their violations. */
export const putItemShape = structure('PutItemInput', {
  ReturnConsumedCapacity: returnConsumedCapacityShape(),
  TableName: tableNameShape(),
  Item: attributeMap({ notNull: true }),
  ConditionalOperator: conditionalOperatorShape(),
  Expected: expectedShape(),
  ReturnValues: returnValuesShape(),
  ReturnItemCollectionMetrics: returnItemCollectionMetricsShape(),
  ConditionExpression: string(),
  ExpressionAttributeValues: expressionAttributeValuesShape(),
  ExpressionAttributeNames: expressionAttributeNamesShape(),
  ReturnValuesOnConditionCheckFailure: returnValuesOnConditionCheckFailureShape(),
});

/** Serialization and constraint checks of PutItem (semantic checks are added by the item operations). */
export function validatePutItem(input: unknown): PutItemInput {
  return checkInput<PutItemInput>(input, putItemShape);
}

/** A PutItem request after every check DynamoDB makes before looking up the table. */
export interface PutItemRequest {
  input: PutItemInput;
  /** The item with the data rules applied (numbers canonical). */
  item: AttributeMap;
  /** The item's DynamoDB size in bytes. */
  size: number;
  /** From ConditionExpression or the legacy Expected. */
  condition: Condition | undefined;
}

/** PutItem's shape checks, then its semantic checks in DynamoDB's order; parses the condition once. */
export function checkPutItem(body: unknown): PutItemRequest {
  const input = validatePutItem(body);
  checkConditionStyle(input);
  checkConditionalOperator(input.ConditionalOperator, input.Expected);
  const item = normalizeNamedItem(input.Item);
  if (input.ReturnValues !== undefined && input.ReturnValues !== 'NONE' && input.ReturnValues !== 'ALL_OLD') {
    throw tableErrors.validation('ReturnValues can only be ALL_OLD or NONE');
  }
  const size = itemSize(item);
  if (size > MAX_ITEM_SIZE) checkItemSize(item);
  checkExpressionNamesNotEmpty(input);
  return { input, item, size, condition: writeCondition(input) };
}
