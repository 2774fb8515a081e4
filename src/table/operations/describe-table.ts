import { tableErrors } from '../errors.js';
import { ensureIndexBackfills } from '../indexes/index-backfill.js';
import { tableDescription } from '../table-description.js';
import type { TableEntry } from '../table-catalog.js';
import type { TableContext, TableOperation } from '../table-context.js';
import { tableNameOf } from '../validation/table-name.js';
import { validateDescribeTable } from '../validation/describe-table.js';

/**
 * DescribeTable, which also starts the backfill of each index still CREATING that nothing here fills (one
 * a restart interrupted resumes when the table is next described: clients waiting for an index poll this).
 */
export const describeTable: TableOperation = describeTableWith(ensureIndexBackfills);

/**
 * DescribeTable with `backfills` told of the table it describes in place of ensureIndexBackfills: a request
 * process (`--processes N`), which fills no index, passes the table to the main process instead.
 */
export function describeTableWith(backfills: (ctx: TableContext, table: TableEntry) => void): TableOperation {
  return async (ctx, input) => {
    const request = validateDescribeTable(input);
    const TableName = tableNameOf(request.TableName, ctx.deployment, () => tableErrors.tableNotFound(request.TableName));
    const entry = await ctx.catalog.require(TableName);
    backfills(ctx, entry);
    const stats = await ctx.engine.tableStats(entry.id);
    const indexStats = await ctx.engine.indexStats(entry.id);
    return { Table: tableDescription(ctx.deployment, entry.definition, stats, 'ACTIVE', indexStats) };
  };
}
