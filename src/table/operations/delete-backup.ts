import { backupDescription, type StoredBackupDetails } from '../backups/backup-description.js';
import { tableErrors } from '../errors.js';
import type { TableContext } from '../table-context.js';
import { validateDeleteBackup } from '../validation/delete-backup.js';

/**
 * DeleteBackup: the backup and its items go at once; the answer describes it as DELETED. Never
 * BackupInUseException: a restore copies the backup's items in one transaction, so no restore is
 * ever still reading a backup that a delete could conflict with.
 */
export async function deleteBackup(ctx: TableContext, input: unknown): Promise<unknown> {
  const { BackupArn } = validateDeleteBackup(input);
  const backup = await ctx.engine.backups.delete<StoredBackupDetails>(BackupArn);
  if (!backup) throw tableErrors.backupNotFound(BackupArn);
  return { BackupDescription: backupDescription(ctx.deployment, backup, 'DELETED') };
}
