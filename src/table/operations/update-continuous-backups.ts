import { continuousBackupsDescription, DAY_MS, DEFAULT_RECOVERY_PERIOD_DAYS } from '../backups/recovery-window.js';
import { tableErrors } from '../errors.js';
import type { TableContext } from '../table-context.js';
import { validateUpdateContinuousBackups } from '../validation/update-continuous-backups.js';
import { tableNameOf } from '../validation/table-name.js';

/**
 * UpdateContinuousBackups: turning point-in-time recovery on copies the table as the history's base
 * (EarliestRestorableDateTime is then); on again only changes RecoveryPeriodInDays (absent: 35); off drops
 * the history, so turning it on later starts a new window, as AWS documents.
 */
export async function updateContinuousBackups(ctx: TableContext, input: unknown): Promise<unknown> {
  const request = validateUpdateContinuousBackups(input);
  const notFound = () => tableErrors.backupTableNotFound(request.TableName);
  const name = tableNameOf(request.TableName, ctx.deployment, notFound);
  const specification = request.PointInTimeRecoverySpecification;
  const now = ctx.clock.now();
  if (!specification.PointInTimeRecoveryEnabled) {
    if (!(await ctx.engine.pointInTime.disable(name))) throw notFound();
    return { ContinuousBackupsDescription: continuousBackupsDescription(undefined, now) };
  }
  const days = specification.RecoveryPeriodInDays ?? DEFAULT_RECOVERY_PERIOD_DAYS;
  const enabled = await ctx.engine.pointInTime.enable(name, days * DAY_MS, now);
  if (!enabled) throw notFound();
  return { ContinuousBackupsDescription: continuousBackupsDescription(enabled.recovery, now) };
}
