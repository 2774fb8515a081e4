import type { IndexEntry } from '../../storage/engine.js';
import { encodeKeyValue, partitionHash } from '../../storage/key-encoding.js';
import type { EncodedItem } from '../item-codec.js';
import type { IndexDefinition, KeyAttribute, TableDefinition } from '../table-definition.js';
import type { AttributeMap, AttributeValue } from '../values/attribute-value.js';
import { itemSize } from '../values/item-size.js';
import { setOwn } from '../values/normalize-value.js';

const EMPTY = new Uint8Array(0);

/** Every secondary index of the table, local ones first. */
export function indexesOf(table: TableDefinition): IndexDefinition[] {
  return [...table.localIndexes, ...table.globalIndexes];
}

/**
 * The entries an item has in the table's secondary indexes, for ItemMutation.indexEntries; undefined
 * when the table has none (the engine then leaves entries alone). An item belongs to an index only
 * when every key attribute of the index is present with the index's type (sparse indexes): writes
 * check the types first (checkIndexKeys), so a mismatch here is an item written before a GSI was
 * added, which DynamoDB leaves out of the index too.
 */
export function indexEntriesOf(table: TableDefinition, item: AttributeMap, encoded: EncodedItem): IndexEntry[] | undefined {
  if (table.localIndexes.length === 0 && table.globalIndexes.length === 0) return undefined;
  const entries: IndexEntry[] = [];
  for (const index of indexesOf(table)) {
    const entry = indexEntryOf(table, index, item, encoded);
    if (entry !== undefined) entries.push(entry);
  }
  return entries;
}

function indexEntryOf(table: TableDefinition, index: IndexDefinition, item: AttributeMap, encoded: EncodedItem): IndexEntry | undefined {
  const partition = keyValue(index.key.partition, item);
  if (partition === undefined) return undefined;
  let sort: AttributeValue | undefined;
  if (index.key.sort) {
    sort = keyValue(index.key.sort, item);
    if (sort === undefined) return undefined;
  }
  const encodedPartition = encodeKeyValue(partition);
  const key = { hash: partitionHash(encodedPartition), partition: encodedPartition, sort: sort ? encodeKeyValue(sort) : EMPTY };
  if (index.projection.ProjectionType === 'ALL') return { index: index.name, key, json: encoded.json, size: encoded.size };
  const projected = projectedDocument(table, index, item);
  return { index: index.name, key, json: JSON.stringify(projected), size: itemSize(projected) };
}

function keyValue(attribute: KeyAttribute, item: AttributeMap): AttributeValue | undefined {
  if (!Object.hasOwn(item, attribute.name)) return undefined;
  const value = item[attribute.name]!;
  if (!(attribute.type in value)) return undefined;
  const scalar = (value as Record<string, string>)[attribute.type]!;
  return scalar.length === 0 ? undefined : value;
}

/** Names an index entry always holds: the table's and the index's key attributes. */
export function indexKeyNames(table: TableDefinition, index: IndexDefinition): Set<string> {
  const names = new Set<string>([table.key.partition.name, index.key.partition.name]);
  if (table.key.sort) names.add(table.key.sort.name);
  if (index.key.sort) names.add(index.key.sort.name);
  return names;
}

/** The item as a KEYS_ONLY or INCLUDE index holds it: keys and included attributes, in the item's order. */
function projectedDocument(table: TableDefinition, index: IndexDefinition, item: AttributeMap): AttributeMap {
  const names = indexKeyNames(table, index);
  for (const name of index.projection.NonKeyAttributes ?? []) names.add(name);
  const projected: AttributeMap = {};
  for (const name in item) if (names.has(name)) setOwn(projected, name, item[name]!);
  return projected;
}
