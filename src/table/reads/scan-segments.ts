import type { ItemKey } from '../../storage/engine.js';
import { invalidStartKey } from '../validation/read-request.js';

/** Size of the partition-hash space (hashes are 32-bit unsigned). */
const HASH_SPACE = 2 ** 32;

export interface HashRange {
  readonly hashFrom: number;
  readonly hashTo: number;
}

/**
 * The inclusive partition-hash range of one parallel-scan segment: the space cut into `total`
 * contiguous ranges as even as integers allow. Consecutive segments meet exactly (segment i ends
 * one below where i + 1 starts, the last ends at 2^32 - 1), so every item is in exactly one.
 */
export function segmentRange(segment: number, total: number): HashRange {
  return { hashFrom: boundary(segment, total), hashTo: boundary(segment + 1, total) - 1 };
}

function boundary(index: number, total: number): number {
  // index * 2^32 stays below 2^53 for total ≤ 1,000,000, so the product is exact.
  return Math.floor((index * HASH_SPACE) / total);
}

/** A start key from another segment is refused with DynamoDB's message (dynalite's suite, run against AWS). */
export function checkStartKeyInSegment(start: ItemKey, range: HashRange, segment: number, total: number): void {
  if (start.hash < range.hashFrom || start.hash > range.hashTo) {
    throw invalidStartKey(
      `Invalid ExclusiveStartKey. Please use ExclusiveStartKey with correct Segment. TotalSegments: ${total} Segment: ${segment}`,
    );
  }
}
