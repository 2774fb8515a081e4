import type { AttributeMap } from '../values/attribute-value.js';

/**
 * When DynamoDB considers an item expired. The TTL attribute must be a top-level Number holding epoch
 * seconds; any other type (a String date, a Map, a Set of numbers …) or a missing attribute means the
 * item never expires. Values more than five years in the past are ignored too: AWS documents this as
 * a guard against values written in the wrong unit (milliseconds read as seconds are far in the
 * future, microseconds in the past…). How AWS counts "five years" exactly is unconfirmed; Eddy uses
 * 5 × 365 days.
 */
export const TTL_IGNORED_AFTER_SECONDS = 5 * 365 * 24 * 60 * 60;

/**
 * The epoch seconds of an item's TTL attribute when it makes the item expired at `nowMs` (value
 * strictly before now, and not more than five years before it); undefined otherwise.
 */
export function expiredTtl(item: AttributeMap, attributeName: string, nowMs: number): number | undefined {
  // Own property only: an attribute named `__proto__` or `toString` must not find Object.prototype's.
  if (!Object.hasOwn(item, attributeName)) return undefined;
  const value = item[attributeName]!;
  if (!('N' in value) || typeof value.N !== 'string') return undefined;
  const seconds = Number(value.N);
  if (!Number.isFinite(seconds)) return undefined;
  const nowSeconds = nowMs / 1000;
  if (seconds >= nowSeconds) return undefined;
  if (seconds < nowSeconds - TTL_IGNORED_AFTER_SECONDS) return undefined;
  return seconds;
}

/**
 * A cheap test on an item's stored JSON text: false when the item cannot have a Number attribute of
 * that name at any level, so the sweeper skips parsing it. Stored items are `JSON.stringify`d
 * AttributeMaps, so a top-level Number attribute appears as `"name":{"N":`.
 */
export function mayHaveTtl(json: string, attributeName: string): boolean {
  return json.includes(`${JSON.stringify(attributeName)}:{"N":`);
}
