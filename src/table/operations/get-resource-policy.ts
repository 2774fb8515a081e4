import { tableErrors } from '../errors.js';
import { policySlotOf } from '../policy-slot.js';
import { requirePolicy } from '../resource-policy.js';
import type { TableContext } from '../table-context.js';
import { validateGetResourcePolicy } from '../validation/get-resource-policy.js';

/** GetResourcePolicy: the document exactly as it was put, with its revision. */
export async function getResourcePolicy(ctx: TableContext, input: unknown): Promise<unknown> {
  const { ResourceArn } = validateGetResourcePolicy(input);
  const slot = policySlotOf(ResourceArn, ctx.deployment);
  // Read through to the engine: another node sharing the database may have changed the policy.
  const entry = await ctx.catalog.refresh(slot.tableName);
  if (!entry) throw tableErrors.tableNotFound(slot.tableName);
  const policy = requirePolicy(slot.read(entry.definition), slot.target);
  return { Policy: policy.document, RevisionId: policy.revisionId };
}
