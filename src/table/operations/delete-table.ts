import { deletedTableBackup } from '../backups/system-backup.js';
import { tableErrors } from '../errors.js';
import { tableDescription } from '../table-description.js';
import type { TableContext } from '../table-context.js';
import { tableNameOf } from '../validation/table-name.js';
import { validateDeleteTable } from '../validation/delete-table.js';

/**
 * DeleteTable: refused while deletion protection is on; the table and its items go at once. With
 * point-in-time recovery on, the table is first kept as a SYSTEM backup in the delete's transaction.
 */
export async function deleteTable(ctx: TableContext, input: unknown): Promise<unknown> {
  const request = validateDeleteTable(input);
  const TableName = tableNameOf(request.TableName, ctx.deployment, () => tableErrors.tableNotFound(request.TableName));
  const entry = await ctx.catalog.require(TableName);
  if (entry.definition.deletionProtection) {
    throw tableErrors.validation(
      'Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.',
    );
  }
  const stats = await ctx.engine.tableStats(entry.id);
  const indexStats = await ctx.engine.indexStats(entry.id);
  const deletedAt = ctx.clock.now();
  const removed = await ctx.catalog.delete(TableName, (table) => deletedTableBackup(ctx.deployment, table, deletedAt));
  if (!removed) throw tableErrors.tableNotFound(TableName);
  return { TableDescription: tableDescription(ctx.deployment, removed.definition, stats, 'DELETING', indexStats) };
}
