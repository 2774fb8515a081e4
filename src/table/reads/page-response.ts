import { RawJson } from '../../shared/raw-json.js';
import type { StoredItem } from '../../storage/engine.js';
import { decodeKeyValue } from '../../storage/key-encoding.js';
import { consumedCapacity, readUnits, type ReturnConsumedCapacity } from '../capacity.js';
import type { KeyShape } from '../table-definition.js';
import type { AttributeMap } from '../values/attribute-value.js';
import { setOwn } from '../values/normalize-value.js';
import type { Page } from './read-page.js';

export interface PageResponseOptions {
  /** The key schema whose attributes make up LastEvaluatedKey. */
  readonly key: KeyShape;
  /** Select COUNT: no Items member. */
  readonly countOnly: boolean;
  readonly returnConsumedCapacity: ReturnConsumedCapacity | undefined;
  /** As the request gave it (a name or an ARN), echoed in ConsumedCapacity. */
  readonly tableName: string;
  readonly consistentRead: boolean;
}

/**
 * The Query / Scan response: Items (stored JSON spliced in, not re-serialised), Count, ScannedCount,
 * LastEvaluatedKey when the page stopped early, and ConsumedCapacity — the items read, summed then
 * rounded up to 4 KB units as one read (the developer guide's "Query" capacity rule; Scan likewise),
 * halved when eventually consistent.
 */
export function pageResponse(page: Page, options: PageResponseOptions): RawJson {
  let text = options.countOnly ? '{' : `{"Items":[${page.items.join(',')}],`;
  text += `"Count":${page.count},"ScannedCount":${page.scannedCount}`;
  if (page.last !== undefined) text += `,"LastEvaluatedKey":${JSON.stringify(lastEvaluatedKey(page.last, options.key))}`;
  const consumed = consumedCapacity(
    options.returnConsumedCapacity,
    options.tableName,
    'read',
    readUnits(page.bytes, options.consistentRead),
  );
  if (consumed) text += `,"ConsumedCapacity":${JSON.stringify(consumed)}`;
  return new RawJson(text + '}');
}

/** Exactly the key attributes of the item, decoded from its stored key (numbers canonical, as stored). */
export function lastEvaluatedKey(item: StoredItem, key: KeyShape): AttributeMap {
  const result: AttributeMap = {};
  setOwn(result, key.partition.name, decodeKeyValue(item.key.partition, key.partition.type));
  if (key.sort) setOwn(result, key.sort.name, decodeKeyValue(item.key.sort, key.sort.type));
  return result;
}
