import { tableErrors } from '../table/errors.js';
import type { TableContext } from '../table/table-context.js';
import { withCurrentTables } from '../table/table-versions.js';
import { dynamodbOperations } from './dynamodb-operations.js';
import type { JsonService } from './json-service.js';

/**
 * Item reads, which write nothing and so, alone on the storage, need not note the table versions they decided
 * with (the per-operation context of withCurrentTables costs a few percent of a GetItem's CPU).
 */
const ITEM_READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);

/**
 * The operations on items, whose catalog hands cached definitions out on an engine several nodes share (their
 * reads and writes check them); every other operation's answer is about the definition, read from storage.
 */
const ITEM_OPERATIONS = new Set([
  ...ITEM_READS,
  'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems', 'ExecuteStatement', 'BatchExecuteStatement', 'ExecuteTransaction',
]);

/** Whether an operation's answer is about table definitions, which it reads from storage on an engine several nodes share. */
export function readsStoredDefinitions(operation: string): boolean {
  return !ITEM_OPERATIONS.has(operation);
}

/** DynamoDB's JSON 1.0 front: `X-Amz-Target: DynamoDB_20120810.<Operation>`. */
export function dynamodbService(ctx: TableContext): JsonService {
  const operations = new Map<string, (input: Record<string, unknown>) => Promise<unknown>>();
  // Several nodes: every operation, item reads too, checks the definitions it used (withCurrentTables).
  const shared = ctx.engine.capabilities.sharedAcrossProcesses;
  for (const [name, operation] of Object.entries(dynamodbOperations)) {
    const stored = readsStoredDefinitions(name);
    operations.set(
      name,
      ITEM_READS.has(name) && !shared
        ? (input) => operation(ctx, input)
        : (input) => withCurrentTables(ctx, (opCtx) => operation(opCtx, input), stored),
    );
  }
  return { targetPrefix: 'DynamoDB_20120810', signingName: 'dynamodb', operations, internalError: () => tableErrors.internal(),
    // Past the JSON limit, the one thing in a DynamoDB request that nests without end is an attribute value.
    tooDeep: () => tableErrors.nestingTooDeep(),
  };
}
