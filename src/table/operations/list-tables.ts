import type { TableContext } from '../table-context.js';
import { validateListTables } from '../validation/list-tables.js';

const DEFAULT_LIMIT = 100;

/**
 * ListTables: names in byte order after ExclusiveStartTableName. Like DynamoDB, a full page carries
 * LastEvaluatedTableName even when nothing follows (the client then reads one empty page).
 */
export async function listTables(ctx: TableContext, input: unknown): Promise<unknown> {
  const request = validateListTables(input);
  const limit = request.Limit ?? DEFAULT_LIMIT;
  const start = request.ExclusiveStartTableName;
  const names = (await ctx.catalog.list()).map((entry) => entry.name);
  const after = start === undefined ? names : names.filter((name) => Buffer.compare(Buffer.from(name), Buffer.from(start)) > 0);
  const page = after.slice(0, limit);
  const response: { TableNames: string[]; LastEvaluatedTableName?: string } = { TableNames: page };
  if (page.length === limit) response.LastEvaluatedTableName = page[page.length - 1];
  return response;
}
