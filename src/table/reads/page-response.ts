import { RawJson } from '../../shared/raw-json.js';
import type { StoredIndexEntry, StoredItem } from '../../storage/engine.js';
import { decodeKeyValue } from '../../storage/key-encoding.js';
import { consumedCapacity, readUnits, type ReturnConsumedCapacity } from '../capacity.js';
import { decodeKeyPart, partitionAttributesOf, sortAttributesOf } from '../indexes/index-key.js';
import type { KeyShape } from '../table-definition.js';
import type { AttributeMap } from '../values/attribute-value.js';
import { setOwn } from '../values/normalize-value.js';
import type { Page } from './read-page.js';

export interface PageResponseOptions {
  /** The key schema whose attributes make up LastEvaluatedKey. */
  readonly key: KeyShape;
  /** Reading an index: the table's key schema, whose attributes LastEvaluatedKey also holds. */
  readonly tableKey?: KeyShape;
  /** Select COUNT: no Items member. */
  readonly countOnly: boolean;
  readonly returnConsumedCapacity: ReturnConsumedCapacity | undefined;
  /** As the request gave it (a name or an ARN), echoed in ConsumedCapacity. */
  readonly tableName: string;
  readonly consistentRead: boolean;
  /** The index read, when IndexName was given: its units are reported under it. */
  readonly index?: { readonly name: string; readonly local: boolean };
}

/**
 * The Query / Scan response: Items (stored JSON spliced in, not re-serialised), Count, ScannedCount,
 * LastEvaluatedKey when the page stopped early, and ConsumedCapacity — the items read, summed then
 * rounded up to 4 KB units as one read (the developer guide's "Query" capacity rule; Scan likewise),
 * halved when eventually consistent. An index read charges the index; the table is charged only for
 * items fetched from it, each rounded on its own (INDEXES answers Table 0 and the index's units, or
 * Table 3 for three small fetched items — dynalite's suite, run against AWS).
 */
export function pageResponse(page: Page, options: PageResponseOptions): RawJson {
  let text = options.countOnly ? '{' : `{"Items":[${itemList(page.items)}],`;
  text += `"Count":${page.count},"ScannedCount":${page.scannedCount}`;
  if (page.last !== undefined) text += `,"LastEvaluatedKey":${JSON.stringify(lastEvaluatedKey(page.last, options.key, options.tableKey))}`;
  const consumed = readCapacity(page, options);
  if (consumed) text += `,"ConsumedCapacity":${JSON.stringify(consumed)}`;
  return new RawJson(text + '}');
}

/**
 * The items' texts joined by commas as a rope (+=) rather than join(): join copies every item into a new flat string,
 * and the response is flattened once more when it is written, so a 10-item page allocated its items' bytes twice
 * over (3 KB of the 26 KB a Query allocates, docs/benchmarks.md "Query's tail under a steady rate"; BatchGetItem,
 * TransactGetItems and PartiQL's reads likewise, "Query's allocation, second pass").
 */
export function itemList(items: readonly string[]): string {
  let text = items.length === 0 ? '' : items[0]!;
  for (let i = 1; i < items.length; i++) text += ',' + items[i]!;
  return text;
}

function readCapacity(page: Page, options: PageResponseOptions): ReturnType<typeof consumedCapacity> {
  const { index, consistentRead } = options;
  const units = readUnits(page.bytes, consistentRead);
  if (index === undefined) return consumedCapacity(options.returnConsumedCapacity, options.tableName, 'read', units);
  let fetched = 0;
  for (const size of page.fetchedSizes) fetched += readUnits(size, consistentRead);
  const indexUnits = { [index.name]: units };
  return consumedCapacity(options.returnConsumedCapacity, options.tableName, 'read', fetched, index.local ? { local: indexUnits } : { global: indexUnits });
}

/**
 * Exactly the key attributes of the item, decoded from its stored key (numbers canonical, as stored);
 * for an index entry, the index's key attributes and then the table's, as DynamoDB returns them.
 */
export function lastEvaluatedKey(item: StoredItem, key: KeyShape, tableKey?: KeyShape): AttributeMap {
  const result: AttributeMap = {};
  if (key.partitionAttributes !== undefined || key.sortAttributes !== undefined) {
    // A multi-attribute key: every one of its attributes, decoded from the key tuples.
    for (const [bytes, attributes] of [[item.key.partition, partitionAttributesOf(key)], [item.key.sort, sortAttributesOf(key)]] as const) {
      decodeKeyPart(bytes, attributes).forEach((value, i) => setOwn(result, attributes[i]!.name, value));
    }
  } else {
    setOwn(result, key.partition.name, decodeKeyValue(item.key.partition, key.partition.type));
    if (key.sort) setOwn(result, key.sort.name, decodeKeyValue(item.key.sort, key.sort.type));
  }
  const itemKey = (item as Partial<StoredIndexEntry>).itemKey;
  if (tableKey !== undefined && itemKey !== undefined) {
    setOwn(result, tableKey.partition.name, decodeKeyValue(itemKey.partition, tableKey.partition.type));
    if (tableKey.sort) setOwn(result, tableKey.sort.name, decodeKeyValue(itemKey.sort, tableKey.sort.type));
  }
  return result;
}
