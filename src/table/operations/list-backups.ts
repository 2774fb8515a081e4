import type { BackupQuery } from '../../storage/backup-store.js';
import { backupArnTime } from '../backups/backup-arn.js';
import { backupSummary, type StoredBackupDetails } from '../backups/backup-description.js';
import { tableErrors } from '../errors.js';
import type { TableContext } from '../table-context.js';
import type { BackupTypeFilter } from '../validation/list-backups.js';
import { validateListBackups } from '../validation/list-backups.js';
import { tableNameOf } from '../validation/table-name.js';

/**
 * "ListBackups returns a paginated list of results with at most 1 MB worth of items in a page" (API
 * reference). Eddy counts the JSON bytes of the summaries and ends the page before the one that would
 * take it over 1 MB (always at least one); how AWS counts the megabyte is unconfirmed.
 */
export const LIST_BACKUPS_PAGE_BYTES = 1024 * 1024;

/** Backups read from the engine per round while a page fills up. */
const CHUNK = 100;

/** USER when BackupType is absent, as the API reference says; ALL is every type. */
const TYPES: Record<BackupTypeFilter, readonly string[] | undefined> = {
  USER: ['USER'],
  SYSTEM: ['SYSTEM'],
  AWS_BACKUP: ['AWS_BACKUP'],
  ALL: undefined,
};

/**
 * ListBackups: backups in creation order (then by ARN), filtered by table, type and creation time
 * (lower bound inclusive, upper bound exclusive, as the API reference says), up to Limit and 1 MB a
 * page. LastEvaluatedBackupArn is given only when more backups follow (unconfirmed: ListTables gives
 * one after any full page).
 */
export async function listBackups(ctx: TableContext, input: unknown): Promise<unknown> {
  const request = validateListBackups(input);
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
  const types = TYPES[request.BackupType ?? 'USER'];
  const filter = {
    ...(tableName !== undefined && { tableName }),
    ...(request.TimeRangeLowerBound !== undefined && { from: epochMs(request.TimeRangeLowerBound) }),
    ...(request.TimeRangeUpperBound !== undefined && { to: epochMs(request.TimeRangeUpperBound) }),
    ...(types && { types }),
  };
  // Without Limit, only the megabyte ends a page.
  const limit = request.Limit ?? Infinity;
  let after = request.ExclusiveStartBackupArn !== undefined ? cursorOf(request.ExclusiveStartBackupArn) : undefined;
  const summaries: Record<string, unknown>[] = [];
  let bytes = 0;
  let lastArn: string | undefined;
  let more = false;
  fill: for (;;) {
    const want = Math.min(CHUNK, limit - summaries.length);
    const query: BackupQuery = { ...filter, ...(after && { after }), limit: want + 1 };
    const backups = await ctx.engine.backups.list<StoredBackupDetails>(query);
    for (const backup of backups.slice(0, want)) {
      const summary = backupSummary(ctx.deployment, backup);
      const size = Buffer.byteLength(JSON.stringify(summary));
      if (summaries.length > 0 && bytes + size > LIST_BACKUPS_PAGE_BYTES) {
        more = true;
        break fill;
      }
      summaries.push(summary);
      bytes += size;
      lastArn = backup.arn;
      after = { createdAt: backup.createdAt, arn: backup.arn };
    }
    if (backups.length <= want) break; // nothing follows
    if (summaries.length >= limit) {
      more = true;
      break;
    }
  }
  const response: Record<string, unknown> = { BackupSummaries: summaries };
  if (more && lastArn !== undefined) response.LastEvaluatedBackupArn = lastArn;
  return response;
}

/** The cursor an ExclusiveStartBackupArn stands for: its creation time is in the ARN, so it may name a deleted backup. */
function cursorOf(arn: string): { createdAt: number; arn: string } {
  const createdAt = backupArnTime(arn);
  // Unconfirmed wording: what DynamoDB answers for a start ARN that is not a backup ARN.
  if (createdAt === undefined) throw tableErrors.validation(`Invalid ExclusiveStartBackupArn: ${arn}`);
  return { createdAt, arn };
}

/**
 * A time bound in epoch seconds as whole milliseconds, held within the safe integers: every backup's creation
 * time is inside them, so a bound past them selects what it would, and storage is never handed a number it
 * cannot hold (9.9E+125 reached PostgreSQL's bigint as "1e+129", a 500; the wire fuzz, --processes 2, seed 24).
 */
function epochMs(seconds: number): number {
  return Math.min(Number.MAX_SAFE_INTEGER, Math.max(-Number.MAX_SAFE_INTEGER, Math.ceil(seconds * 1000)));
}
