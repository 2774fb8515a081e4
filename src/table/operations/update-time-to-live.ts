import { tableErrors } from '../errors.js';
import type { TableContext } from '../table-context.js';
import { tableNameOf } from '../validation/table-name.js';
import { validateUpdateTimeToLive } from '../validation/update-time-to-live.js';

/**
 * UpdateTimeToLive. Changes apply at once (AWS passes through ENABLING/DISABLING and rate-limits
 * changes; Eddy does neither). Re-sending the current state is an error, as on AWS.
 */
export async function updateTimeToLive(ctx: TableContext, input: unknown): Promise<unknown> {
  const request = validateUpdateTimeToLive(input);
  const spec = request.TimeToLiveSpecification;
  const TableName = tableNameOf(request.TableName, ctx.deployment, () => tableErrors.tableNotFound(request.TableName));
  const updated = await ctx.catalog.update(TableName, ({ definition }) => {
    const current = definition.ttl;
    if (spec.Enabled) {
      if (current?.enabled) {
        if (current.attributeName === spec.AttributeName) throw tableErrors.validation('TimeToLive is already enabled');
        throw tableErrors.validation(`TimeToLive is active on a different AttributeName: current AttributeName is ${current.attributeName}`);
      }
    } else {
      if (!current?.enabled) throw tableErrors.validation('TimeToLive is already disabled');
      if (current.attributeName !== spec.AttributeName) {
        throw tableErrors.validation(`TimeToLive is active on a different AttributeName: current AttributeName is ${current.attributeName}`);
      }
    }
    return { ...definition, ttl: { attributeName: spec.AttributeName, enabled: spec.Enabled } };
  });
  if (!updated) throw tableErrors.tableNotFound(TableName);
  return { TimeToLiveSpecification: { Enabled: spec.Enabled, AttributeName: spec.AttributeName } };
}
