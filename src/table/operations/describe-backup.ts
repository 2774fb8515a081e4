import { backupDescription, type StoredBackupDetails } from '../backups/backup-description.js';
import { tableErrors } from '../errors.js';
import type { TableContext } from '../table-context.js';
import { validateDescribeBackup } from '../validation/describe-backup.js';

export async function describeBackup(ctx: TableContext, input: unknown): Promise<unknown> {
  const { BackupArn } = validateDescribeBackup(input);
  const backup = await ctx.engine.backups.get<StoredBackupDetails>(BackupArn);
  if (!backup) throw tableErrors.backupNotFound(BackupArn);
  return { BackupDescription: backupDescription(ctx.deployment, backup) };
}
