import type { AttributeValue } from '../values/attribute-value.js';
import { checkInput } from './check-input.js';
import {
  returnConsumedCapacityShape,
  returnValuesOnConditionCheckFailureShape,
  type ReturnConsumedCapacity,
  type ReturnValuesOnConditionCheckFailure,
} from './common-shapes.js';
import { parametersShape, statementShape } from './execute-statement.js';
import { boolean, list, structure } from './shape.js';

/** Statements per BatchExecuteStatement, as BatchWriteItem (developer guide, "batch operations with PartiQL"). */
export const MAX_BATCH_STATEMENTS = 25;

export interface BatchStatementRequest {
  Statement: string;
  Parameters?: AttributeValue[];
  ConsistentRead?: boolean;
  ReturnValuesOnConditionCheckFailure?: ReturnValuesOnConditionCheckFailure;
}

export interface BatchExecuteStatementInput {
  Statements: BatchStatementRequest[];
  ReturnConsumedCapacity?: ReturnConsumedCapacity;
}

export const batchExecuteStatementShape = structure('BatchExecuteStatementInput', {
  Statements: list(
    structure('BatchStatementRequest', {
      Statement: statementShape(),
      Parameters: parametersShape(),
      ConsistentRead: boolean(),
      ReturnValuesOnConditionCheckFailure: returnValuesOnConditionCheckFailureShape(),
    }),
    { notNull: true, minLength: 1, maxLength: MAX_BATCH_STATEMENTS },
  ),
  ReturnConsumedCapacity: returnConsumedCapacityShape(),
});

/** BatchExecuteStatement's shape checks; each statement's own checks are its own answer. */
export function checkBatchExecuteStatement(body: unknown): BatchExecuteStatementInput {
  return checkInput<BatchExecuteStatementInput>(body, batchExecuteStatementShape);
}
