import type { AttributeValue } from './attribute-value.js';
import { compareBinaries, decodeBinary } from './binary.js';
import { compareNumbers, normalizeNumber } from './number.js';

/**
 * DynamoDB's ordering of two scalar values (key order, and `<`, `BETWEEN` in expressions):
 * S by UTF-8 bytes, N numerically, B by bytes. Returns -1, 0 or 1, or `undefined` when the
 * values are of different types or not S/N/B (such comparisons are simply false in DynamoDB).
 */
export function compareValues(a: AttributeValue, b: AttributeValue): number | undefined {
  if ('S' in a && 'S' in b) return compareStrings(a.S, b.S);
  if ('N' in a && 'N' in b) return compareNumbers(a.N, b.N);
  if ('B' in a && 'B' in b) return compareBinaries(a.B, b.B);
  return undefined;
}

/**
 * Order of two strings by their UTF-8 bytes, without encoding them. UTF-16 code-unit order differs
 * from UTF-8 byte order only between surrogates (U+10000 and up) and U+E000–U+FFFF; shifting those
 * two ranges past each other restores code-point order, which equals UTF-8 byte order.
 */
export function compareStrings(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x += x < 0xe000 ? 0x2000 : -0x800;
      y += y < 0xe000 ? 0x2000 : -0x800;
    }
    return x < y ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/**
 * DynamoDB's equality of two values (`=`, `<>`, `IN`, `contains` on lists, conditions on whole
 * values): N by numeric value ("1" = "1.0"), B by decoded bytes, sets regardless of order,
 * M and L deeply; values of different types are never equal.
 */
export function valuesEqual(a: AttributeValue, b: AttributeValue): boolean {
  if ('S' in a) return 'S' in b && a.S === b.S;
  if ('N' in a) return 'N' in b && compareNumbers(a.N, b.N) === 0;
  if ('B' in a) return 'B' in b && compareBinaries(a.B, b.B) === 0;
  if ('BOOL' in a) return 'BOOL' in b && a.BOOL === b.BOOL;
  if ('NULL' in a) return 'NULL' in b && a.NULL === b.NULL;
  if ('SS' in a) return 'SS' in b && sameSet(a.SS, b.SS, (s) => s);
  if ('NS' in a) return 'NS' in b && sameSet(a.NS, b.NS, normalizeNumber);
  if ('BS' in a) return 'BS' in b && sameSet(a.BS, b.BS, (s) => decodeBinary(s).toString('hex'));
  if ('L' in a) {
    if (!('L' in b) || a.L.length !== b.L.length) return false;
    return a.L.every((v, i) => valuesEqual(v, b.L[i]!));
  }
  if ('M' in a) {
    if (!('M' in b)) return false;
    const keys = Object.keys(a.M);
    if (keys.length !== Object.keys(b.M).length) return false;
    return keys.every((k) => Object.hasOwn(b.M, k) && valuesEqual(a.M[k]!, b.M[k]!));
  }
  return false;
}

function sameSet(a: string[], b: string[], canonical: (s: string) => string): boolean {
  const left = new Set(a.map(canonical));
  const right = new Set(b.map(canonical));
  if (left.size !== right.size) return false;
  for (const v of left) if (!right.has(v)) return false;
  return true;
}
