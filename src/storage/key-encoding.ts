import type { AttributeValue, ScalarAttributeType } from '../shared/attribute-value.js';
import { MAX_EXPONENT, MIN_EXPONENT, formatNumber, parseNumber, type Decimal } from '../shared/decimal.js';

/**
 * Order-preserving binary encoding of key attribute values: comparing two encodings with memcmp
 * (shorter prefix first, as SQLite and PostgreSQL compare BLOB/bytea) gives DynamoDB's order.
 * A key attribute always has one type, so encodings carry no type tag and are only compared with
 * encodings of the same type.
 *
 * - S: the UTF-8 bytes (DynamoDB orders strings by UTF-8 bytes).
 * - B: the raw bytes.
 * - N: a sign class byte, then for non-zero numbers one exponent byte and the significant digits
 *   packed two per byte (base 100):
 *     negative: 0x01, 125 - exponent, (100 - pair)…, 0xFF
 *     zero:     0x02
 *     positive: 0x03, exponent + 130, pair…
 *   Exponents span -130..125, exactly 256 values, so one byte holds them. Digits have no trailing
 *   zeros (an odd count is padded with one zero), so the last pair is never 0 and a shorter digit
 *   run that is a prefix of a longer one is the smaller magnitude — which memcmp's "shorter first"
 *   already gives for positives. Negatives complement each pair (reversing the order) and end with
 *   0xFF, larger than any complemented pair, so that a prefix (smaller magnitude, e.g. -1 against
 *   -1.05) sorts after. At most 22 bytes.
 */

const NEGATIVE = 0x01;
const ZERO = 0x02;
const POSITIVE = 0x03;
const NEGATIVE_END = 0xff;

/** Encodes a key attribute value ({S}, {N} or {B}; B is base64 as on the wire). */
export function encodeKeyValue(value: AttributeValue): Uint8Array {
  if ('S' in value) return Buffer.from(value.S, 'utf8');
  if ('N' in value) return encodeNumber(parseNumber(value.N));
  if ('B' in value) return Buffer.from(value.B, 'base64');
  throw new Error(`not a key attribute value: ${JSON.stringify(value)}`);
}

/** Inverse of encodeKeyValue; numbers come back in DynamoDB's canonical text. */
export function decodeKeyValue(bytes: Uint8Array, type: ScalarAttributeType): AttributeValue {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (type) {
    case 'S':
      return { S: buffer.toString('utf8') };
    case 'B':
      return { B: buffer.toString('base64') };
    case 'N':
      return { N: formatNumber(decodeNumber(bytes)) };
  }
}

export function encodeNumber(d: Decimal): Uint8Array {
  if (d.digits === '') return Uint8Array.of(ZERO);
  const digits = d.digits.length % 2 === 0 ? d.digits : d.digits + '0';
  const pairs = digits.length / 2;
  const out = new Uint8Array(2 + pairs + (d.negative ? 1 : 0));
  out[0] = d.negative ? NEGATIVE : POSITIVE;
  out[1] = d.negative ? MAX_EXPONENT - d.exponent : d.exponent - MIN_EXPONENT;
  for (let i = 0; i < pairs; i++) {
    const pair = (digits.charCodeAt(2 * i) - 48) * 10 + (digits.charCodeAt(2 * i + 1) - 48);
    out[2 + i] = d.negative ? 100 - pair : pair;
  }
  if (d.negative) out[out.length - 1] = NEGATIVE_END;
  return out;
}

export function decodeNumber(bytes: Uint8Array): Decimal {
  const cls = bytes[0];
  if (cls === ZERO && bytes.length === 1) return { negative: false, digits: '', exponent: 0 };
  const negative = cls === NEGATIVE;
  if ((!negative && cls !== POSITIVE) || bytes.length < 3) throw corrupt(bytes);
  const end = negative ? bytes.length - 1 : bytes.length;
  if (negative && bytes[end] !== NEGATIVE_END) throw corrupt(bytes);
  let digits = '';
  for (let i = 2; i < end; i++) {
    const pair = negative ? 100 - bytes[i]! : bytes[i]!;
    if (pair < 0 || pair > 99) throw corrupt(bytes);
    digits += pair < 10 ? `0${pair}` : `${pair}`;
  }
  if (digits.endsWith('0')) digits = digits.slice(0, -1);
  if (digits.endsWith('0') || digits[0] === '0') throw corrupt(bytes);
  const exponent = negative ? MAX_EXPONENT - bytes[1]! : bytes[1]! + MIN_EXPONENT;
  return { negative, digits, exponent };
}

function corrupt(bytes: Uint8Array): Error {
  return new Error(`corrupt number key encoding: ${Buffer.from(bytes).toString('hex')}`);
}

/**
 * 32-bit unsigned hash of an encoded partition key: MurmurHash3 (x86, 32-bit) with seed 0.
 * It decides scan order and parallel-scan segments of stored data, so it must never change.
 */
export function partitionHash(encodedPartition: Uint8Array): number {
  return murmur3(encodedPartition, 0);
}

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

export function murmur3(data: Uint8Array, seed: number): number {
  const length = data.length;
  const blocks = length & ~3;
  let h = seed | 0;
  for (let i = 0; i < blocks; i += 4) {
    let k = data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = length & 3;
  if (tail !== 0) {
    let k = data[blocks]!;
    if (tail > 1) k |= data[blocks + 1]! << 8;
    if (tail > 2) k |= data[blocks + 2]! << 16;
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
  }
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
