import type { Deployment } from '../../shared/arns.js';
import type { NewBackup } from '../../storage/backup-store.js';
import type { TableRecord } from '../../storage/engine.js';
import type { TableDefinition } from '../table-definition.js';
import { newBackupArn } from './backup-arn.js';
import type { StoredBackupDetails } from './backup-description.js';

/**
 * "If you delete a table that has point-in-time recovery enabled, a system backup is automatically created
 * and is retained for 35 days (at no additional cost)", named `<table>$DeletedTableBackup` (developer
 * guide, "Delete a table with PITR enabled"); the API reference's BackupExpiryDateTime: "This SYSTEM
 * on-demand backup expires automatically 35 days after its creation". 35 days whatever the table's
 * RecoveryPeriodInDays was, as the guide says.
 */
export const SYSTEM_BACKUP_RETENTION_MS = 35 * 24 * 60 * 60_000;

/** The SYSTEM backup DeleteTable keeps of a table with point-in-time recovery on, taken as at `deletedAt`. */
export function deletedTableBackup(
  deployment: Deployment,
  table: TableRecord<TableDefinition>,
  deletedAt: number,
): NewBackup<StoredBackupDetails> {
  return {
    arn: newBackupArn(deployment, table.name, deletedAt),
    createdAt: deletedAt,
    type: 'SYSTEM',
    details: { name: `${table.name}$DeletedTableBackup`, table: table.definition },
  };
}

/** When a backup expires (epoch ms): SYSTEM backups only; USER backups are kept until deleted. */
export function backupExpiresAt(backup: { readonly type: string; readonly createdAt: number }): number | undefined {
  return backup.type === 'SYSTEM' ? backup.createdAt + SYSTEM_BACKUP_RETENTION_MS : undefined;
}
