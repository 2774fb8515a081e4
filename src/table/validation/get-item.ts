import { ExpressionScope, projectionOf, type Projection } from '../expressions/index.js';
import { checkParameterStyle, checkPlaceholdersHaveExpressions } from '../item-request.js';
import type { AttributeMap } from '../values/attribute-value.js';
import { attributesToGetPaths, checkExpressionNamesNotEmpty, normalizeNamedItem } from './attribute-names.js';
import { checkInput } from './check-input.js';
import {
  expressionAttributeNamesShape,
  returnConsumedCapacityShape,
  tableNameShape,
  type ReturnConsumedCapacity,
} from './common-shapes.js';
import { attributeMap, boolean, list, string, structure } from './shape.js';

export interface GetItemInput {
  TableName: string;
  Key: AttributeMap;
  AttributesToGet?: string[];
  ConsistentRead?: boolean;
  ReturnConsumedCapacity?: ReturnConsumedCapacity;
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
}

/** GetItem's input; members in the order DynamoDB reports their violations. */
export const getItemShape = structure('GetItemInput', {
  ReturnConsumedCapacity: returnConsumedCapacityShape(),
  AttributesToGet: list(string(), { minLength: 1, maxLength: 255 }),
  TableName: tableNameShape(),
  Key: attributeMap({ notNull: true }),
  ConsistentRead: boolean(),
  ProjectionExpression: string(),
  ExpressionAttributeNames: expressionAttributeNamesShape(),
});

/** Serialization and constraint checks of GetItem (semantic checks are added by the item operations). */
export function validateGetItem(input: unknown): GetItemInput {
  return checkInput<GetItemInput>(input, getItemShape);
}

/** A GetItem request after every check DynamoDB makes before looking up the table. */
export interface GetItemRequest {
  input: GetItemInput;
  /** The key with the data rules applied (numbers canonical). */
  key: AttributeMap;
  /** From ProjectionExpression or the legacy AttributesToGet; undefined returns the whole item. */
  projection: Projection | undefined;
}

const LEGACY = ['AttributesToGet'] as const;
const EXPRESSIONS = ['ProjectionExpression'] as const;
const NO_VALUE_EXPRESSIONS = [] as const;

/** GetItem's shape checks, then its semantic checks in DynamoDB's order; parses the projection once. */
export function checkGetItem(body: unknown): GetItemRequest {
  const input = validateGetItem(body);
  checkParameterStyle(input, LEGACY, EXPRESSIONS);
  checkPlaceholdersHaveExpressions(input, EXPRESSIONS, NO_VALUE_EXPRESSIONS);
  const key = normalizeNamedItem(input.Key);
  let projection: Projection | undefined;
  if (input.ProjectionExpression !== undefined) {
    checkExpressionNamesNotEmpty(input);
    const scope = new ExpressionScope(input.ExpressionAttributeNames);
    projection = projectionOf(input.ProjectionExpression, scope, input.ExpressionAttributeNames);
    scope.assertAllUsed();
  } else if (input.AttributesToGet !== undefined) {
    projection = attributesToGetPaths(input.AttributesToGet);
  }
  return { input, key, projection };
}
