import type { BusContext } from '../bus-context.js';
import type { TargetDefinition } from '../bus-documents.js';
import { busErrors } from '../bus-errors.js';
import { requireBus, writeRule } from '../bus-lookup.js';
import { checkUnmanaged } from '../rule-checks.js';
import { checkTarget } from '../target-checks.js';
import { eventBusNameOrArn, ruleName } from '../validation/bus-shapes.js';
import { checkRequest } from '../validation/check-request.js';
import { required, structure } from '../validation/shapes.js';
import { targetList } from '../validation/target-shape.js';

/** A rule holds at most this many targets (EventBridge quota, observed). */
export const MAX_TARGETS = 5;

const shape = structure({ Rule: required(ruleName), EventBusName: eventBusNameOrArn, Targets: targetList });

/**
 * PutTargets: adds targets to a rule; a target whose Id the rule has replaces it in its place. All or
 * nothing: a target that fails a check, or a rule that would hold more than 5, fails the request.
 * The answer keeps AWS's per-entry shape; AWS reports per-entry failures only for concurrent
 * modification and internal errors, which one transaction per request cannot meet, so it is always
 * `{"FailedEntryCount":0,"FailedEntries":[]}` (as observed for successful calls).
 */
export async function putTargets(ctx: BusContext, input: Record<string, unknown>): Promise<unknown> {
  const request = checkRequest<{ Rule: string; EventBusName?: string; Targets: TargetDefinition[] }>(input, shape);
  request.Targets.forEach(checkTarget);
  const bus = await requireBus(ctx, request.EventBusName);
  await writeRule(ctx, bus.name, request.Rule, (current) => {
    if (!current) throw busErrors.ruleNotFound(request.Rule, bus.name);
    checkUnmanaged(current);
    const targets = [...current.definition.Targets];
    for (const target of request.Targets) {
      const at = targets.findIndex((kept) => kept.Id === target.Id);
      if (at === -1) targets.push(target);
      else targets[at] = target;
    }
    if (targets.length > MAX_TARGETS) throw busErrors.tooManyTargets();
    return { definition: { ...current.definition, Targets: targets }, result: undefined };
  });
  return { FailedEntryCount: 0, FailedEntries: [] };
}
