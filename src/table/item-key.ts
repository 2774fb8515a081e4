import type { ItemKey } from '../storage/engine.js';
import { encodeKeyValue, partitionHash } from '../storage/key-encoding.js';
import { tableErrors } from './errors.js';
import { partitionAttributesOf, sortAttributesOf } from './indexes/index-key.js';
import type { IndexDefinition, KeyAttribute, TableDefinition } from './table-definition.js';
import type { AttributeMap, AttributeValue } from './values/attribute-value.js';
import {
  MAX_PARTITION_KEY_BYTES,
  MAX_SORT_KEY_BYTES,
  checkIndexKeyValue,
  checkItemKeyAttribute,
  checkKeyValue,
  keyValueSize,
} from './values/key-rules.js';
import { setOwn } from './values/normalize-value.js';

const EMPTY = new Uint8Array(0);

/**
 * The primary key of a PutItem `Item` (or any full item about to be written): every key attribute must be
 * present with the schema's type, non-empty and within the key size limits. The item must be normalised
 * (numbers canonical), so equal numbers encode to equal keys.
 */
export function keyOfItem(table: TableDefinition, item: AttributeMap): ItemKey {
  const { partition, sort } = table.key;
  const partitionValue = requireItemKeyValue(partition, item, true);
  const sortValue = sort ? requireItemKeyValue(sort, item, false) : undefined;
  return encodeKey(partitionValue, sortValue);
}

/**
 * The primary key named by a `Key` parameter (GetItem, DeleteItem, UpdateItem): exactly the schema's
 * attributes, each of the schema's type — any mismatch is the one message DynamoDB gives for all of
 * them — then the value rules (non-empty, size).
 */
export function keyOfKeyMap(table: TableDefinition, key: AttributeMap): ItemKey {
  const { partition, sort } = table.key;
  let count = 0;
  for (const _ in key) count++;
  if (count !== (sort ? 2 : 1)) throw schemaMismatch();
  const partitionValue = matchingKeyValue(partition, key, true);
  const sortValue = sort ? matchingKeyValue(sort, key, false) : undefined;
  return encodeKey(partitionValue, sortValue);
}

/** The item's key attributes only, as a new map (the item UpdateItem creates when none exists). */
export function keyAttributesOf(table: TableDefinition, item: AttributeMap): AttributeMap {
  const key: AttributeMap = {};
  const { partition, sort } = table.key;
  setOwn(key, partition.name, item[partition.name]!);
  if (sort) setOwn(key, sort.name, item[sort.name]!);
  return key;
}

/** A new map of `key`'s key attributes followed by the attributes of `item` (which holds no key attribute). */
export function withKeyAttributes(table: TableDefinition, key: AttributeMap, item: AttributeMap): AttributeMap {
  const result = keyAttributesOf(table, key);
  for (const name in item) setOwn(result, name, item[name]!);
  return result;
}

/** True when `name` is one of the table's primary key attributes. */
export function isKeyAttribute(table: TableDefinition, name: string): boolean {
  return table.key.partition.name === name || table.key.sort?.name === name;
}

/**
 * Checks the attributes of a full item that are keys of a secondary index: when present they must have
 * the index's type, be non-empty and fit the key size limits (absent is fine: the item is not indexed).
 */
export function checkIndexKeys(table: TableDefinition, item: AttributeMap): void {
  if (table.globalIndexes.length > 0) for (const index of table.globalIndexes) checkIndexKeysOf(table, index, item);
  if (table.localIndexes.length > 0) for (const index of table.localIndexes) checkIndexKeysOf(table, index, item);
}

/**
 * checkIndexKeys for the item an update expression made. An empty index key value is then the update's
 * fault, worded so: "The update expression attempted to update a secondary index key to a value that
 * is not supported" (AWS's answer to a TransactWriteItems Update, as a public conformance suite
 * captured it; UpdateItem assumed to answer alike, unconfirmed).
 */
export function checkUpdatedIndexKeys(table: TableDefinition, item: AttributeMap): void {
  try {
    checkIndexKeys(table, item);
  } catch (error) {
    const empty = error instanceof Error && /^One or more parameter values are not valid\. A value specified for a secondary index key is not supported\. The AttributeValue for a key attribute cannot contain an empty (string|binary) value\./.exec(error.message);
    if (!empty) throw error;
    throw tableErrors.validation(
      'One or more parameter values are not valid. The update expression attempted to update a secondary index key to a value that is not supported. ' +
        `The AttributeValue for a key attribute cannot contain an empty ${empty[1]} value.`,
    );
  }
}

/** The error checkUpdatedIndexKeys gives for an empty index key: it fails a whole transaction. */
export const isUpdatedIndexKeyEmpty = (error: unknown): boolean =>
  error instanceof Error && error.message.startsWith('One or more parameter values are not valid. The update expression attempted');

function checkIndexKeysOf(table: TableDefinition, index: IndexDefinition, item: AttributeMap): void {
  // Each attribute of a multi-attribute key under its part's limit (unconfirmed: DynamoDB documents
  // no size rule of its own for them).
  for (const attribute of partitionAttributesOf(index.key)) checkIndexKey(table, index, attribute, item, MAX_PARTITION_KEY_BYTES);
  for (const attribute of sortAttributesOf(index.key)) checkIndexKey(table, index, attribute, item, MAX_SORT_KEY_BYTES);
}

function checkIndexKey(
  table: TableDefinition,
  index: IndexDefinition,
  attribute: KeyAttribute,
  item: AttributeMap,
  maxBytes: number,
): void {
  // Table key attributes were checked with the table's messages already.
  if (!Object.hasOwn(item, attribute.name) || isKeyAttribute(table, attribute.name)) return;
  const value = item[attribute.name]!;
  checkIndexKeyValue(index.name, attribute.name, value, attribute.type);
  const size = keyValueSize(value);
  if (size > maxBytes) {
    // Seen in DynamoDB's answers as reported by users (e.g. "Actual Size: 2175 bytes Max Size: 2048 bytes").
    throw tableErrors.validation(
      `One or more parameter values were invalid: Size limit exceeded for Index Key ${attribute.name} Actual Size: ${size} bytes Max Size: ${maxBytes} bytes IndexName: ${index.name}`,
    );
  }
}

function requireItemKeyValue(attribute: KeyAttribute, item: AttributeMap, isPartition: boolean): AttributeValue {
  checkItemKeyAttribute(item, attribute.name, attribute.type, isPartition);
  return item[attribute.name]!;
}

function matchingKeyValue(attribute: KeyAttribute, key: AttributeMap, isPartition: boolean): AttributeValue {
  const value = Object.hasOwn(key, attribute.name) ? key[attribute.name] : undefined;
  if (value === undefined || !(attribute.type in value)) throw schemaMismatch();
  checkKeyValue(attribute.name, value, attribute.type, isPartition);
  return value;
}

function encodeKey(partitionValue: AttributeValue, sortValue: AttributeValue | undefined): ItemKey {
  const partition = encodeKeyValue(partitionValue);
  return { hash: partitionHash(partition), partition, sort: sortValue ? encodeKeyValue(sortValue) : EMPTY };
}

const schemaMismatch = () => tableErrors.validation('The provided key element does not match the schema');
