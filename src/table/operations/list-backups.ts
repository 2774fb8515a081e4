import type { BackupQuery } from '../../storage/backup-store.js';
import { backupArnTime } from '../backups/backup-arn.js';
import { backupSummary, type StoredBackupDetails } from '../backups/backup-description.js';
import { tableErrors } from '../errors.js';
import type { TableContext } from '../table-context.js';
import type { BackupTypeFilter } from '../validation/list-backups.js';
import { validateListBackups } from '../validation/list-backups.js';
import { tableNameOf } from '../validation/table-name.js';

const DEFAULT_LIMIT = 100;

/** USER when BackupType is absent, as the API reference says; ALL is every type. */
const TYPES: Record<BackupTypeFilter, readonly string[] | undefined> = {
  USER: ['USER'],
  SYSTEM: ['SYSTEM'],
  AWS_BACKUP: ['AWS_BACKUP'],
  ALL: undefined,
};

/**
 * ListBackups: backups in creation order (then by ARN), filtered by table, type and creation time
 * (lower bound inclusive, upper bound exclusive, as the API reference says). LastEvaluatedBackupArn
 * is given only when more backups follow (unconfirmed: ListTables gives one after any full page).
 */
export async function listBackups(ctx: TableContext, input: unknown): Promise<unknown> {
  const request = validateListBackups(input);
  const limit = request.Limit ?? DEFAULT_LIMIT;
  let tableName: string | undefined;
  if (request.TableName !== undefined) {
    const otherAccount = Symbol('other account');
    try {
      tableName = tableNameOf(request.TableName, ctx.deployment, () => otherAccount as never);
    } catch (error) {
      if (error === otherAccount) return { BackupSummaries: [] }; // no table of another account has backups here
      throw error;
    }
  }
  const query: BackupQuery = {
    limit: limit + 1,
    ...(tableName !== undefined && { tableName }),
    ...(request.TimeRangeLowerBound !== undefined && { from: Math.ceil(request.TimeRangeLowerBound * 1000) }),
    ...(request.TimeRangeUpperBound !== undefined && { to: Math.ceil(request.TimeRangeUpperBound * 1000) }),
    ...(TYPES[request.BackupType ?? 'USER'] && { types: TYPES[request.BackupType ?? 'USER'] }),
    ...(request.ExclusiveStartBackupArn !== undefined && { after: cursorOf(request.ExclusiveStartBackupArn) }),
  };
  const backups = await ctx.engine.backups.list<StoredBackupDetails>(query);
  const page = backups.slice(0, limit);
  const response: Record<string, unknown> = { BackupSummaries: page.map((backup) => backupSummary(ctx.deployment, backup)) };
  if (backups.length > limit) response.LastEvaluatedBackupArn = page[page.length - 1]!.arn;
  return response;
}

/** The cursor an ExclusiveStartBackupArn stands for: its creation time is in the ARN, so it may name a deleted backup. */
function cursorOf(arn: string): { createdAt: number; arn: string } {
  const createdAt = backupArnTime(arn);
  // Unconfirmed wording: what DynamoDB answers for a start ARN that is not a backup ARN.
  if (createdAt === undefined) throw tableErrors.validation(`Invalid ExclusiveStartBackupArn: ${arn}`);
  return { createdAt, arn };
}
