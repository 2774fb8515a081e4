import type { Clock } from '../shared/clock.js';
import type { Deployment } from '../shared/arns.js';
import type { StorageEngine } from '../storage/engine.js';
import type { TableCatalog, TableEntry } from './table-catalog.js';

/** What every DynamoDB operation receives: storage, the table catalog, time and where we are deployed. */
export interface TableContext {
  readonly engine: StorageEngine;
  readonly catalog: TableCatalog;
  readonly clock: Clock;
  readonly deployment: Deployment;
  /** Within an operation (withCurrentTables): the table definitions it was handed, which its writes name. */
  readonly lookups?: ReadonlyMap<number, TableEntry>;
}

/**
 * A DynamoDB operation: takes the parsed JSON request body (unvalidated — the operation validates it with
 * its checker in validation/) and returns the response body. Throws ServiceErrors for bad input.
 */
export type TableOperation = (ctx: TableContext, input: unknown) => Promise<unknown>;
