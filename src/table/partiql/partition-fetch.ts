import type { IndexPosition, ItemKey, StoredItem } from '../../storage/engine.js';
import { bindKeyCondition, type KeyConditionTerm } from '../expressions/index.js';
import { indexRangeFetch } from '../indexes/index-fetch.js';
import type { KeyRange } from '../reads/key-range.js';
import { keyRangeOf } from '../reads/key-range.js';
import type { PageFetch } from '../reads/read-page.js';
import type { KeyShape } from '../table-definition.js';
import type { TableContext } from '../table-context.js';
import { partiqlErrors } from './partiql-errors.js';

/** Which way a Query of several partitions reads: the partitions, and each partition's sort keys. */
export interface ReadOrder {
  readonly reversePartitions: boolean;
  readonly reverseSort: boolean;
}

/** Where a Query of several partitions reads, and where a NextToken resumes it. */
export interface PartitionReads extends ReadOrder {
  readonly tableId: number;
  /** The index read, if any. */
  readonly index: string | undefined;
  readonly key: KeyShape;
  /** One set of key-condition terms per partition (see keyReadsOf). */
  readonly reads: readonly KeyConditionTerm[][];
  /** The table position a NextToken resumes after (table reads). */
  readonly start: ItemKey | undefined;
  /** The index position a NextToken resumes after (index reads). */
  readonly indexStart: IndexPosition | undefined;
}

/**
 * The Query of one or more partitions (`pk = v`, `pk IN […]`, ORed equalities): each partition in
 * turn, in key order (reversed with DESC), each read as Query reads it. A page is filled across
 * partitions, so Limit and the 1 MB page still count every item read; a NextToken names the item
 * read last, hence its partition and where in it to go on.
 */
export function partitionFetch(ctx: TableContext, options: PartitionReads): PageFetch {
  const ranges = distinctRanges(options.reads.map((terms) => keyRangeOf(bindKeyCondition(terms, options.key))), options.reversePartitions);
  const resumeAt = options.indexStart?.key ?? options.start;
  const startIndex = resumeAt === undefined ? 0 : ranges.findIndex((r) => Buffer.compare(r.partition, resumeAt.partition) === 0);
  if (startIndex === -1) throw partiqlErrors.invalidNextToken();
  const fetches = ranges.map((range, i) => rangeFetch(ctx, options, range, i === startIndex));
  return async (after, limit) => {
    let i = after === undefined ? startIndex : ranges.findIndex((r) => Buffer.compare(r.partition, after.key.partition) === 0);
    let cursor = after;
    const items: StoredItem[] = [];
    while (i < ranges.length && items.length < limit) {
      const wanted = limit - items.length;
      const read = await fetches[i]!(cursor, wanted);
      items.push(...read);
      if (read.length < wanted) {
        i++;
        cursor = undefined;
      }
    }
    return items;
  };
}

/** One partition's range read; the partition a NextToken names starts after its position. */
function rangeFetch(ctx: TableContext, options: PartitionReads, range: KeyRange, resumes: boolean): PageFetch {
  const { tableId, index, reverseSort: reverse } = options;
  if (index !== undefined) {
    return indexRangeFetch(ctx, { tableId, index, fetchItems: false, start: resumes ? options.indexStart : undefined }, range, reverse);
  }
  const start = resumes ? options.start : undefined;
  return (after, limit) => {
    const cursor = after !== undefined ? after.key.sort : start?.sort;
    return ctx.engine.readRange({ tableId, ...range, reverse, limit, ...(cursor !== undefined && { after: cursor }) });
  };
}

/** The ranges by partition key order (reversed when reading backwards), each partition once. */
function distinctRanges(ranges: KeyRange[], reverse: boolean): KeyRange[] {
  const sorted = [...ranges].sort((a, b) => Buffer.compare(a.partition, b.partition) * (reverse ? -1 : 1));
  return sorted.filter((range, i) => i === 0 || Buffer.compare(range.partition, sorted[i - 1]!.partition) !== 0);
}
