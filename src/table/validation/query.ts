import {
  keyConditionTermsOf,
  keyConditionsFromLegacy,
  parseCondition,
  projectionOf,
  type Condition,
  type KeyConditionTerm,
  type LegacyCondition,
  type Projection,
} from '../expressions/index.js';
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
import {
  checkSelect,
  indexNameShape,
  legacyConditionsShape,
  legacyFilter,
  normalizeConditions,
  normalizeStartKey,
  selectShape,
  type Select,
} from './read-request.js';
import { attributeMap, boolean, integer, list, string, structure } from './shape.js';

export interface QueryInput {
  TableName: string;
  IndexName?: string;
  Select?: Select;
  AttributesToGet?: string[];
  Limit?: number;
  ConsistentRead?: boolean;
  KeyConditions?: Record<string, LegacyCondition>;
  QueryFilter?: Record<string, LegacyCondition>;
  ConditionalOperator?: ConditionalOperator;
  ScanIndexForward?: boolean;
  ExclusiveStartKey?: AttributeMap;
  ReturnConsumedCapacity?: ReturnConsumedCapacity;
  ProjectionExpression?: string;
  FilterExpression?: string;
  KeyConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: AttributeMap;
}

/** Query's input; members in the order DynamoDB reports their violations (dynalite's suite, run against AWS). */
export const queryShape = structure('QueryInput', {
  Limit: integer({ min: 1 }),
  ExclusiveStartKey: attributeMap(),
  ReturnConsumedCapacity: returnConsumedCapacityShape(),
  AttributesToGet: list(string(), { minLength: 1, maxLength: 255 }),
  QueryFilter: legacyConditionsShape(),
  Select: selectShape(),
  ConditionalOperator: conditionalOperatorShape(),
  KeyConditions: legacyConditionsShape(),
  TableName: tableNameShape(),
  ConsistentRead: boolean(),
  IndexName: indexNameShape(),
  ScanIndexForward: boolean(),
  KeyConditionExpression: string(),
  FilterExpression: string(),
  ProjectionExpression: string(),
  ExpressionAttributeValues: expressionAttributeValuesShape(),
  ExpressionAttributeNames: expressionAttributeNamesShape(),
});

/** A Query request after every check DynamoDB makes before looking up the table. */
export interface QueryRequest {
  input: QueryInput;
  /** One term per key attribute named, from KeyConditionExpression or legacy KeyConditions. */
  keyTerms: KeyConditionTerm[];
  /** Whether the terms came from legacy KeyConditions (their unsupported operators have their own message). */
  legacyKeys: boolean;
  /** From FilterExpression or legacy QueryFilter. */
  filter: Condition | undefined;
  /** Which parameter the filter came from, as DynamoDB names it in messages. */
  filterName: 'Filter Expression' | 'QueryFilter';
  projection: Projection | undefined;
  /** ExclusiveStartKey under the data rules. */
  startKey: AttributeMap | undefined;
}

const LEGACY = ['AttributesToGet', 'QueryFilter', 'ConditionalOperator', 'KeyConditions'] as const;
const LEGACY_BESIDE_KEY_CONDITIONS = ['AttributesToGet', 'QueryFilter', 'ConditionalOperator'] as const;
const EXPRESSIONS = ['ProjectionExpression', 'FilterExpression', 'KeyConditionExpression'] as const;
const VALUE_EXPRESSIONS = ['FilterExpression', 'KeyConditionExpression'] as const;
/** Query reports its Select conflicts as constraint violations (observed on AWS; Scan does not). */
const SELECT_PREFIX = '1 validation error detected: ';

/** Query's shape checks, then its semantic checks in DynamoDB's order; parses every expression once. */
export function checkQuery(body: unknown): QueryRequest {
  const input = checkInput<QueryInput>(body, queryShape);
  checkSelect(input, SELECT_PREFIX);
  // KeyConditions counts as a non-expression parameter only beside KeyConditionExpression: with a
  // FilterExpression or ProjectionExpression alone it is accepted (ExtendDB's suite run against
  // DynamoDB, tests/test_conditional_operator.py; dynalite's suite, also run against AWS, leaves it out
  // of the message when KeyConditionExpression is absent).
  checkParameterStyle(input, input.KeyConditionExpression === undefined ? LEGACY_BESIDE_KEY_CONDITIONS : LEGACY, EXPRESSIONS);
  checkConditionalOperator(input.ConditionalOperator, input.QueryFilter);
  checkPlaceholdersHaveExpressions(input, EXPRESSIONS, VALUE_EXPRESSIONS);
  let filter = legacyFilter(input.QueryFilter, input.ConditionalOperator);
  let projection = input.AttributesToGet === undefined ? undefined : attributesToGetPaths(input.AttributesToGet);
  const startKey = normalizeStartKey(input.ExclusiveStartKey);
  if (input.KeyConditions === undefined && input.KeyConditionExpression === undefined) {
    throw tableErrors.validation('Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.');
  }
  let keyTerms: KeyConditionTerm[] | undefined;
  if (EXPRESSIONS.some((name) => input[name] !== undefined)) {
    checkExpressionNamesNotEmpty(input);
    // One scope for every expression: a placeholder used by any of them counts as used.
    const scope = expressionScope(input);
    if (input.KeyConditionExpression !== undefined) keyTerms = keyConditionTermsOf(input.KeyConditionExpression, scope);
    if (input.FilterExpression !== undefined) filter = parseCondition(input.FilterExpression, scope, 'FilterExpression');
    if (input.ProjectionExpression !== undefined) projection = projectionOf(input.ProjectionExpression, scope, input.ExpressionAttributeNames);
    scope.assertAllUsed();
  }
  keyTerms ??= keyConditionsFromLegacy(normalizeConditions(input.KeyConditions!));
  return {
    input,
    keyTerms,
    legacyKeys: input.KeyConditionExpression === undefined,
    filter,
    filterName: input.QueryFilter !== undefined ? 'QueryFilter' : 'Filter Expression',
    projection,
    startKey,
  };
}
