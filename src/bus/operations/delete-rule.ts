import type { BusContext } from '../bus-context.js';
import type { RuleDefinition } from '../bus-documents.js';
import { busErrors } from '../bus-errors.js';
import { requireBus, writeRule } from '../bus-lookup.js';
import { checkUnmanaged } from '../rule-checks.js';
import { eventBusNameOrArn, ruleName } from '../validation/bus-shapes.js';
import { checkRequest } from '../validation/check-request.js';
import { boolean, required, structure } from '../validation/shapes.js';

const shape = structure({ Name: required(ruleName), EventBusName: eventBusNameOrArn, Force: boolean() });

/**
 * DeleteRule: a rule without targets. A rule that does not exist is no error on a bus that does (the
 * model says so); an unknown bus is ResourceNotFoundException. Force only lets a managed rule go
 * (the API reference: "ignored for rules that are not managed rules"), targets and all; it never
 * deletes an ordinary rule that still has targets.
 */
export async function deleteRule(ctx: BusContext, input: Record<string, unknown>): Promise<unknown> {
  const { Name, EventBusName, Force } = checkRequest<{ Name: string; EventBusName?: string; Force?: boolean }>(input, shape);
  const bus = await requireBus(ctx, EventBusName);
  if (!(await ctx.store.getDocument<RuleDefinition>('rule', bus.name, Name))) return {};
  await writeRule(ctx, bus.name, Name, (current) => {
    if (current) {
      checkUnmanaged(current, Force);
      if (current.definition.ManagedBy === undefined && current.definition.Targets.length > 0) throw busErrors.ruleHasTargets();
    }
    return { definition: null, result: undefined };
  });
  return {};
}
