import type { IndexEntry } from '../../storage/engine.js';
import { partitionHash } from '../../storage/key-encoding.js';
import type { EncodedItem } from '../item-codec.js';
import type { IndexDefinition, KeyAttribute, TableDefinition } from '../table-definition.js';
import type { AttributeMap, AttributeValue } from '../values/attribute-value.js';
import { itemSize } from '../values/item-size.js';
import { MAX_PARTITION_KEY_BYTES, MAX_SORT_KEY_BYTES, keyValueSize } from '../values/key-rules.js';
import { setOwn } from '../values/normalize-value.js';
import { encodeKeyPart, keyAttributesOf, partitionAttributesOf, sortAttributesOf } from './index-key.js';

const EMPTY = new Uint8Array(0);

/** Every secondary index of the table, local ones first. */
export function indexesOf(table: TableDefinition): IndexDefinition[] {
  return [...table.localIndexes, ...table.globalIndexes];
}

/**
 * The entries an item has in the table's secondary indexes, for ItemMutation.indexEntries; undefined
 * when the table has none (the engine then leaves entries alone). An item belongs to an index only
 * when every key attribute of the index is present with the index's type (sparse indexes): writes
 * check the types and sizes first (checkIndexKeys), so a wrong type, an empty value or a value over
 * the key size limits here is an item written before a GSI was added, which DynamoDB's backfill leaves
 * out of the index ("Detecting and correcting index key violations", developer guide).
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
  // A multi-attribute key indexes the item only when every one of its attributes is there (sparse).
  const partitionValues = keyValues(partitionAttributesOf(index.key), item, MAX_PARTITION_KEY_BYTES);
  if (partitionValues === undefined) return undefined;
  const sortValues = keyValues(sortAttributesOf(index.key), item, MAX_SORT_KEY_BYTES);
  if (sortValues === undefined) return undefined;
  const encodedPartition = encodeKeyPart(partitionValues, index.key.partitionAttributes !== undefined);
  const sort = sortValues.length > 0 ? encodeKeyPart(sortValues, index.key.sortAttributes !== undefined) : EMPTY;
  const key = { hash: partitionHash(encodedPartition), partition: encodedPartition, sort };
  if (index.projection.ProjectionType === 'ALL') return { index: index.name, key, json: encoded.json, size: encoded.size };
  const projected = projectedDocument(table, index, item);
  return { index: index.name, key, json: JSON.stringify(projected), size: itemSize(projected) };
}

function keyValues(attributes: readonly KeyAttribute[], item: AttributeMap, maxBytes: number): AttributeValue[] | undefined {
  const values: AttributeValue[] = [];
  for (const attribute of attributes) {
    const value = keyValue(attribute, item, maxBytes);
    if (value === undefined) return undefined;
    values.push(value);
  }
  return values;
}

function keyValue(attribute: KeyAttribute, item: AttributeMap, maxBytes: number): AttributeValue | undefined {
  if (!Object.hasOwn(item, attribute.name)) return undefined;
  const value = item[attribute.name]!;
  if (!(attribute.type in value)) return undefined;
  const scalar = (value as Record<string, string>)[attribute.type]!;
  if (scalar.length === 0) return undefined;
  return attribute.type === 'N' || keyValueSize(value) <= maxBytes ? value : undefined;
}

/** Names an index entry always holds: the table's and the index's key attributes. */
export function indexKeyNames(table: TableDefinition, index: IndexDefinition): Set<string> {
  const names = new Set<string>([table.key.partition.name]);
  if (table.key.sort) names.add(table.key.sort.name);
  for (const attribute of keyAttributesOf(index.key)) names.add(attribute.name);
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
