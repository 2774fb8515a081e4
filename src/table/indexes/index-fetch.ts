import type { IndexPosition, StoredIndexEntry, StoredItem } from '../../storage/engine.js';
import { partitionHash } from '../../storage/key-encoding.js';
import type { KeyRange } from '../reads/key-range.js';
import type { FetchedItem, PageFetch } from '../reads/read-page.js';
import type { HashRange } from '../reads/scan-segments.js';
import type { TableContext } from '../table-context.js';

/** How a Query or Scan of an index reads its entries page by page. */
export interface IndexReadOptions {
  readonly tableId: number;
  readonly index: string;
  /** Return each entry's table item instead of its projection (see ReadTarget.fetchItems). */
  readonly fetchItems: boolean;
  /** The ExclusiveStartKey's position, when given. */
  readonly start: IndexPosition | undefined;
}

/** One partition of the index, in (sort key, table key) order or reversed. */
export function indexRangeFetch(ctx: TableContext, options: IndexReadOptions, range: KeyRange, reverse: boolean): PageFetch {
  return async (after, limit) => {
    const cursor = after !== undefined ? (after as StoredIndexEntry) : options.start;
    const entries = await ctx.engine.readIndexRange({
      tableId: options.tableId,
      index: options.index,
      ...range,
      reverse,
      limit,
      ...(cursor !== undefined && { after: cursor }),
    });
    return options.fetchItems ? withTableItems(ctx, options.tableId, entries) : entries;
  };
}

/** The whole index, or one parallel-scan segment of its partition hashes. */
export function indexScanFetch(ctx: TableContext, options: IndexReadOptions, hashes: HashRange | undefined): PageFetch {
  return async (after, limit) => {
    const cursor = after !== undefined ? (after as StoredIndexEntry) : options.start;
    const entries = await ctx.engine.scanIndex({
      tableId: options.tableId,
      index: options.index,
      ...hashes,
      limit,
      ...(cursor !== undefined && { after: cursor }),
    });
    return options.fetchItems ? withTableItems(ctx, options.tableId, entries) : entries;
  };
}

/**
 * Entries carrying their table item's document instead of the projection; the entry's keys and size
 * stay (they are the page's cursor and the index read), the table item's size is the fetch's read.
 * An item deleted since the entry was read keeps the projection.
 */
async function withTableItems(ctx: TableContext, tableId: number, entries: StoredIndexEntry[]): Promise<StoredItem[]> {
  return Promise.all(
    entries.map(async (entry): Promise<StoredItem> => {
      const { partition, sort } = entry.itemKey;
      const item = await ctx.engine.getItem(tableId, { hash: partitionHash(partition), partition, sort });
      if (item === undefined) return entry;
      const fetched: FetchedItem = { ...entry, json: item.json, fetchedSize: item.size };
      return fetched;
    }),
  );
}
