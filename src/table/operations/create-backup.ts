import type { TableDefinition } from '../table-definition.js';
import { newBackupArn } from '../backups/backup-arn.js';
import { backupDetails, type StoredBackupDetails } from '../backups/backup-description.js';
import { tableErrors } from '../errors.js';
import type { TableContext } from '../table-context.js';
import { validateCreateBackup } from '../validation/create-backup.js';
import { tableNameOf } from '../validation/table-name.js';

/**
 * CreateBackup: the table's definition and items are copied in one engine transaction, so the backup
 * holds every write acknowledged before the call and none after; it is AVAILABLE when this answers.
 */
export async function createBackup(ctx: TableContext, input: unknown): Promise<unknown> {
  const request = validateCreateBackup(input);
  const notFound = () => tableErrors.backupTableNotFound(request.TableName);
  const tableName = tableNameOf(request.TableName, ctx.deployment, notFound);
  const createdAt = ctx.clock.now();
  const backup = await ctx.engine.backups.create<TableDefinition, StoredBackupDetails>(tableName, (table) => ({
    arn: newBackupArn(ctx.deployment, table.name, createdAt),
    createdAt,
    type: 'USER',
    details: { name: request.BackupName, table: table.definition },
  }));
  if (!backup) throw tableErrors.backupTableNotFound(tableName);
  return { BackupDetails: backupDetails(backup) };
}
