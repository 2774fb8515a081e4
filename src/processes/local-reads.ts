import type { IncomingMessage } from 'node:http';
import { dynamodbOperations } from '../api/dynamodb-operations.js';
import { dynamodbService } from '../api/dynamodb-service.js';
import type { JsonService } from '../api/json-service.js';
import type { Deployment } from '../shared/arns.js';
import { systemClock } from '../shared/clock.js';
import type { StorageEngine } from '../storage/engine.js';
import { describeTableWith } from '../table/operations/describe-table.js';
import type { TableContext, TableOperation } from '../table/table-context.js';
import { CheckedCatalog } from './checked-catalog.js';
import { withCheckedDefinitions } from './definition-checks.js';

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
  const catalog = new CheckedCatalog(engine);
  const ctx: TableContext = { engine, catalog, clock: systemClock, deployment };
  // Not the main process's table-version retries (withCurrentTables: they write nothing). Where the engine has
  // no change mark (PostgreSQL), the runs again of a request whose cached definition turned out changed, its
  // check made by its reads (definition-checks.ts); with one (SQLite), the catalog's own check, a statement
  // in-process and none at all while nothing was committed, costs less than a run's bookkeeping.
  const run = (operation: TableOperation) =>
    engine.changeMark === undefined
      ? (input: unknown) => withCheckedDefinitions(catalog, ctx, (checked) => operation(checked, input))
      : (input: unknown) => operation(ctx, input);
  const operations = new Map<string, (input: Record<string, unknown>) => Promise<unknown>>();
  for (const [name, operation] of Object.entries(dynamodbOperations)) if (LOCAL_OPERATIONS.has(name)) operations.set(name, run(operation));
  const describe = describeTableWith((_, table) => {
    if (table.definition.globalIndexes.some((index) => index.status === 'CREATING')) backfills(table.name);
  });
  operations.set('DescribeTable', run(describe));
  return { ...dynamodbService(ctx), operations };
}
