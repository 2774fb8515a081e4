import type { TableContext } from '../table-context.js';

/** DescribeEndpoints answers with the regional endpoint name, as AWS does, cached for a day. */
export async function describeEndpoints(ctx: TableContext, _input: unknown): Promise<unknown> {
  return { Endpoints: [{ Address: `dynamodb.${ctx.deployment.region}.amazonaws.com`, CachePeriodInMinutes: 1440 }] };
}
