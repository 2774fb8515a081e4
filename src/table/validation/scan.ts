import { parseCondition, projectionOf, type Condition, type LegacyCondition, type Projection } from '../expressions/index.js';
import { tableErrors } from '../errors.js';
import { checkParameterStyle, checkPlaceholdersHaveExpressions, expressionScope } from '../item-request.js';
import type { AttributeMap } from '../values/attribute-value.js';
import { attributesToGetPaths, checkConditionalOperator, checkExpressionNamesNotEmpty } from './attribute-names.js';
import { checkInput } from './check-input.js';
import {
  conditionalOperatorShape,
  expressionAttributeNamesShape,
  expressionAttributeValuesShape,
  returnConsumedCapacityShape,
  tableNameShape,
  type ConditionalOperator,
  type ReturnConsumedCapacity,
} from './common-shapes.js';
import { checkSelect, indexNameShape, legacyConditionsShape, legacyFilter, normalizeStartKey, selectShape, type Select } from './read-request.js';
import { attributeMap, boolean, integer, list, string, structure } from './shape.js';

export interface ScanInput {
  TableName: string;
  IndexName?: string;
  AttributesToGet?: string[];
  Limit?: number;
  Select?: Select;
  ScanFilter?: Record<string, LegacyCondition>;
  ConditionalOperator?: ConditionalOperator;
  ExclusiveStartKey?: AttributeMap;
  ReturnConsumedCapacity?: ReturnConsumedCapacity;
  TotalSegments?: number;
  Segment?: number;
  ProjectionExpression?: string;
  FilterExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: AttributeMap;
  ConsistentRead?: boolean;
}

/**
 * Scan's input; members in the order DynamoDB reports their violations (dynalite's suite, run
 * against AWS). Segment and TotalSegments bounds are the API reference's (0–999999, 1–1000000).
 */
export const scanShape = structure('ScanInput', {
  Limit: integer({ min: 1 }),
  ReturnConsumedCapacity: returnConsumedCapacityShape(),
  AttributesToGet: list(string(), { minLength: 1, maxLength: 255 }),
  Segment: integer({ min: 0, max: 999999 }),
  Select: selectShape(),
  ScanFilter: legacyConditionsShape(),
  ConditionalOperator: conditionalOperatorShape(),
  TotalSegments: integer({ min: 1, max: 1000000 }),
  TableName: tableNameShape(),
  ExclusiveStartKey: attributeMap(),
  IndexName: indexNameShape(),
  FilterExpression: string(),
  ProjectionExpression: string(),
  ExpressionAttributeValues: expressionAttributeValuesShape(),
  ExpressionAttributeNames: expressionAttributeNamesShape(),
  ConsistentRead: boolean(),
});

/** A Scan request after every check DynamoDB makes before looking up the table. */
export interface ScanRequest {
  input: ScanInput;
  /** From FilterExpression or legacy ScanFilter. */
  filter: Condition | undefined;
  projection: Projection | undefined;
  /** ExclusiveStartKey under the data rules. */
  startKey: AttributeMap | undefined;
  /** The parallel-scan segment asked for, if any. */
  segment: { segment: number; total: number } | undefined;
}

const LEGACY = ['AttributesToGet', 'ScanFilter', 'ConditionalOperator'] as const;
const EXPRESSIONS = ['ProjectionExpression', 'FilterExpression'] as const;
const VALUE_EXPRESSIONS = ['FilterExpression'] as const;

/** Scan's shape checks, then its semantic checks in DynamoDB's order; parses every expression once. */
export function checkScan(body: unknown): ScanRequest {
  const input = checkInput<ScanInput>(body, scanShape);
  checkSelect(input, '');
  checkParameterStyle(input, LEGACY, EXPRESSIONS);
  checkConditionalOperator(input.ConditionalOperator, input.ScanFilter);
  checkPlaceholdersHaveExpressions(input, EXPRESSIONS, VALUE_EXPRESSIONS);
  let projection = input.AttributesToGet === undefined ? undefined : attributesToGetPaths(input.AttributesToGet);
  let filter = legacyFilter(input.ScanFilter, input.ConditionalOperator);
  const startKey = normalizeStartKey(input.ExclusiveStartKey);
  const segment = checkSegment(input);
  if (input.FilterExpression !== undefined || input.ProjectionExpression !== undefined) {
    checkExpressionNamesNotEmpty(input);
    const scope = expressionScope(input);
    if (input.FilterExpression !== undefined) filter = parseCondition(input.FilterExpression, scope, 'FilterExpression');
    if (input.ProjectionExpression !== undefined) projection = projectionOf(input.ProjectionExpression, scope, input.ExpressionAttributeNames);
    scope.assertAllUsed();
  }
  return { input, filter, projection, startKey, segment };
}

/** Segment and TotalSegments go together, Segment below TotalSegments (messages as dynalite's suite saw them on AWS). */
function checkSegment(input: ScanInput): ScanRequest['segment'] {
  const { Segment: segment, TotalSegments: total } = input;
  if (segment === undefined && total === undefined) return undefined;
  if (total === undefined) {
    throw tableErrors.validation('The TotalSegments parameter is required but was not present in the request when Segment parameter is present');
  }
  if (segment === undefined) {
    throw tableErrors.validation('The Segment parameter is required but was not present in the request when parameter TotalSegments is present');
  }
  if (segment >= total) {
    throw tableErrors.validation(
      `The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: ${segment} is not less than TotalSegments: ${total}`,
    );
  }
  return { segment, total };
}
