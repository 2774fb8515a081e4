import type { StoredItem } from '../../storage/engine.js';
import { evaluateCondition, projectItem, type Condition, type Projection } from '../expressions/index.js';
import { decodeItem } from '../item-codec.js';

/**
 * One page of a Query or Scan, read the way DynamoDB reads it: items are taken in order until
 * `Limit` items have been evaluated or 1 MB of items (by DynamoDB's item size) has been read; only
 * then is the filter applied, so Count ≤ ScannedCount and a page may hold no item at all. The item
 * that takes the page to 1 MB is still part of it ("If the total size of scanned items exceeds the
 * maximum dataset size limit of 1 MB, the scan completes", Scan API reference).
 */

/** DynamoDB's page size limit: 1 MB of items read. */
export const MAX_PAGE_BYTES = 1024 * 1024;

/**
 * An index entry carrying its table item's document (a local index read fetching what the index
 * does not project): `size` stays the entry's, `fetchedSize` is the table item read.
 */
export interface FetchedItem extends StoredItem {
  readonly fetchedSize: number;
}

/** Reads at most `limit` items after `after` (from the start when undefined), in the read's order. */
export type PageFetch = (after: StoredItem | undefined, limit: number) => Promise<StoredItem[]>;

export interface PageOptions {
  /** Items to evaluate at most (the request's Limit). */
  readonly limit: number | undefined;
  readonly filter: Condition | undefined;
  readonly projection: Projection | undefined;
  /** Select COUNT: count matches without keeping them. */
  readonly countOnly: boolean;
}

export interface Page {
  /** JSON text of each returned item (projected when asked). */
  readonly items: string[];
  readonly count: number;
  readonly scannedCount: number;
  /** Sum of the sizes of the items (or index entries) read, for capacity. */
  readonly bytes: number;
  /** Sizes of the table items fetched for index entries, each a read of its own. */
  readonly fetchedSizes: readonly number[];
  /** The last item evaluated, when the page stopped at Limit or at 1 MB: its key is LastEvaluatedKey. */
  readonly last: StoredItem | undefined;
}

const FIRST_BATCH = 100;
const MAX_BATCH = 1000;

export async function readPage(fetch: PageFetch, options: PageOptions): Promise<Page> {
  const { filter, projection, countOnly } = options;
  const limit = options.limit ?? Infinity;
  const items: string[] = [];
  let count = 0;
  let scanned = 0;
  let bytes = 0;
  let last: StoredItem | undefined;
  const fetchedSizes: number[] = [];
  let batch = Math.min(limit, FIRST_BATCH);
  for (;;) {
    const read = await fetch(last, batch);
    for (const item of read) {
      scanned++;
      bytes += item.size;
      if ((item as Partial<FetchedItem>).fetchedSize !== undefined) fetchedSizes.push((item as FetchedItem).fetchedSize);
      last = item;
      if (matches(item, filter, projection, countOnly, items)) count++;
      if (scanned >= limit || bytes >= MAX_PAGE_BYTES) return { items, count, scannedCount: scanned, bytes, fetchedSizes, last };
    }
    if (read.length < batch) return { items, count, scannedCount: scanned, bytes, fetchedSizes, last: undefined };
    batch = nextBatch(limit - scanned, bytes, scanned);
  }
}

/** Evaluates one item; keeps its (projected) text unless only counting. */
function matches(
  item: StoredItem,
  filter: Condition | undefined,
  projection: Projection | undefined,
  countOnly: boolean,
  items: string[],
): boolean {
  const decoded = filter !== undefined || (projection !== undefined && !countOnly) ? decodeItem(item.json) : undefined;
  if (filter !== undefined && !evaluateCondition(filter, decoded)) return false;
  if (!countOnly) items.push(projection === undefined ? item.json : JSON.stringify(projectItem(decoded!, projection, true)));
  return true;
}

/** Enough items to reach 1 MB at the average size so far (plus one), within the remaining limit. */
function nextBatch(remaining: number, bytes: number, scanned: number): number {
  const average = Math.max(1, bytes / scanned);
  const toFill = Math.ceil((MAX_PAGE_BYTES - bytes) / average) + 1;
  return Math.max(1, Math.min(remaining, MAX_BATCH, toFill));
}
