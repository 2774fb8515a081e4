import { tableErrors } from '../errors.js';
import type { TableContext } from '../table-context.js';
import { tableNameOf } from '../validation/table-name.js';
import { validateDescribeTimeToLive } from '../validation/describe-time-to-live.js';

export async function describeTimeToLive(ctx: TableContext, input: unknown): Promise<unknown> {
  const request = validateDescribeTimeToLive(input);
  const TableName = tableNameOf(request.TableName, ctx.deployment, () => tableErrors.tableNotFound(request.TableName));
  const { ttl } = (await ctx.catalog.require(TableName)).definition;
  return {
    TimeToLiveDescription: ttl?.enabled ? { TimeToLiveStatus: 'ENABLED', AttributeName: ttl.attributeName } : { TimeToLiveStatus: 'DISABLED' },
  };
}
