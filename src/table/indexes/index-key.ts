import { decodeKeyValue, encodeKeyValue } from '../../storage/key-encoding.js';
import { decodeKeyTuple, encodeKeyTuple } from '../../storage/key-tuple.js';
import type { KeyAttribute, KeyShape } from '../table-definition.js';
import type { AttributeValue } from '../values/attribute-value.js';

/**
 * The attributes of a key schema, including a GSI's multi-attribute keys (up to four partition-key
 * and four sort-key attributes, DynamoDB 2025). A key part (partition or sort) with one attribute is
 * stored as that value's encoding, exactly as before multi-attribute keys; a part with several is
 * stored as the tuple encoding of their values (storage/key-tuple.ts), which orders entries by the
 * first attribute, then the second, and so on — the order DynamoDB documents for them.
 */

/** The partition-key attributes, in KeySchema order. */
export function partitionAttributesOf(key: KeyShape): readonly KeyAttribute[] {
  return key.partitionAttributes ?? [key.partition];
}

/** The sort-key attributes, in KeySchema order (none for a hash-only key). */
export function sortAttributesOf(key: KeyShape): readonly KeyAttribute[] {
  return key.sortAttributes ?? (key.sort ? [key.sort] : []);
}

/** Every key attribute: partition-key attributes first, then sort-key ones. */
export function keyAttributesOf(key: KeyShape): KeyAttribute[] {
  return [...partitionAttributesOf(key), ...sortAttributesOf(key)];
}

/** True when the partition or the sort key has more than one attribute. */
export function hasMultiAttributeKey(key: KeyShape): boolean {
  return key.partitionAttributes !== undefined || key.sortAttributes !== undefined;
}

/** The stored encoding of one key part from its values (in the part's attribute order). */
export function encodeKeyPart(values: readonly AttributeValue[], multiAttribute: boolean): Uint8Array {
  return multiAttribute ? encodeKeyTuple(values.map((value) => encodeKeyValue(value))) : encodeKeyValue(values[0]!);
}

/** The values of one key part from its stored encoding (empty for an absent sort key). */
export function decodeKeyPart(bytes: Uint8Array, attributes: readonly KeyAttribute[]): AttributeValue[] {
  if (attributes.length === 0) return [];
  if (attributes.length === 1) return [decodeKeyValue(bytes, attributes[0]!.type)];
  return decodeKeyTuple(bytes).map((component, i) => decodeKeyValue(component, attributes[i]!.type));
}
