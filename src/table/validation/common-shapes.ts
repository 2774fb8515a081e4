import type { AttributeMap, AttributeValue } from '../values/attribute-value.js';
import { attributeMap, attributeValue, boolean, enumOf, list, map, string, structure, type StringShape } from './shape.js';

/** Shapes shared by several operations, with the constraints DynamoDB reports for them. */

export const NAME_PATTERN = '[a-zA-Z0-9_.-]+';

/**
 * TableName of item operations: constraints reported in the aggregated list. A table ARN is accepted
 * too; resolve it with `tableNameOf` (table-name.ts) before the lookup.
 */
export const tableNameShape = (): StringShape =>
  string({ notNull: true, pattern: NAME_PATTERN, minLength: 3, maxLength: 255, orTableArn: true });

/**
 * TableName of control-plane operations (CreateTable, DescribeTable, UpdateTable, DeleteTable,
 * DescribeTimeToLive): absence fails at once ("The parameter 'TableName' is required but was not
 * present in the request"); a bad length or pattern is reported in the aggregated list, as AWS does
 * today (older DynamoDB answered "TableName must be at least 3 characters long and at most 255
 * characters long"). All but CreateTable accept a table ARN as well.
 */
export const controlTableNameShape = (options: { arn: boolean } = { arn: true }): StringShape =>
  string({ required: true, pattern: NAME_PATTERN, minLength: 3, maxLength: 255, orTableArn: options.arn });

export type ReturnConsumedCapacity = 'INDEXES' | 'TOTAL' | 'NONE';
export const returnConsumedCapacityShape = () => enumOf(['INDEXES', 'TOTAL', 'NONE']);

export type ReturnItemCollectionMetrics = 'SIZE' | 'NONE';
export const returnItemCollectionMetricsShape = () => enumOf(['SIZE', 'NONE']);

export type ReturnValue = 'NONE' | 'ALL_OLD' | 'UPDATED_OLD' | 'ALL_NEW' | 'UPDATED_NEW';
export const returnValuesShape = () => enumOf(['ALL_NEW', 'UPDATED_OLD', 'ALL_OLD', 'NONE', 'UPDATED_NEW']);

export type ReturnValuesOnConditionCheckFailure = 'ALL_OLD' | 'NONE';
export const returnValuesOnConditionCheckFailureShape = () => enumOf(['ALL_OLD', 'NONE']);

export type ConditionalOperator = 'AND' | 'OR';
export const conditionalOperatorShape = () => enumOf(['OR', 'AND']);

export type ComparisonOperator =
  | 'EQ' | 'NE' | 'IN' | 'LE' | 'LT' | 'GE' | 'GT' | 'BETWEEN' | 'NOT_NULL' | 'NULL' | 'CONTAINS' | 'NOT_CONTAINS' | 'BEGINS_WITH';

/** Legacy `Expected` entry (PutItem, UpdateItem, DeleteItem). */
export interface ExpectedAttributeValue {
  Value?: AttributeValue;
  Exists?: boolean;
  ComparisonOperator?: ComparisonOperator;
  AttributeValueList?: AttributeValue[];
}

export const expectedShape = () =>
  map(
    structure('ExpectedAttributeValue', {
      AttributeValueList: list(attributeValue()),
      ComparisonOperator: enumOf(['IN', 'NULL', 'BETWEEN', 'LT', 'NOT_CONTAINS', 'EQ', 'GT', 'NOT_NULL', 'NE', 'LE', 'BEGINS_WITH', 'GE', 'CONTAINS']),
      Exists: boolean(),
      Value: attributeValue(),
    }),
  );

export const expressionAttributeValuesShape = () => attributeMap();
export const expressionAttributeNamesShape = () => map(string());

/** Members every conditional write shares. */
export interface ConditionalWriteMembers {
  ConditionExpression?: string;
  ConditionalOperator?: ConditionalOperator;
  Expected?: Record<string, ExpectedAttributeValue>;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: AttributeMap;
  ReturnConsumedCapacity?: ReturnConsumedCapacity;
  ReturnItemCollectionMetrics?: ReturnItemCollectionMetrics;
  ReturnValuesOnConditionCheckFailure?: ReturnValuesOnConditionCheckFailure;
}
