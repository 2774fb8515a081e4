import type { IncomingMessage } from 'node:http';
import { dynamodbService } from '../api/dynamodb-service.js';
import type { JsonService } from '../api/json-service.js';
import type { Deployment } from '../shared/arns.js';
import { systemClock } from '../shared/clock.js';
import type { StorageEngine } from '../storage/engine.js';
import { TableCatalog, type TableEntry } from '../table/table-catalog.js';

const TARGET_PREFIX = 'DynamoDB_20120810.';

/**
 * What a request process answers itself: DynamoDB operations that only read items or names. Not DescribeTable,
 * which starts pending index backfills (the primary's to run), nor TransactGetItems, whose snapshot is the
 * engine's write call with nothing to write: on SQLite that takes the writer's lock, which a read-only
 * connection cannot (and should not: the primary's writer would wait on it).
 */
const LOCAL_OPERATIONS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'ListTables']);
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
 * A catalog that reads each definition from storage when asked: the tables are the primary's to create,
 * change and delete, so no definition cached here could be trusted to be current. Its read is one primary-key
 * lookup, beside the item read it serves.
 */
class StoredCatalog extends TableCatalog {
  override find(name: string): Promise<TableEntry | undefined> {
    return this.refresh(name);
  }
}

/** DynamoDB's service as the primary builds it, restricted to the operations answered here. */
export function localReads(engine: StorageEngine, deployment: Deployment): JsonService {
  const service = dynamodbService({ engine, catalog: new StoredCatalog(engine), clock: systemClock, deployment });
  return { ...service, operations: new Map([...service.operations].filter(([name]) => LOCAL_OPERATIONS.has(name))) };
}
