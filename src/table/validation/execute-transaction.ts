import type { AttributeValue } from '../values/attribute-value.js';
import { checkInput } from './check-input.js';
import {
  returnConsumedCapacityShape,
  returnValuesOnConditionCheckFailureShape,
  type ReturnConsumedCapacity,
  type ReturnValuesOnConditionCheckFailure,
} from './common-shapes.js';
import { normalizeParameters, parametersShape, statementShape } from './execute-statement.js';
import { list, string, structure } from './shape.js';
import { MAX_TRANSACT_ITEMS } from './transact-write-items.js';

export interface ParameterizedStatement {
  Statement: string;
  Parameters?: AttributeValue[];
  ReturnValuesOnConditionCheckFailure?: ReturnValuesOnConditionCheckFailure;
}

export interface ExecuteTransactionInput {
  TransactStatements: ParameterizedStatement[];
  ClientRequestToken?: string;
  ReturnConsumedCapacity?: ReturnConsumedCapacity;
}

export const executeTransactionShape = structure('ExecuteTransactionInput', {
  TransactStatements: list(
    structure('ParameterizedStatement', {
      Statement: statementShape(),
      Parameters: parametersShape(),
      ReturnValuesOnConditionCheckFailure: returnValuesOnConditionCheckFailureShape(),
    }),
    { notNull: true, minLength: 1, maxLength: MAX_TRANSACT_ITEMS },
  ),
  ClientRequestToken: string({ minLength: 1, maxLength: 36 }),
  ReturnConsumedCapacity: returnConsumedCapacityShape(),
});

/** ExecuteTransaction's shape checks, then every statement's parameters' data rules. */
export function checkExecuteTransaction(body: unknown): { input: ExecuteTransactionInput; parameters: AttributeValue[][] } {
  const input = checkInput<ExecuteTransactionInput>(body, executeTransactionShape);
  return { input, parameters: input.TransactStatements.map((s) => normalizeParameters(s.Parameters)) };
}
