import type { StoredItem } from '../storage/engine.js';
import type { AttributeMap } from './values/attribute-value.js';
import { valuesEqual } from './values/compare.js';
import { itemSize } from './values/item-size.js';

/**
 * Items are stored as the JSON text of their (normalised) AttributeMap, which is also their wire form:
 * a stored item can be spliced into a response without parsing it.
 */
export interface EncodedItem {
  readonly json: string;
  readonly size: number;
}

/** The stored form of a normalised item; `size` may be passed when already computed. */
export function encodeItem(item: AttributeMap, size = itemSize(item)): EncodedItem {
  return { json: JSON.stringify(item), size };
}

/** The AttributeMap of a stored item's JSON text. */
export function decodeItem(json: string): AttributeMap {
  return JSON.parse(json) as AttributeMap;
}

/**
 * Whether writing `next` over `current` would change nothing (DynamoDB then appends no stream
 * record). Equal text is the common case; otherwise equal sizes are compared value by value, as
 * attribute order and set member order carry no meaning.
 */
export function sameItem(current: StoredItem | undefined, next: EncodedItem, nextItem?: AttributeMap): boolean {
  if (current === undefined) return false;
  if (current.json === next.json) return true;
  if (current.size !== next.size) return false;
  return valuesEqual({ M: decodeItem(current.json) }, { M: nextItem ?? decodeItem(next.json) });
}
