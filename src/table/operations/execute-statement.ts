import { executeSelect } from '../partiql/read-statement.js';
import { executeWrite } from '../partiql/execute-write.js';
import { partiqlErrors } from '../partiql/partiql-errors.js';
import { parseStatement } from '../partiql/statement-parser.js';
import { planWrite } from '../partiql/write-statement.js';
import type { TableContext } from '../table-context.js';
import { checkExecuteStatement } from '../validation/execute-statement.js';

/**
 * ExecuteStatement: one PartiQL statement. A SELECT reads as a Query or a Scan (paged with Limit and
 * NextToken); INSERT, UPDATE and DELETE write one item through the one write path, answering `Items`
 * with the RETURNING item when asked for.
 */
export async function executeStatement(ctx: TableContext, body: unknown): Promise<unknown> {
  const { input, parameters } = checkExecuteStatement(body);
  const statement = parseStatement(input.Statement, parameters);
  if (statement.kind === 'select') {
    return executeSelect(ctx, statement, {
      limit: input.Limit,
      consistentRead: input.ConsistentRead === true,
      nextToken: input.NextToken,
      returnConsumedCapacity: input.ReturnConsumedCapacity,
    });
  }
  if (statement.kind === 'exists') throw partiqlErrors.existsOutsideTransaction();
  const planned = await planWrite(ctx, statement, input.ReturnValuesOnConditionCheckFailure);
  const { item, consumed } = await executeWrite(ctx, planned, input.ReturnConsumedCapacity);
  return { Items: item === undefined ? [] : [item], ...(consumed && { ConsumedCapacity: consumed }) };
}
