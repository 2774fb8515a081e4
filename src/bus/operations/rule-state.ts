import type { BusContext } from '../bus-context.js';
import type { RuleDefinition } from '../bus-documents.js';
import { busErrors } from '../bus-errors.js';
import { requireBus, writeRule } from '../bus-lookup.js';
import { checkUnmanaged } from '../rule-checks.js';
import { nextDueAt } from '../rule-schedule.js';
import { eventBusNameOrArn, ruleName } from '../validation/bus-shapes.js';
import { checkRequest } from '../validation/check-request.js';
import { required, structure } from '../validation/shapes.js';

const shape = structure({ Name: required(ruleName), EventBusName: eventBusNameOrArn });

/**
 * EnableRule / DisableRule: sets a rule's State; its next scheduled firing follows (cleared when
 * disabled, the first one after now when enabled again).
 */
export async function setRuleState(ctx: BusContext, input: Record<string, unknown>, state: RuleDefinition['State']): Promise<unknown> {
  const { Name, EventBusName } = checkRequest<{ Name: string; EventBusName?: string }>(input, shape);
  const bus = await requireBus(ctx, EventBusName);
  const now = ctx.clock.now();
  await writeRule(ctx, bus.name, Name, (current) => {
    if (!current) throw busErrors.ruleNotFound(Name, bus.name);
    checkUnmanaged(current);
    const definition: RuleDefinition = { ...current.definition, State: state };
    return { definition, dueAt: nextDueAt(current, definition, now), result: undefined };
  });
  return {};
}
