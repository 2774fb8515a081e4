import type { TableContext } from '../table-context.js';
import { resourceNotFound, tableNameOfArn } from '../validation/resource-arn.js';
import { validateListTagsOfResource } from '../validation/list-tags-of-resource.js';

/** ListTagsOfResource: a table holds at most 50 tags, so one page always holds them all. */
export async function listTagsOfResource(ctx: TableContext, input: unknown): Promise<unknown> {
  const { ResourceArn } = validateListTagsOfResource(input);
  const entry = await ctx.catalog.find(tableNameOfArn(ResourceArn, ctx.deployment));
  if (!entry) throw resourceNotFound(ResourceArn);
  return { Tags: entry.definition.tags.map((tag) => ({ Key: tag.Key, Value: tag.Value })) };
}
