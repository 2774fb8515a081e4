import type { AttributeValue } from '../values/attribute-value.js';
import { normalizeValue } from '../values/normalize-value.js';
import { checkInput } from './check-input.js';
import {
  returnConsumedCapacityShape,
  returnValuesOnConditionCheckFailureShape,
  type ReturnConsumedCapacity,
  type ReturnValuesOnConditionCheckFailure,
} from './common-shapes.js';
import { attributeValue, boolean, integer, list, string, structure } from './shape.js';

/** A PartiQL statement's text: 1 to 8192 characters (botocore's PartiQLStatement). */
export const statementShape = () => string({ notNull: true, minLength: 1, maxLength: 8192 });
/** Positional parameters: at least one when the member is sent (`Parameters: []` is refused). */
export const parametersShape = () => list(attributeValue(), { minLength: 1 });

export interface ExecuteStatementInput {
  Statement: string;
  Parameters?: AttributeValue[];
  ConsistentRead?: boolean;
  NextToken?: string;
  ReturnConsumedCapacity?: ReturnConsumedCapacity;
  Limit?: number;
  ReturnValuesOnConditionCheckFailure?: ReturnValuesOnConditionCheckFailure;
}

/** ExecuteStatement's input, members in botocore's order. */
export const executeStatementShape = structure('ExecuteStatementInput', {
  Statement: statementShape(),
  Parameters: parametersShape(),
  ConsistentRead: boolean(),
  NextToken: string({ minLength: 1, maxLength: 32768 }),
  ReturnConsumedCapacity: returnConsumedCapacityShape(),
  Limit: integer({ min: 1 }),
  ReturnValuesOnConditionCheckFailure: returnValuesOnConditionCheckFailureShape(),
});

/** Parameters under the data rules (numbers canonical), in order. */
export const normalizeParameters = (parameters: readonly AttributeValue[] | undefined): AttributeValue[] =>
  (parameters ?? []).map((value) => normalizeValue(value));

/** ExecuteStatement's shape checks, then its parameters' data rules. */
export function checkExecuteStatement(body: unknown): { input: ExecuteStatementInput; parameters: AttributeValue[] } {
  const input = checkInput<ExecuteStatementInput>(body, executeStatementShape);
  return { input, parameters: normalizeParameters(input.Parameters) };
}
