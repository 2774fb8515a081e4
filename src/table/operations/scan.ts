import type { ItemKey, StoredItem } from '../../storage/engine.js';
import { indexScanFetch } from '../indexes/index-fetch.js';
import { requireItemTable } from '../item-operation.js';
import { pageResponse } from '../reads/page-response.js';
import { readPage, type PageFetch } from '../reads/read-page.js';
import { readTargetOf } from '../reads/read-target.js';
import { checkStartKeyInSegment, segmentRange, type HashRange } from '../reads/scan-segments.js';
import { indexStartKeyOf, startKeyOf } from '../reads/start-key.js';
import type { TableContext } from '../table-context.js';
import { checkScan } from '../validation/scan.js';

/**
 * Scan: every item of the table, or every entry of a secondary index, in (partition hash, partition,
 * sort) order, or of one parallel-scan segment (a range of partition hashes), read page by page —
 * Limit and the 1 MB page limit count items read, before the filter. An index returns its
 * projected attributes.
 */
export async function scan(ctx: TableContext, body: unknown): Promise<unknown> {
  const request = checkScan(body);
  const { input, segment } = request;
  const table = await requireItemTable(ctx, input.TableName);
  const definition = table.definition;
  const target = readTargetOf(definition, input.IndexName, input.ConsistentRead, input.Select, request.projection);
  const { index } = target;
  const indexStart = index && request.startKey && indexStartKeyOf(definition, index, request.startKey);
  const start: ItemKey | undefined = index ? indexStart?.key : request.startKey && startKeyOf(definition, request.startKey, 'Scan');
  let hashes: HashRange | undefined;
  if (segment !== undefined) {
    hashes = segmentRange(segment.segment, segment.total);
    if (start !== undefined) checkStartKeyInSegment(start, hashes, segment.segment, segment.total);
  }
  const countOnly = input.Select === 'COUNT';
  const fetch: PageFetch = index
    ? indexScanFetch(ctx, { tableId: table.id, index: index.name, fetchItems: target.fetchItems, start: indexStart }, hashes)
    : (after: StoredItem | undefined, limit: number) => {
        const cursor = after !== undefined ? after.key : start;
        return ctx.engine.scan({ tableId: table.id, ...hashes, limit, ...(cursor !== undefined && { after: cursor }) });
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
