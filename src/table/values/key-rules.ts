import { tableErrors } from '../errors.js';
import type { AttributeMap, AttributeValue, ScalarAttributeType } from './attribute-value.js';
import { typeOf } from './attribute-value.js';
import { binaryLength } from './binary.js';
import { utf8Length } from './item-size.js';

export const MAX_PARTITION_KEY_BYTES = 2048;
export const MAX_SORT_KEY_BYTES = 1024;

const INVALID = 'One or more parameter values were invalid: ';
const NOT_VALID = 'One or more parameter values are not valid. ';

/** Bytes a key value counts against the key limits: UTF-8 for S, raw bytes for B, 0 for N. */
export function keyValueSize(value: AttributeValue): number {
  if ('S' in value) return utf8Length(value.S);
  if ('B' in value) return binaryLength(value.B);
  return 0; // a number is at most 21 bytes, far below either limit
}

/**
 * Rules for a table key attribute present in an item or key (the value already normalised):
 * its type must be the declared one, S and B must not be empty, and its size must fit the
 * partition (2048 bytes) or sort (1024 bytes) limit. Messages are DynamoDB's, odd spacing
 * included ("limit of2048 bytes"). A key that does not match the schema in GetItem/DeleteItem/
 * UpdateItem is a different error ("The provided key element does not match the schema"), which
 * the operation raises itself.
 */
export function checkKeyValue(name: string, value: AttributeValue, type: ScalarAttributeType, isPartition: boolean): void {
  if (!(type in value)) {
    throw tableErrors.validation(`${INVALID}Type mismatch for key ${name} expected: ${type} actual: ${typeOf(value)}`);
  }
  const size = keyValueSize(value);
  if (size === 0 && type !== 'N') {
    throw tableErrors.validation(
      `${NOT_VALID}The AttributeValue for a key attribute cannot contain an empty ${emptyWord(type)} value. Key: ${name}`,
    );
  }
  if (isPartition && size > MAX_PARTITION_KEY_BYTES) {
    throw tableErrors.validation(`${INVALID}Size of hashkey has exceeded the maximum size limit of${MAX_PARTITION_KEY_BYTES} bytes`);
  }
  if (!isPartition && size > MAX_SORT_KEY_BYTES) {
    throw tableErrors.validation(
      `${INVALID}Aggregated size of all range keys has exceeded the size limit of ${MAX_SORT_KEY_BYTES} bytes`,
    );
  }
}

/** PutItem-style key check: the attribute must be in the item, then `checkKeyValue`. */
export function checkItemKeyAttribute(item: AttributeMap, name: string, type: ScalarAttributeType, isPartition: boolean): void {
  const value = Object.hasOwn(item, name) ? item[name] : undefined;
  if (value === undefined) throw tableErrors.validation(`${INVALID}Missing the key ${name} in the item`);
  checkKeyValue(name, value, type, isPartition);
}

/**
 * Rules for a secondary index key attribute present in a written item (an absent one just keeps
 * the item out of the index): the declared type, and no empty S or B. The size limits of index keys
 * are checked by the caller (item-key.ts), with DynamoDB's index wording.
 */
export function checkIndexKeyValue(indexName: string, name: string, value: AttributeValue, type: ScalarAttributeType): void {
  if (!(type in value)) {
    throw tableErrors.validation(
      `${INVALID}Type mismatch for Index Key ${name} Expected: ${type} Actual: ${typeOf(value)} IndexName: ${indexName}`,
    );
  }
  if (keyValueSize(value) === 0 && type !== 'N') {
    throw tableErrors.validation(
      `${NOT_VALID}A value specified for a secondary index key is not supported. The AttributeValue for a key attribute ` +
        `cannot contain an empty ${emptyWord(type)} value. IndexName: ${indexName}, IndexKey: ${name}`,
    );
  }
}

const emptyWord = (type: ScalarAttributeType): string => (type === 'S' ? 'string' : 'binary');
