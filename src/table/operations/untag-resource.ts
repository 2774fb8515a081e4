import type { TableContext } from '../table-context.js';
import { resourceNotFound, tableNameOfArn } from '../validation/resource-arn.js';
import { validateUntagResource } from '../validation/untag-resource.js';

/** UntagResource: removes the named keys; keys the table does not carry are ignored. */
export async function untagResource(ctx: TableContext, input: unknown): Promise<unknown> {
  const { ResourceArn, TagKeys } = validateUntagResource(input);
  const name = tableNameOfArn(ResourceArn, ctx.deployment);
  const removed = new Set(TagKeys);
  const updated = await ctx.catalog.update(name, ({ definition }) => ({
    ...definition,
    tags: definition.tags.filter((tag) => !removed.has(tag.Key)),
  }));
  if (!updated) throw resourceNotFound(ResourceArn);
  return {};
}
