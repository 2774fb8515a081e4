import { tableErrors } from '../errors.js';
import { ensureIndexBackfills } from '../indexes/index-backfill.js';
import { tableDescription } from '../table-description.js';
import type { TableContext } from '../table-context.js';
import { tableNameOf } from '../validation/table-name.js';
import { validateDescribeTable } from '../validation/describe-table.js';

export async function describeTable(ctx: TableContext, input: unknown): Promise<unknown> {
  const request = validateDescribeTable(input);
  const TableName = tableNameOf(request.TableName, ctx.deployment, () => tableErrors.tableNotFound(request.TableName));
  const entry = await ctx.catalog.require(TableName);
  ensureIndexBackfills(ctx, entry);
  const stats = await ctx.engine.tableStats(entry.id);
  const indexStats = await ctx.engine.indexStats(entry.id);
  return { Table: tableDescription(ctx.deployment, entry.definition, stats, 'ACTIVE', indexStats) };
}
