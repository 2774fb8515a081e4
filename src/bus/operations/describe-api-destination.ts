import type { BusContext } from '../bus-context.js';
import { requireApiDestination } from '../connections/connection-lookup.js';
import { apiDestinationSummary } from '../connections/connection-views.js';
import { checkRequest } from '../validation/check-request.js';
import { resourceName } from '../validation/connection-shapes.js';
import { required, structure } from '../validation/shapes.js';

const shape = structure({ Name: required(resourceName) });

/** DescribeApiDestination: its settings, its Description, and the state its connection gives it. */
export async function describeApiDestination(ctx: BusContext, input: Record<string, unknown>): Promise<unknown> {
  const { Name } = checkRequest<{ Name: string }>(input, shape);
  return apiDestinationSummary(ctx, await requireApiDestination(ctx, Name, 'describe'), true);
}
