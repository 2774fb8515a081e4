import { tableErrors } from '../errors.js';
import { startIndexBackfill } from '../indexes/index-backfill.js';
import { kmsKeyArn } from '../kms-key-arn.js';
import { tableDescription } from '../table-description.js';
import type { TableContext } from '../table-context.js';
import { tableNameOf } from '../validation/table-name.js';
import { applyTableUpdate } from '../table-update.js';
import { validateUpdateTable } from '../validation/update-table.js';

/** UpdateTable: validated, then decided against the current definition in one catalog transaction. */
export async function updateTable(ctx: TableContext, input: unknown): Promise<unknown> {
  const request = validateUpdateTable(input);
  const now = ctx.clock.now();
  const name = tableNameOf(request.TableName, ctx.deployment, () => tableErrors.tableNotFound(request.TableName));
  let before: string[] = [];
  const updated = await ctx.catalog.update(name, (current) => {
    before = current.definition.globalIndexes.map((index) => index.name);
    return applyTableUpdate(current.definition, request, now, (keyId) => kmsKeyArn(ctx.deployment, keyId));
  });
  if (!updated) throw tableErrors.tableNotFound(name);
  const after = updated.definition.globalIndexes.map((index) => index.name);
  for (const removed of before.filter((index) => !after.includes(index))) await ctx.engine.deleteIndexEntries(updated.id, removed);
  for (const added of after.filter((index) => !before.includes(index))) void startIndexBackfill(ctx, updated.name, updated.id, added);
  const stats = await ctx.engine.tableStats(updated.id);
  const indexStats = await ctx.engine.indexStats(updated.id);
  return { TableDescription: tableDescription(ctx.deployment, updated.definition, stats, 'ACTIVE', indexStats) };
}
