import { recoveryWindow } from '../backups/recovery-window.js';
import { restoredTableDefinition } from '../backups/restored-table.js';
import { tableErrors } from '../errors.js';
import { indexEntriesOf } from '../indexes/index-entries.js';
import { decodeItem } from '../item-codec.js';
import type { TableDefinition } from '../table-definition.js';
import { tableDescription } from '../table-description.js';
import type { TableContext } from '../table-context.js';
import { validateRestoreTableToPointInTime } from '../validation/restore-table-to-point-in-time.js';
import { tableNameOf } from '../validation/table-name.js';

/**
 * RestoreTableToPointInTime: a new table with the source's current definition (GSIs, LSIs, billing,
 * encryption, as AWS documents, or the overrides) and its items as they were at the time asked for,
 * read from the point-in-time history in the restore's transaction; the source is only read. Like
 * RestoreTableFromBackup, the table answers ACTIVE with RestoreInProgress false.
 *
 * A deleted table is not found, by name or ARN, whatever the time: "Once a table with point-in-time
 * recovery enabled is deleted, you can use system restore to restore that table to a single point in
 * time: the moment just before deletion. You do not have the capability to restore a deleted table to
 * any other point in time" (developer guide, "Point-in-time recovery: how it works"). That restore is
 * RestoreTableFromBackup of the SYSTEM backup DeleteTable keeps (backups/system-backup.ts).
 */
export async function restoreTableToPointInTime(ctx: TableContext, input: unknown): Promise<unknown> {
  const request = validateRestoreTableToPointInTime(input);
  const given = (request.SourceTableName ?? request.SourceTableArn)!;
  const notFound = () => tableErrors.backupTableNotFound(given);
  const sourceName = tableNameOf(given, ctx.deployment, notFound);
  const found = await ctx.engine.pointInTime.get<TableDefinition>(sourceName);
  if (!found) throw notFound();
  if (!found.recovery) throw tableErrors.pointInTimeRecoveryUnavailable(sourceName);
  const now = ctx.clock.now();
  const window = recoveryWindow(found.recovery, now);
  // Milliseconds are kept: a time between two writes of one second restores the first without the second.
  const at = request.UseLatestRestorableTime ? window.latest : Math.round(request.RestoreDateTime! * 1000);
  if (at < window.earliest || at > window.acceptedUntil) throw tableErrors.invalidRestoreTime();
  const definition = restoredTableDefinition(ctx.deployment, { table: found.table.definition, restoredTo: at }, request, now);
  const outcome = await ctx.engine.backups.restore({
    name: definition.name,
    definition,
    source: { tableName: sourceName, at },
    indexEntries: (item) => indexEntriesOf(definition, decodeItem(item.json), { json: item.json, size: item.size }),
  });
  if ('nameTaken' in outcome) throw tableErrors.tableAlreadyExists(definition.name);
  if ('sourceMissing' in outcome) throw notFound();
  // Recovery turned off, or the history trimmed past `at`, since the window was read.
  if ('sourceUnavailable' in outcome) throw tableErrors.pointInTimeRecoveryUnavailable(sourceName);
  const stats = await ctx.engine.tableStats(outcome.table.id);
  const indexStats = await ctx.engine.indexStats(outcome.table.id);
  return { TableDescription: tableDescription(ctx.deployment, outcome.table.definition, stats, 'ACTIVE', indexStats) };
}
