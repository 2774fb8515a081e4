import { StaleTableError, type ItemWriteRequest } from '../storage/engine.js';
import { tableErrors } from './errors.js';
import type { TableEntry } from './table-catalog.js';
import type { TableContext } from './table-context.js';
import { withSharedTables } from './shared-tables.js';

/**
 * Which table definitions an operation decided against (issue 22). Each node caches definitions, so a GSI
 * or stream added on another node is unknown here until the cache is refreshed; the engine refuses a
 * write that names an older version than the stored one (StaleTableError), and the operation runs again.
 *
 * The definitions are those the operation's catalog handed it (find, require, refresh): each run gets a
 * context whose catalog notes them (TableCatalog.forOperation) in `lookups`. Passed in the context rather
 * than kept in AsyncLocalStorage, whose promise hooks cost every promise in the process, request or not.
 */

/** Runs of one operation before its refusal becomes an error: each run starts with a refreshed definition. */
const MAX_RUNS = 4;

/** `request` with each target naming the version of its table the operation looked up (none outside one). */
export function naming<R>(request: ItemWriteRequest<R>, seen: ReadonlyMap<number, TableEntry> | undefined): ItemWriteRequest<R> {
  if (seen === undefined || seen.size === 0) return request;
  return {
    targets: request.targets.map((target) => {
      const entry = seen.get(target.tableId);
      return entry === undefined ? target : { ...target, tableVersion: entry.version };
    }),
    decide: (current) => request.decide(current),
  };
}

/**
 * Runs `operation`, and again from the start with the table's definition read afresh when one of its
 * writes was decided against a replaced definition. A refused write wrote nothing, so the runs before
 * the last leave no trace. Nested calls (a statement of a batch) retry on their own. On an engine several
 * nodes share, reads are checked too, and a run that failed against a definition replaced meanwhile runs
 * again (shared-tables.ts); `stored`: there, the operation reads every definition from storage.
 */
export function withCurrentTables<T>(ctx: TableContext, operation: (ctx: TableContext) => Promise<T>, stored = false): Promise<T> {
  return ctx.engine.capabilities.sharedAcrossProcesses ? withSharedTables(ctx, operation, stored) : withLocalTables(ctx, operation);
}

/** withCurrentTables alone on the storage: only this node changes definitions, and its catalog sees each change. */
async function withLocalTables<T>(ctx: TableContext, operation: (ctx: TableContext) => Promise<T>): Promise<T> {
  for (let run = 1; ; run++) {
    const seen = new Map<number, TableEntry>();
    try {
      return await operation({ ...ctx, catalog: ctx.catalog.forOperation(seen), lookups: seen });
    } catch (error) {
      if (!(error instanceof StaleTableError)) throw error;
      const stale = seen.get(error.tableId);
      if (run >= MAX_RUNS || stale === undefined) {
        throw tableErrors.internal(`The definition of table ${stale?.name ?? error.tableId} kept changing while the request was decided; retry it`);
      }
      await ctx.catalog.refresh(stale.name);
    }
  }
}
