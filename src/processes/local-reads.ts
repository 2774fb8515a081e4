import type { IncomingMessage } from 'node:http';
import { dynamodbOperations } from '../api/dynamodb-operations.js';
import { dynamodbService, readsStoredDefinitions } from '../api/dynamodb-service.js';
import type { JsonService } from '../api/json-service.js';
import type { Deployment } from '../shared/arns.js';
import { systemClock } from '../shared/clock.js';
import type { StorageEngine } from '../storage/engine.js';
import { describeTableWith } from '../table/operations/describe-table.js';
import { TableCatalog } from '../table/table-catalog.js';
import type { TableContext, TableOperation } from '../table/table-context.js';
import { withCurrentTables } from '../table/table-versions.js';
import { CheckedCatalog } from './checked-catalog.js';

const TARGET_PREFIX = 'DynamoDB_20120810.';

/**
 * What a request process answers itself: DynamoDB operations that only read items, names or definitions.
 * TransactGetItems reads its snapshot with engine.readItems (a read transaction the read-only connection can
 * take). DescribeTable leaves the index backfills it would start to the main process (describedTable). Not
 * DescribeContinuousBackups: its restore window is on Eddy's clock, which `eddy time` moves in the main process
 * only (a request process has the wall clock).
 */
const LOCAL_OPERATIONS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems', 'ListTables', 'DescribeTable', 'DescribeTimeToLive', 'ListTagsOfResource']);
const LOCAL_TARGETS = new Set([...LOCAL_OPERATIONS].map((name) => TARGET_PREFIX + name));

/**
 * Whether a request is one a request process answers. Only the plain shape (a POST to `/` naming the
 * operation in X-Amz-Target): anything else, a presigned read among them, goes to the primary, which
 * answers every shape.
 */
export function servesLocally(req: IncomingMessage): boolean {
  const target = req.headers['x-amz-target'];
  return req.method === 'POST' && req.url === '/' && typeof target === 'string' && LOCAL_TARGETS.has(target);
}

/**
 * DynamoDB's service as the primary builds it, restricted to the operations answered here. `backfills` is told
 * of each table DescribeTable finds with an index still CREATING: its backfill is the main process's to run
 * (or resume, after a restart), as the main process's DescribeTable would.
 */
export function localReads(engine: StorageEngine, deployment: Deployment, backfills: (table: string) => void = () => undefined): JsonService {
  // On an engine several nodes share (PostgreSQL), definitions are checked as the main process checks them
  // (withCurrentTables: the item reads name the version they were handed, in their own statement; a definition no
  // read checked is checked after the run, and a changed one runs the request again). Alone on the storage
  // (SQLite), the catalog checks them itself: a statement in-process, none at all while nothing was committed,
  // which costs less than a run's bookkeeping.
  const shared = engine.capabilities.sharedAcrossProcesses;
  const catalog = shared ? new TableCatalog(engine) : new CheckedCatalog(engine);
  const ctx: TableContext = { engine, catalog, clock: systemClock, deployment };
  const run = (name: string, operation: TableOperation) =>
    shared
      ? (input: unknown) => withCurrentTables(ctx, (opCtx) => operation(opCtx, input), readsStoredDefinitions(name))
      : (input: unknown) => operation(ctx, input);
  const operations = new Map<string, (input: Record<string, unknown>) => Promise<unknown>>();
  for (const [name, operation] of Object.entries(dynamodbOperations)) if (LOCAL_OPERATIONS.has(name)) operations.set(name, run(name, operation));
  const describe = describeTableWith((_, table) => {
    if (table.definition.globalIndexes.some((index) => index.status === 'CREATING')) backfills(table.name);
  });
  operations.set('DescribeTable', run('DescribeTable', describe));
  return { ...dynamodbService(ctx), operations };
}
