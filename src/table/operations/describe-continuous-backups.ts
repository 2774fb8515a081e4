import { continuousBackupsDescription } from '../backups/recovery-window.js';
import { tableErrors } from '../errors.js';
import type { TableContext } from '../table-context.js';
import { validateDescribeContinuousBackups } from '../validation/describe-continuous-backups.js';
import { tableNameOf } from '../validation/table-name.js';

/** DescribeContinuousBackups: whether point-in-time recovery is on, and the window it restores. */
export async function describeContinuousBackups(ctx: TableContext, input: unknown): Promise<unknown> {
  const request = validateDescribeContinuousBackups(input);
  const notFound = () => tableErrors.backupTableNotFound(request.TableName);
  const found = await ctx.engine.pointInTime.get(tableNameOf(request.TableName, ctx.deployment, notFound));
  if (!found) throw notFound();
  return { ContinuousBackupsDescription: continuousBackupsDescription(found.recovery, ctx.clock.now()) };
}
