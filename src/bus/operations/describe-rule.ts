import type { BusContext } from '../bus-context.js';
import { requireBus, requireRule } from '../bus-lookup.js';
import { ruleSummary } from '../bus-views.js';
import { eventBusNameOrArn, ruleName } from '../validation/bus-shapes.js';
import { checkRequest } from '../validation/check-request.js';
import { required, structure } from '../validation/shapes.js';

const shape = structure({ Name: required(ruleName), EventBusName: eventBusNameOrArn });

/** DescribeRule: ListRules' entry plus CreatedBy, the account. */
export async function describeRule(ctx: BusContext, input: Record<string, unknown>): Promise<unknown> {
  const { Name, EventBusName } = checkRequest<{ Name: string; EventBusName?: string }>(input, shape);
  const bus = await requireBus(ctx, EventBusName);
  const rule = await requireRule(ctx, bus.name, Name);
  return { ...ruleSummary(ctx, rule), CreatedBy: ctx.deployment.account };
}
