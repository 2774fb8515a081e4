import { createTable } from '../table/operations/create-table.js';
import { describeTable } from '../table/operations/describe-table.js';
import { listTables } from '../table/operations/list-tables.js';
import { updateTable } from '../table/operations/update-table.js';
import { deleteTable } from '../table/operations/delete-table.js';
import { describeTimeToLive } from '../table/operations/describe-time-to-live.js';
import { updateTimeToLive } from '../table/operations/update-time-to-live.js';
import { tagResource } from '../table/operations/tag-resource.js';
import { untagResource } from '../table/operations/untag-resource.js';
import { listTagsOfResource } from '../table/operations/list-tags-of-resource.js';
import { putResourcePolicy } from '../table/operations/put-resource-policy.js';
import { getResourcePolicy } from '../table/operations/get-resource-policy.js';
import { deleteResourcePolicy } from '../table/operations/delete-resource-policy.js';
import { createBackup } from '../table/operations/create-backup.js';
import { describeBackup } from '../table/operations/describe-backup.js';
import { listBackups } from '../table/operations/list-backups.js';
import { deleteBackup } from '../table/operations/delete-backup.js';
import { restoreTableFromBackup } from '../table/operations/restore-table-from-backup.js';
import { describeContinuousBackups } from '../table/operations/describe-continuous-backups.js';
import { updateContinuousBackups } from '../table/operations/update-continuous-backups.js';
import { restoreTableToPointInTime } from '../table/operations/restore-table-to-point-in-time.js';
import { describeLimits } from '../table/operations/describe-limits.js';
import { describeEndpoints } from '../table/operations/describe-endpoints.js';
import { putItem } from '../table/operations/put-item.js';
import { getItem } from '../table/operations/get-item.js';
import { updateItem } from '../table/operations/update-item.js';
import { deleteItem } from '../table/operations/delete-item.js';
import { query } from '../table/operations/query.js';
import { scan } from '../table/operations/scan.js';
import { batchGetItem } from '../table/operations/batch-get-item.js';
import { batchWriteItem } from '../table/operations/batch-write-item.js';
import { transactWriteItems } from '../table/operations/transact-write-items.js';
import { transactGetItems } from '../table/operations/transact-get-items.js';
import type { TableOperation } from '../table/table-context.js';
import { memoised } from './lazy-service.js';

/** PartiQL (its parser, planner and evaluation): only its requests need it, so it is imported (and evaluated) on the first. */
const partiql = memoised(() => import('./partiql-operations.js'));

/** DynamoDB_20120810.* operations by name. */
export const dynamodbOperations: Record<string, TableOperation> = {
  CreateTable: createTable,
  DescribeTable: describeTable,
  ListTables: listTables,
  UpdateTable: updateTable,
  DeleteTable: deleteTable,
  DescribeTimeToLive: describeTimeToLive,
  UpdateTimeToLive: updateTimeToLive,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsOfResource: listTagsOfResource,
  PutResourcePolicy: putResourcePolicy,
  GetResourcePolicy: getResourcePolicy,
  DeleteResourcePolicy: deleteResourcePolicy,
  CreateBackup: createBackup,
  DescribeBackup: describeBackup,
  ListBackups: listBackups,
  DeleteBackup: deleteBackup,
  RestoreTableFromBackup: restoreTableFromBackup,
  DescribeContinuousBackups: describeContinuousBackups,
  UpdateContinuousBackups: updateContinuousBackups,
  RestoreTableToPointInTime: restoreTableToPointInTime,
  DescribeLimits: describeLimits,
  DescribeEndpoints: describeEndpoints,
  PutItem: putItem,
  GetItem: getItem,
  UpdateItem: updateItem,
  DeleteItem: deleteItem,
  BatchGetItem: batchGetItem,
  BatchWriteItem: batchWriteItem,
  TransactWriteItems: transactWriteItems,
  TransactGetItems: transactGetItems,
  Query: query,
  Scan: scan,
  ExecuteStatement: async (ctx, input) => (await partiql()).executeStatement(ctx, input),
  BatchExecuteStatement: async (ctx, input) => (await partiql()).batchExecuteStatement(ctx, input),
  ExecuteTransaction: async (ctx, input) => (await partiql()).executeTransaction(ctx, input),
};
