import type { BusContext } from '../bus-context.js';
import { requireConnection } from '../connections/connection-lookup.js';
import { connectionDescription } from '../connections/connection-views.js';
import { checkRequest } from '../validation/check-request.js';
import { resourceName } from '../validation/connection-shapes.js';
import { required, structure } from '../validation/shapes.js';

const shape = structure({ Name: required(resourceName) });

/** DescribeConnection: everything but the secrets (passwords, API key values, client secrets). */
export async function describeConnection(ctx: BusContext, input: Record<string, unknown>): Promise<unknown> {
  const { Name } = checkRequest<{ Name: string }>(input, shape);
  return connectionDescription(ctx, await requireConnection(ctx, Name, 'describe'));
}
