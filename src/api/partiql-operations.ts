/** DynamoDB's PartiQL operations (dynamodb-operations.ts): one chunk, imported on the first request for one. */
export { executeStatement } from '../table/operations/execute-statement.js';
export { batchExecuteStatement } from '../table/operations/batch-execute-statement.js';
export { executeTransaction } from '../table/operations/execute-transaction.js';
