import { tableErrors } from '../errors.js';
import { policySlotOf } from '../policy-slot.js';
import { deletePolicy } from '../resource-policy.js';
import type { TableContext } from '../table-context.js';
import { validateDeleteResourcePolicy } from '../validation/delete-resource-policy.js';

/**
 * DeleteResourcePolicy: idempotent without ExpectedRevisionId (no policy is no error, and the answer
 * has no RevisionId); with it, the current policy must carry that revision.
 */
export async function deleteResourcePolicy(ctx: TableContext, input: unknown): Promise<unknown> {
  const request = validateDeleteResourcePolicy(input);
  const slot = policySlotOf(request.ResourceArn, ctx.deployment);
  let removed: string | undefined;
  const updated = await ctx.catalog.update(slot.tableName, ({ definition }) => {
    removed = deletePolicy(slot.read(definition), request.ExpectedRevisionId, slot.target);
    return slot.write(definition, undefined);
  });
  if (!updated) throw tableErrors.tableNotFound(slot.tableName);
  return removed === undefined ? {} : { RevisionId: removed };
}
