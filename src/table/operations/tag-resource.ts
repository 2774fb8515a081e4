import type { TableContext } from '../table-context.js';
import { resourceNotFound, tableNameOfArn } from '../validation/resource-arn.js';
import { validateTagResource } from '../validation/tag-resource.js';
import { mergeTags } from '../validation/tag-rules.js';

export async function tagResource(ctx: TableContext, input: unknown): Promise<unknown> {
  const { ResourceArn, tags } = validateTagResource(input);
  const name = tableNameOfArn(ResourceArn, ctx.deployment);
  const updated = await ctx.catalog.update(name, ({ definition }) => ({ ...definition, tags: mergeTags(definition.tags, tags) }));
  if (!updated) throw resourceNotFound(ResourceArn);
  return {};
}
