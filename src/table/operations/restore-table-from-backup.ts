import { decodeItem } from '../item-codec.js';
import { restoredTableDefinition } from '../backups/restored-table.js';
import type { StoredBackupDetails } from '../backups/backup-description.js';
import { tableErrors } from '../errors.js';
import { indexEntriesOf } from '../indexes/index-entries.js';
import { tableDescription } from '../table-description.js';
import type { TableContext } from '../table-context.js';
import { validateRestoreTableFromBackup } from '../validation/restore-table-from-backup.js';

/**
 * RestoreTableFromBackup: a new table from the backup's definition (with the overrides) and items. The
 * engine creates the table, copies the items and writes every item's index entries in one transaction,
 * so the table answers ACTIVE with RestoreInProgress false (AWS answers CREATING / true and restores
 * for minutes); the source table, and the backup, are only read.
 */
export async function restoreTableFromBackup(ctx: TableContext, input: unknown): Promise<unknown> {
  const request = validateRestoreTableFromBackup(input);
  const backup = await ctx.engine.backups.get<StoredBackupDetails>(request.BackupArn);
  if (!backup) throw tableErrors.backupNotFound(request.BackupArn);
  const now = ctx.clock.now();
  // RestoreDateTime is the "source backup time" (API reference, RestoreSummary): the AWS CLI's example
  // restore of backup …/backup/01576616366715-b4e58d3a answers RestoreDateTime 1576616366.715.
  const from = { table: backup.details.table, backupArn: backup.arn, restoredTo: backup.createdAt };
  const definition = restoredTableDefinition(ctx.deployment, from, request, now);
  // Straight to the engine: the catalog caches only tables it found, so it holds nothing under a free name.
  const outcome = await ctx.engine.backups.restore({
    name: definition.name,
    definition,
    source: { backupArn: backup.arn },
    indexEntries: (item) => indexEntriesOf(definition, decodeItem(item.json), { json: item.json, size: item.size }),
  });
  if ('nameTaken' in outcome) throw tableErrors.tableAlreadyExists(definition.name);
  if (!('table' in outcome)) throw tableErrors.backupNotFound(request.BackupArn);
  const { table } = outcome;
  const stats = await ctx.engine.tableStats(table.id);
  const indexStats = await ctx.engine.indexStats(table.id);
  return { TableDescription: tableDescription(ctx.deployment, table.definition, stats, 'ACTIVE', indexStats) };
}
