import { ExpressionScope, projectionOf, type Projection } from '../expressions/index.js';
import { tableErrors } from '../errors.js';
import { checkParameterStyle, checkPlaceholdersHaveExpressions } from '../item-request.js';
import type { AttributeMap } from '../values/attribute-value.js';
import { attributesToGetPaths, checkExpressionNamesNotEmpty, normalizeNamedItem } from './attribute-names.js';
import { expressionAttributeNamesShape, returnConsumedCapacityShape, type ReturnConsumedCapacity } from './common-shapes.js';
import { checkRequestItemsInput } from './request-items.js';
import { attributeMap, boolean, list, map, string, structure } from './shape.js';

/** Most keys one BatchGetItem may ask for, over all its tables. */
export const MAX_BATCH_GET_KEYS = 100;

/** One table's part of a BatchGetItem (also the shape of its UnprocessedKeys entry). */
export interface KeysAndAttributes {
  Keys: AttributeMap[];
  AttributesToGet?: string[];
  ConsistentRead?: boolean;
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
}

export interface BatchGetItemInput {
  RequestItems: Record<string, KeysAndAttributes>;
  ReturnConsumedCapacity?: ReturnConsumedCapacity;
}

export const batchGetItemShape = structure('BatchGetItemInput', {
  ReturnConsumedCapacity: returnConsumedCapacityShape(),
  RequestItems: map(
    structure('KeysAndAttributes', {
      AttributesToGet: list(string(), { minLength: 1, maxLength: 255 }),
      Keys: list(attributeMap(), { notNull: true, minLength: 1, maxLength: MAX_BATCH_GET_KEYS }),
      ConsistentRead: boolean(),
      ProjectionExpression: string(),
      ExpressionAttributeNames: expressionAttributeNamesShape(),
    }),
    { notNull: true },
  ),
});

/** One table's keys after the checks made before any lookup. */
export interface BatchGetTable {
  /** As the request named it (a name or an ARN): the key of Responses and UnprocessedKeys. */
  tableName: string;
  /** The request's entry as sent, echoed in UnprocessedKeys. */
  request: KeysAndAttributes;
  /** The keys with the data rules applied, in request order. */
  keys: AttributeMap[];
  projection: Projection | undefined;
}

const LEGACY = ['AttributesToGet'] as const;
const EXPRESSIONS = ['ProjectionExpression'] as const;

/** BatchGetItem's shape checks, then each table's semantic checks (as GetItem's), then the key count. */
export function checkBatchGetItem(body: unknown): { input: BatchGetItemInput; tables: BatchGetTable[] } {
  const input = checkRequestItemsInput<BatchGetItemInput>(body, batchGetItemShape, { operation: 'BatchGetItem' });
  const tables: BatchGetTable[] = [];
  let count = 0;
  for (const tableName of Object.keys(input.RequestItems)) {
    const request = input.RequestItems[tableName]!;
    checkParameterStyle(request, LEGACY, EXPRESSIONS);
    checkPlaceholdersHaveExpressions(request, EXPRESSIONS, []);
    let projection: Projection | undefined;
    if (request.ProjectionExpression !== undefined) {
      checkExpressionNamesNotEmpty(request);
      const scope = new ExpressionScope(request.ExpressionAttributeNames);
      projection = projectionOf(request.ProjectionExpression, scope, request.ExpressionAttributeNames);
      scope.assertAllUsed();
    } else if (request.AttributesToGet !== undefined) {
      projection = attributesToGetPaths(request.AttributesToGet);
    }
    const keys = request.Keys.map((key) => normalizeNamedItem(key));
    count += keys.length;
    tables.push({ tableName, request, keys, projection });
  }
  // Each table's list is held to 100 by its constraint; the sum over tables has its own message.
  if (count > MAX_BATCH_GET_KEYS) throw tableErrors.validation('Too many items requested for the BatchGetItem call');
  return { input, tables };
}
