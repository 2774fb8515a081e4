import type { BusContext } from '../bus-context.js';
import { busErrors } from '../bus-errors.js';
import { requireBus, writeRule } from '../bus-lookup.js';
import { checkUnmanaged } from '../rule-checks.js';
import { eventBusNameOrArn, ruleName } from '../validation/bus-shapes.js';
import { checkRequest } from '../validation/check-request.js';
import { boolean, list, required, structure } from '../validation/shapes.js';
import { targetId } from '../validation/target-shape.js';

interface RemoveTargetsInput {
  Rule: string;
  EventBusName?: string;
  Ids: string[];
  Force?: boolean;
}

const shape = structure({
  Rule: required(ruleName),
  EventBusName: eventBusNameOrArn,
  Ids: list(targetId, { min: 1, max: 100, notNull: true }),
  Force: boolean(),
});

/**
 * RemoveTargets: removes the targets with those Ids. An Id the rule does not have is a failed entry,
 * the others are removed (LocalStack's behaviour and wording; AWS's is unconfirmed).
 */
export async function removeTargets(ctx: BusContext, input: Record<string, unknown>): Promise<unknown> {
  const request = checkRequest<RemoveTargetsInput>(input, shape);
  const bus = await requireBus(ctx, request.EventBusName);
  const failed = await writeRule(ctx, bus.name, request.Rule, (current) => {
    if (!current) throw busErrors.ruleNotFound(request.Rule, bus.name);
    checkUnmanaged(current, request.Force);
    const missing = [...new Set(request.Ids)].filter((id) => !current.definition.Targets.some((target) => target.Id === id));
    const Targets = current.definition.Targets.filter((target) => !request.Ids.includes(target.Id));
    return { definition: { ...current.definition, Targets }, result: missing };
  });
  const FailedEntries = failed.map((TargetId) => ({
    TargetId,
    ErrorCode: 'ResourceNotFoundException',
    ErrorMessage: `Rule '${request.Rule}' does not have a target with the Id '${TargetId}'.`,
  }));
  return { FailedEntryCount: FailedEntries.length, FailedEntries };
}
