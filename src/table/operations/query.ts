import type { StoredItem } from '../../storage/engine.js';
import { requireItemTable } from '../item-operation.js';
import { bindQueryKey, checkStartKeyInRange, keyRangeOf } from '../reads/key-range.js';
import { pageResponse } from '../reads/page-response.js';
import { readPage } from '../reads/read-page.js';
import { checkFilterKeys, requireBaseTableRead } from '../reads/read-target.js';
import { startKeyOf } from '../reads/start-key.js';
import type { TableContext } from '../table-context.js';
import { checkQuery } from '../validation/query.js';

/**
 * Query: the items of one partition in sort-key order (reversed when ScanIndexForward is false),
 * read page by page — Limit and the 1 MB page limit count items read, before the filter — then
 * filtered and projected. Base tables only for now (see `requireBaseTableRead`).
 */
export async function query(ctx: TableContext, body: unknown): Promise<unknown> {
  const request = checkQuery(body);
  const { input } = request;
  const table = await requireItemTable(ctx, input.TableName);
  const definition = table.definition;
  requireBaseTableRead(definition, input.IndexName, input.ConsistentRead);
  const start = request.startKey && startKeyOf(definition, request.startKey, 'Query');
  const condition = bindQueryKey(request.keyTerms, definition.key, request.legacyKeys);
  const range = keyRangeOf(condition);
  if (start !== undefined) checkStartKeyInRange(range, start, condition.sort !== undefined);
  checkFilterKeys(request.filter, definition.key, request.filterName);

  const reverse = input.ScanIndexForward === false;
  const countOnly = input.Select === 'COUNT';
  const page = await readPage(
    (after: StoredItem | undefined, limit: number) => {
      const cursor = after !== undefined ? after.key.sort : start?.sort;
      return ctx.engine.readRange({ tableId: table.id, ...range, reverse, limit, ...(cursor !== undefined && { after: cursor }) });
    },
    { limit: input.Limit, filter: request.filter, projection: request.projection, countOnly },
  );
  return pageResponse(page, {
    key: definition.key,
    countOnly,
    returnConsumedCapacity: input.ReturnConsumedCapacity,
    tableName: input.TableName,
    consistentRead: input.ConsistentRead === true,
  });
}
