import { ExpressionScope, projectionOf, type Projection } from '../expressions/index.js';
import { checkPlaceholdersHaveExpressions } from '../item-request.js';
import type { AttributeMap } from '../values/attribute-value.js';
import { checkExpressionNamesNotEmpty, normalizeNamedItem } from './attribute-names.js';
import { checkInput } from './check-input.js';
import { expressionAttributeNamesShape, returnConsumedCapacityShape, tableNameShape, type ReturnConsumedCapacity } from './common-shapes.js';
import { attributeMap, list, string, structure } from './shape.js';
import { MAX_TRANSACT_ITEMS } from './transact-write-items.js';

export interface TransactGetItemsInput {
  TransactItems: {
    Get: { Key: AttributeMap; TableName: string; ProjectionExpression?: string; ExpressionAttributeNames?: Record<string, string> };
  }[];
  ReturnConsumedCapacity?: ReturnConsumedCapacity;
}

export const transactGetItemsShape = structure('TransactGetItemsInput', {
  TransactItems: list(
    structure('TransactGetItem', {
      Get: structure(
        'Get',
        {
          Key: attributeMap({ notNull: true }),
          TableName: tableNameShape(),
          ProjectionExpression: string(),
          ExpressionAttributeNames: expressionAttributeNamesShape(),
        },
        { notNull: true },
      ),
    }),
    { notNull: true, minLength: 1, maxLength: MAX_TRANSACT_ITEMS },
  ),
  ReturnConsumedCapacity: returnConsumedCapacityShape(),
});

/** One Get after the checks made before any lookup. */
export interface TransactGet {
  tableName: string;
  key: AttributeMap;
  projection: Projection | undefined;
}

const EXPRESSIONS = ['ProjectionExpression'] as const;

/** TransactGetItems' shape checks, then each Get's placeholder and projection checks (as GetItem's). */
export function checkTransactGetItems(body: unknown): { input: TransactGetItemsInput; gets: TransactGet[] } {
  const input = checkInput<TransactGetItemsInput>(body, transactGetItemsShape);
  const gets = input.TransactItems.map(({ Get: get }) => {
    checkPlaceholdersHaveExpressions(get, EXPRESSIONS, []);
    let projection: Projection | undefined;
    if (get.ProjectionExpression !== undefined) {
      checkExpressionNamesNotEmpty(get);
      const scope = new ExpressionScope(get.ExpressionAttributeNames);
      projection = projectionOf(get.ProjectionExpression, scope, get.ExpressionAttributeNames);
      scope.assertAllUsed();
    }
    return { tableName: get.TableName, key: normalizeNamedItem(get.Key), projection };
  });
  return { input, gets };
}
