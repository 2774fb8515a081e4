import type { IndexPosition, ItemKey } from '../../storage/engine.js';
import { encodeKeyValue, partitionHash } from '../../storage/key-encoding.js';
import { tableErrors } from '../errors.js';
import type { IndexDefinition, KeyAttribute, TableDefinition } from '../table-definition.js';
import type { AttributeMap, AttributeValue } from '../values/attribute-value.js';
import { checkKeyValue } from '../values/key-rules.js';
import { encodeKeyPart, keyAttributesOf, partitionAttributesOf, sortAttributesOf } from '../indexes/index-key.js';
import { invalidStartKey, startKeyError } from '../validation/read-request.js';

const EMPTY = new Uint8Array(0);
const SCHEMA_MISMATCH = 'The provided key element does not match the schema';

/**
 * The position an ExclusiveStartKey names on a base table: exactly the table's key attributes, of
 * the schema's types, under the key rules. DynamoDB words the failures differently per operation
 * (dynalite's suite, run against AWS): Query answers "The provided starting key is invalid" for a
 * wrong set of attributes and the bare schema-mismatch message for a wrong type; Scan answers
 * "The provided starting key is invalid: The provided key element does not match the schema" for
 * both. A value breaking the key rules is "The provided starting key is invalid: <rule>" in both.
 */
export function startKeyOf(table: TableDefinition, key: AttributeMap, operation: 'Query' | 'Scan'): ItemKey {
  const { partition, sort } = table.key;
  const mismatch = (wrongType: boolean) =>
    operation === 'Scan'
      ? invalidStartKey(SCHEMA_MISMATCH)
      : wrongType
        ? tableErrors.validation(SCHEMA_MISMATCH)
        : invalidStartKey();
  let count = 0;
  for (const _ in key) count++;
  if (count !== (sort ? 2 : 1)) throw mismatch(false);
  const partitionValue = keyValue(partition, key, true, mismatch);
  const sortValue = sort ? keyValue(sort, key, false, mismatch) : undefined;
  const encoded = encodeKeyValue(partitionValue);
  return { hash: partitionHash(encoded), partition: encoded, sort: sortValue ? encodeKeyValue(sortValue) : EMPTY };
}

function keyValue(
  attribute: KeyAttribute,
  key: AttributeMap,
  isPartition: boolean,
  mismatch: (wrongType: boolean) => unknown,
): AttributeValue {
  if (!Object.hasOwn(key, attribute.name)) throw mismatch(false);
  const value = key[attribute.name]!;
  if (!(attribute.type in value)) throw mismatch(true);
  try {
    checkKeyValue(attribute.name, value, attribute.type, isPartition);
  } catch (error) {
    throw startKeyError(error);
  }
  return value;
}

/**
 * The position an ExclusiveStartKey names in a secondary index: exactly the table's and the index's
 * key attributes. A wrong set of attributes is "The provided starting key is invalid" for Query and
 * Scan alike, a wrong type the schema-mismatch message (dynalite's suite, run against AWS).
 */
export function indexStartKeyOf(table: TableDefinition, index: IndexDefinition, key: AttributeMap): IndexPosition {
  const names = new Set([table.key.partition.name, table.key.sort?.name, ...keyAttributesOf(index.key).map((a) => a.name)]);
  names.delete(undefined);
  let count = 0;
  for (const _ in key) count++;
  if (count !== names.size) throw invalidStartKey();
  const value = (attribute: KeyAttribute, isPartition: boolean): AttributeValue =>
    keyValue(attribute, key, isPartition, (wrongType) => (wrongType ? tableErrors.validation(SCHEMA_MISMATCH) : invalidStartKey()));
  const encode = (attribute: KeyAttribute | undefined, isPartition: boolean): Uint8Array =>
    attribute === undefined ? EMPTY : encodeKeyValue(value(attribute, isPartition));
  // A multi-attribute key part is the tuple of its attributes' values (indexes/index-key.ts).
  const part = (attributes: readonly KeyAttribute[], multiAttribute: boolean, isPartition: boolean): Uint8Array =>
    attributes.length === 0 ? EMPTY : encodeKeyPart(attributes.map((attribute) => value(attribute, isPartition)), multiAttribute);
  const partition = part(partitionAttributesOf(index.key), index.key.partitionAttributes !== undefined, true);
  const sort = part(sortAttributesOf(index.key), index.key.sortAttributes !== undefined, false);
  return {
    key: { hash: partitionHash(partition), partition, sort },
    itemKey: { partition: encode(table.key.partition, true), sort: encode(table.key.sort, false) },
  };
}
