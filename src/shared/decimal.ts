import { coralErrors } from './service-error.js';

// DynamoDB's number, parsed, printed and ordered. A leaf, because two layers build on it: the table's
// values (table/values/number.ts adds the arithmetic) and storage's order-preserving key encoding.

/**
 * A DynamoDB number: up to 38 significant digits, magnitude 1E-130 to below 1E+126.
 * Held as sign, significant digits without leading or trailing zeros, and the decimal exponent of the
 * first digit (value = 0.d1d2... is NOT used: value = d1.d2d3... × 10^exponent). Zero has digits ''.
 */
export interface Decimal {
  negative: boolean;
  digits: string;
  exponent: number;
}

export const MAX_DIGITS = 38;
export const MAX_EXPONENT = 125;
export const MIN_EXPONENT = -130;

const NUMBER_SYNTAX = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Parses and range-checks a wire number string; throws DynamoDB's ValidationException on bad input. */
export function parseNumber(text: string): Decimal {
  if (!NUMBER_SYNTAX.test(text)) {
    // DynamoDB drops the ": <text>" suffix when the text is empty (dynalite's suite, checked against AWS).
    throw coralErrors.validation(
      text === ''
        ? 'The parameter cannot be converted to a numeric value'
        : `The parameter cannot be converted to a numeric value: ${text}`,
    );
  }
  const negative = text[0] === '-';
  let body = text[0] === '-' || text[0] === '+' ? text.slice(1) : text;
  let exp = 0;
  const e = body.search(/[eE]/);
  if (e !== -1) {
    exp = Number(body.slice(e + 1));
    body = body.slice(0, e);
  }
  const dot = body.indexOf('.');
  const intPart = dot === -1 ? body : body.slice(0, dot);
  const fracPart = dot === -1 ? '' : body.slice(dot + 1);
  const all = intPart + fracPart;
  const lead = all.search(/[1-9]/);
  if (lead === -1) return { negative: false, digits: '', exponent: 0 };
  let end = all.length;
  while (all[end - 1] === '0') end--;
  const digits = all.slice(lead, end);
  const exponent = exp + intPart.length - 1 - lead;
  if (digits.length > MAX_DIGITS) {
    throw coralErrors.validation('Attempting to store more than 38 significant digits in a Number');
  }
  return checkRange({ negative, digits, exponent });
}

/** The number itself, once its magnitude is within DynamoDB's range; throws DynamoDB's ValidationException otherwise. */
export function checkRange(d: Decimal): Decimal {
  if (d.digits === '') return d;
  if (d.exponent > MAX_EXPONENT) {
    throw coralErrors.validation(
      'Number overflow. Attempting to store a number with magnitude larger than supported range',
    );
  }
  if (d.exponent < MIN_EXPONENT) {
    throw coralErrors.validation(
      'Number underflow. Attempting to store a number with magnitude smaller than supported range',
    );
  }
  return d;
}

/** DynamoDB's canonical text of a number: plain notation, no redundant zeros ("1.50" → "1.5", "1e3" → "1000"). */
export function formatNumber(d: Decimal): string {
  if (d.digits === '') return '0';
  const sign = d.negative ? '-' : '';
  const { digits, exponent } = d;
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  if (exponent + 1 >= digits.length) return sign + digits + '0'.repeat(exponent + 1 - digits.length);
  return `${sign}${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
}

/** Numeric order of two decimals: -1, 0 or 1. */
export function compareDecimals(a: Decimal, b: Decimal): number {
  const sa = sign(a);
  const sb = sign(b);
  if (sa !== sb) return sa < sb ? -1 : 1;
  if (sa === 0) return 0;
  const magnitude =
    a.exponent !== b.exponent ? (a.exponent < b.exponent ? -1 : 1) : a.digits < b.digits ? -1 : a.digits > b.digits ? 1 : 0;
  return sa < 0 ? 0 - magnitude : magnitude; // `0 - x`, not `-x`, so equal negatives give 0, never -0
}

const sign = (d: Decimal): number => (d.digits === '' ? 0 : d.negative ? -1 : 1);

