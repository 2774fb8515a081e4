import type { AttributeMap, AttributeValue } from './attribute-value.js';
import { binaryLength } from './binary.js';
import { parseNumber } from './number.js';
import type { Decimal } from './number.js';

/** DynamoDB's maximum item size: 400 KB, names and values included. */
export const MAX_ITEM_SIZE = 409600;

/** Bytes of overhead of any List or Map, empty or not. */
const DOCUMENT_OVERHEAD = 3;
/** Bytes of overhead of each element of a List or Map. */
const ELEMENT_OVERHEAD = 1;

/**
 * Size of a value as DynamoDB counts it ("Item sizes and formats" in the developer guide): S as
 * UTF-8 bytes, B as raw bytes, NULL/BOOL 1 byte, sets the sum of their elements, L/M 3 bytes plus,
 * per element, 1 byte + the element (+ its name for M).
 */
export function attributeValueSize(value: AttributeValue): number {
  if ('S' in value) return utf8Length(value.S);
  if ('N' in value) return numberSize(value.N);
  if ('B' in value) return binaryLength(value.B);
  if ('SS' in value) return sum(value.SS, utf8Length);
  if ('NS' in value) return sum(value.NS, numberSize);
  if ('BS' in value) return sum(value.BS, binaryLength);
  if ('L' in value) return sum(value.L, (v) => ELEMENT_OVERHEAD + attributeValueSize(v)) + DOCUMENT_OVERHEAD;
  if ('M' in value) {
    let size = DOCUMENT_OVERHEAD;
    for (const name in value.M) size += ELEMENT_OVERHEAD + attributeSize(name, value.M[name]!);
    return size;
  }
  return 1; // NULL, BOOL
}

/** Size of one top-level attribute: its name's UTF-8 bytes plus its value. */
export function attributeSize(name: string, value: AttributeValue): number {
  return utf8Length(name) + attributeValueSize(value);
}

/** Size of a whole item, as compared with MAX_ITEM_SIZE and used for capacity units. */
export function itemSize(item: AttributeMap): number {
  let size = 0;
  for (const name in item) size += attributeSize(name, item[name]!);
  return size;
}

/**
 * The guide only says "about 1 byte per two significant digits + 1". DynamoDB stores numbers like
 * Oracle's NUMBER: one exponent byte and base-100 digit pairs aligned on the decimal point (so "1.5"
 * takes 2 pairs, "15" one), one more byte for a negative number, zero 1 byte, never more than 21
 * bytes. These rules match sizes measured against DynamoDB's ConsumedCapacity (Zac Charles, "How to
 * Calculate a DynamoDB Item's Size and Consumed Capacity", 2019).
 */
export function numberSize(text: string): number {
  return decimalSize(parseNumber(text));
}

export function decimalSize(d: Decimal): number {
  if (d.digits === '') return 1;
  const lowest = d.exponent - d.digits.length + 1;
  const pairs = Math.floor(d.exponent / 2) - Math.floor(lowest / 2) + 1;
  return Math.min(21, pairs + 1 + (d.negative ? 1 : 0));
}

export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function sum<T>(values: T[], size: (v: T) => number): number {
  let total = 0;
  for (const v of values) total += size(v);
  return total;
}
