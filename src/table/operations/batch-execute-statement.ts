import { consumedCapacity, readUnits, type ConsumedCapacity, type ReturnConsumedCapacity } from '../capacity.js';
import { batchStatementError, type BatchStatementError } from '../partiql/batch-errors.js';
import { executeWrite } from '../partiql/execute-write.js';
import { keyedResult, planKeyedRead } from '../partiql/keyed-read.js';
import { partiqlErrors } from '../partiql/partiql-errors.js';
import type { Statement } from '../partiql/statement.js';
import { parseStatement } from '../partiql/statement-parser.js';
import { planWrite } from '../partiql/write-statement.js';
import type { TableContext } from '../table-context.js';
import { withCurrentTables } from '../table-versions.js';
import type { AttributeMap } from '../values/attribute-value.js';
import { checkBatchExecuteStatement, type BatchStatementRequest } from '../validation/batch-execute-statement.js';
import { normalizeParameters } from '../validation/execute-statement.js';

interface BatchStatementResponse {
  TableName?: string;
  Item?: AttributeMap;
  Error?: BatchStatementError;
}

/**
 * BatchExecuteStatement: up to 25 statements, all reads (each a SELECT of one item by its full key,
 * as BatchGetItem reads) or all writes (each run alone, not atomically, through the one write path).
 * A statement that fails answers its own Error entry; the request succeeds.
 */
export async function batchExecuteStatement(ctx: TableContext, body: unknown): Promise<unknown> {
  const input = checkBatchExecuteStatement(body);
  const parsed = input.Statements.map((request) => parse(request));
  const kinds = new Set(parsed.flatMap((p) => ('statement' in p ? [p.statement.kind === 'select' ? 'read' : 'write'] : [])));
  if (kinds.size > 1) throw partiqlErrors.mixedReadsAndWrites('batch');
  const capacity = new Map<string, number>();
  const responses: BatchStatementResponse[] = [];
  for (const [i, entry] of parsed.entries()) {
    if ('error' in entry) {
      responses.push({ Error: entry.error });
      continue;
    }
    const tableName = targetTable(entry.statement);
    try {
      // Each statement is its own write: one refused as stale runs again alone, not the statements before it.
      const statement = (statementCtx: TableContext) => run(statementCtx, entry.statement, input.Statements[i]!, input.ReturnConsumedCapacity, capacity);
      responses.push(await withCurrentTables(ctx, statement));
    } catch (error) {
      const failure = batchStatementError(error);
      if (failure === undefined) throw error;
      responses.push({ TableName: tableName, Error: failure });
    }
  }
  const kind = kinds.has('write') ? 'write' : 'read';
  return { Responses: responses, ...capacityMember(input.ReturnConsumedCapacity, kind, capacity) };
}

function parse(request: BatchStatementRequest): { statement: Statement } | { error: BatchStatementError } {
  try {
    return { statement: parseStatement(request.Statement, normalizeParameters(request.Parameters)) };
  } catch (error) {
    const failure = batchStatementError(error);
    if (failure === undefined) throw error;
    return { error: failure };
  }
}

async function run(
  ctx: TableContext,
  statement: Statement,
  request: BatchStatementRequest,
  mode: ReturnConsumedCapacity | undefined,
  capacity: Map<string, number>,
): Promise<BatchStatementResponse> {
  if (statement.kind === 'exists') throw partiqlErrors.existsOutsideTransaction();
  if (statement.kind === 'select') {
    const read = await planKeyedRead(ctx, statement, partiqlErrors.batchSelectKey);
    const stored = await ctx.engine.getItem(read.table.id, read.key);
    add(capacity, read.tableName, readUnits(stored?.size ?? 0, request.ConsistentRead === true));
    const item = keyedResult(read, stored);
    return item === undefined ? { TableName: read.tableName } : { TableName: read.tableName, Item: item };
  }
  const planned = await planWrite(ctx, statement, request.ReturnValuesOnConditionCheckFailure);
  const { item, consumed } = await executeWrite(ctx, planned, mode);
  if (consumed) add(capacity, planned.resolved.action.tableName, consumed.CapacityUnits);
  // A member's RETURNING clause is honoured, its item (when there is one) on the entry (recorded from AWS).
  const TableName = planned.resolved.action.tableName;
  return item === undefined ? { TableName } : { TableName, Item: item };
}

const targetTable = (statement: Statement): string => (statement.kind === 'exists' ? statement.select.target : statement.target).table;

function add(capacity: Map<string, number>, table: string, units: number): void {
  capacity.set(table, (capacity.get(table) ?? 0) + units);
}

/** ConsumedCapacity per table, as BatchGetItem / BatchWriteItem report it. */
function capacityMember(
  mode: ReturnConsumedCapacity | undefined,
  kind: 'read' | 'write',
  capacity: Map<string, number>,
): { ConsumedCapacity?: ConsumedCapacity[] } {
  if (mode === undefined || mode === 'NONE') return {};
  // Reads and writes never mix in one batch, so one kind covers every table.
  return { ConsumedCapacity: [...capacity].map(([name, units]) => consumedCapacity(mode, name, kind, units)!) };
}
