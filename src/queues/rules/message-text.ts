/**
 * Text rules SQS applies to message bodies and attribute values.
 */

/** Any character outside #x9 | #xA | #xD | #x20–#xD7FF | #xE000–#xFFFD | #x10000–#x10FFFF (lone surrogates included). */
const FORBIDDEN = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** Whether every character is one SQS accepts in a message (the XML 1.0 character set). */
export function hasOnlyAllowedCharacters(text: string): boolean {
  return !FORBIDDEN.test(text);
}

/** SQS's message for a body with a forbidden character (wording unconfirmed). */
export const INVALID_CHARACTERS_MESSAGE =
  'Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const MAX_DIGITS = 38;
const MIN_EXPONENT = -128;
const MAX_EXPONENT = 126;

/**
 * Whether `text` is a number SQS accepts as a `Number` attribute: decimal notation with an optional
 * exponent, at most 38 significant digits, zero or a magnitude between 10^-128 and 10^+126.
 */
export function isSqsNumber(text: string): boolean {
  const match = NUMBER.exec(text);
  if (!match) return false;
  const mantissa = match[1]!;
  const exponent = match[2] === undefined ? 0 : Number(match[2].slice(1));
  const point = mantissa.indexOf('.');
  const digits = mantissa.replace('.', '');
  const integerDigits = point === -1 ? mantissa.length : point;
  const first = digits.search(/[1-9]/);
  if (first === -1) return true; // zero, in any spelling
  const significant = digits.slice(first).replace(/0+$/, '');
  if (significant.length > MAX_DIGITS) return false;
  // The value is 0.d1d2... × 10^magnitude, so it lies in [10^(magnitude-1), 10^magnitude).
  const magnitude = integerDigits - first + exponent;
  const isPowerOfTen = significant === '1';
  if (magnitude - 1 < MIN_EXPONENT) return false;
  return magnitude - 1 < MAX_EXPONENT || (magnitude - 1 === MAX_EXPONENT && isPowerOfTen);
}
