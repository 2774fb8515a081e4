import type { BusContext } from '../bus-context.js';
import { requireBus } from '../bus-lookup.js';
import { busDescription } from '../bus-views.js';
import { eventBusNameOrArn } from '../validation/bus-shapes.js';
import { checkRequest } from '../validation/check-request.js';
import { structure } from '../validation/shapes.js';

const shape = structure({ Name: eventBusNameOrArn });

/** DescribeEventBus: a bus by name or ARN, the default bus without one. */
export async function describeEventBus(ctx: BusContext, input: Record<string, unknown>): Promise<unknown> {
  const { Name } = checkRequest<{ Name?: string }>(input, shape);
  return busDescription(ctx, await requireBus(ctx, Name));
}
