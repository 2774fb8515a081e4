import { MAX_DIGITS, checkRange, compareDecimals, formatNumber, parseNumber, type Decimal } from '../../shared/decimal.js';
import { coralErrors } from '../../shared/service-error.js';

// Numbers as table values: the representation, parsing and order live in shared/decimal.ts (storage's
// key encoding needs them too); the text forms and the arithmetic of expressions are here.
export { MAX_DIGITS, MAX_EXPONENT, MIN_EXPONENT, compareDecimals, formatNumber, parseNumber, type Decimal } from '../../shared/decimal.js';

/** Validates and canonicalises a wire number string. */
export function normalizeNumber(text: string): string {
  return formatNumber(parseNumber(text));
}

/** Numeric comparison of two valid number strings: -1, 0 or 1. */
export function compareNumbers(a: string, b: string): number {
  return compareDecimals(parseNumber(a), parseNumber(b));
}

/** Exact a + b, range-checked like a stored number (DynamoDB's ADD and SET a + b). */
export function addNumbers(a: string, b: string): string {
  return formatNumber(add(parseNumber(a), parseNumber(b)));
}

/** Exact a - b, range-checked like a stored number. */
export function subtractNumbers(a: string, b: string): string {
  const nb = parseNumber(b);
  return formatNumber(add(parseNumber(a), { ...nb, negative: !nb.negative }));
}

function add(a: Decimal, b: Decimal): Decimal {
  if (a.digits === '') return b.digits === '' ? a : b;
  if (b.digits === '') return a;
  // Scale both to the exponent of their lowest digit and add as integers.
  const lowA = a.exponent - a.digits.length + 1;
  const lowB = b.exponent - b.digits.length + 1;
  const low = Math.min(lowA, lowB);
  const ia = BigInt(a.digits + '0'.repeat(lowA - low)) * (a.negative ? -1n : 1n);
  const ib = BigInt(b.digits + '0'.repeat(lowB - low)) * (b.negative ? -1n : 1n);
  const sum = ia + ib;
  if (sum === 0n) return { negative: false, digits: '', exponent: 0 };
  const text = (sum < 0n ? -sum : sum).toString();
  let end = text.length;
  while (text[end - 1] === '0') end--;
  const digits = text.slice(0, end);
  if (digits.length > MAX_DIGITS) {
    // Observed: DynamoDB reports an inexact sum (1e50 + 1) as an overflow, not as too many digits
    // (ScyllaDB Alternator's test_update_expression_plus_imprecise, run against AWS).
    throw coralErrors.validation('Number overflow. Attempting to store a number with magnitude larger than supported range');
  }
  return checkRange({ negative: sum < 0n, digits, exponent: low + text.length - 1 });
}
