import type { StoredItem } from '../../storage/engine.js';
import { indexRangeFetch } from '../indexes/index-fetch.js';
import { requireItemTable } from '../item-operation.js';
import { bindQueryKey, checkStartKeyInRange, keyRangeOf } from '../reads/key-range.js';
import { pageResponse } from '../reads/page-response.js';
import { readPage, type PageFetch } from '../reads/read-page.js';
import { checkFilterKeys, readTargetOf } from '../reads/read-target.js';
import { indexStartKeyOf, startKeyOf } from '../reads/start-key.js';
import type { TableContext } from '../table-context.js';
import { checkQuery } from '../validation/query.js';

/**
 * Query: the items of one partition of the table or of a secondary index, in sort-key order
 * (reversed when ScanIndexForward is false; entries with equal index keys in table-key order), read
 * page by page — Limit and the 1 MB page limit count items read, before the filter — then filtered
 * and projected. An index returns its projected attributes.
 */
export async function query(ctx: TableContext, body: unknown): Promise<unknown> {
  const request = checkQuery(body);
  const { input } = request;
  const table = await requireItemTable(ctx, input.TableName);
  const definition = table.definition;
  const target = readTargetOf(definition, input.IndexName, input.ConsistentRead, input.Select, request.projection);
  const { index } = target;
  const indexStart = index && request.startKey && indexStartKeyOf(definition, index, request.startKey);
  const start = index ? indexStart?.key : request.startKey && startKeyOf(definition, request.startKey, 'Query');
  const condition = bindQueryKey(request.keyTerms, target.key, request.legacyKeys);
  const range = keyRangeOf(condition, target.key);
  if (start !== undefined) checkStartKeyInRange(range, start, condition.sort !== undefined);
  checkFilterKeys(request.filter, target.key, request.filterName);
  const reverse = input.ScanIndexForward === false;
  const countOnly = input.Select === 'COUNT';
  const fetch: PageFetch = index
    ? indexRangeFetch(ctx, { tableId: table.id, index: index.name, fetchItems: target.fetchItems, start: indexStart }, range, reverse)
    : (after: StoredItem | undefined, limit: number) => {
        const cursor = after !== undefined ? after.key.sort : start?.sort;
        return ctx.engine.readRange({ tableId: table.id, ...range, reverse, limit, ...(cursor !== undefined && { after: cursor }) });
      };
  const page = await readPage(fetch, { limit: input.Limit, filter: request.filter, projection: request.projection, countOnly });
  return pageResponse(page, {
    key: target.key,
    ...(index && { tableKey: definition.key, index: { name: index.name, local: definition.localIndexes.includes(index) } }),
    countOnly,
    returnConsumedCapacity: input.ReturnConsumedCapacity,
    tableName: input.TableName,
    consistentRead: input.ConsistentRead === true,
  });
}
