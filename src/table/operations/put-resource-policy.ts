import { tableErrors } from '../errors.js';
import { policySlotOf } from '../policy-slot.js';
import { putPolicy } from '../resource-policy.js';
import type { TableContext } from '../table-context.js';
import { validatePutResourcePolicy } from '../validation/put-resource-policy.js';

/**
 * PutResourcePolicy on a table or stream ARN. The policy is stored and returned, not enforced. AWS
 * applies it asynchronously (and refuses another update for 15 seconds); Eddy applies it at once.
 */
export async function putResourcePolicy(ctx: TableContext, input: unknown): Promise<unknown> {
  const request = validatePutResourcePolicy(input);
  const slot = policySlotOf(request.ResourceArn, ctx.deployment);
  const now = ctx.clock.now();
  const updated = await ctx.catalog.update(slot.tableName, ({ definition }) => {
    const policy = putPolicy(slot.read(definition), request.Policy, request.ExpectedRevisionId, now, slot.target);
    return slot.write(definition, policy);
  });
  if (!updated) throw tableErrors.tableNotFound(slot.tableName);
  return { RevisionId: slot.read(updated.definition)!.revisionId };
}
