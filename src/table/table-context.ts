import type { Clock } from '../shared/clock.js';
import type { Deployment } from '../shared/arns.js';
import type { StorageEngine } from '../storage/engine.js';
import type { TableCatalog } from './table-catalog.js';

/** What every DynamoDB operation receives: storage, the table catalog, time and where we are deployed. */
export interface TableContext {
  readonly engine: StorageEngine;
  readonly catalog: TableCatalog;
  readonly clock: Clock;
  readonly deployment: Deployment;
}

/**
 * A DynamoDB operation: takes the parsed JSON request body (unvalidated — the operation validates it with
 * its checker in validation/) and returns the response body. Throws ServiceErrors for bad input.
 */
export type TableOperation = (ctx: TableContext, input: unknown) => Promise<unknown>;
