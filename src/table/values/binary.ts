import { coralErrors } from '../../shared/service-error.js';

/** Raw bytes of a wire binary value (base64). Validity is checked separately by `checkBase64`. */
export function decodeBinary(base64: string): Buffer {
  return Buffer.from(base64, 'base64');
}

/** Byte-wise order of two wire binary values: -1, 0 or 1. */
export function compareBinaries(a: string, b: string): number {
  return Buffer.compare(decodeBinary(a), decodeBinary(b));
}

/** Number of raw bytes a valid wire binary value decodes to, without decoding it. */
export function binaryLength(base64: string): number {
  return Buffer.byteLength(base64, 'base64');
}

const BASE64_ALPHABET = /[^A-Za-z0-9+/=]/;
const BASE64_VALUES = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Rejects a B/BS member that is not canonical, padded base64 the way DynamoDB's JSON front end does:
 * as a SerializationException, before any validation. Node's decoder would silently skip bad
 * characters, so this must run on every binary a request carries. (The AWS SDKs encode bytes
 * themselves, so only hand-written requests can trip this.)
 *
 * Messages as DynamoDB sends them (dynalite's suite, checked against AWS, "dectected" sic):
 * "Base64 encoded length is expected a multiple of 4 bytes but found: 5" and, for "=+/=" and "+/+=",
 * "Invalid last non-pad Base64 character dectected". Unconfirmed for current DynamoDB: the message for
 * a character outside the alphabet; older versions said "Invalid Base64 character: '!'".
 */
export function checkBase64(text: string): void {
  if (text.length % 4 !== 0) {
    throw coralErrors.serialization(`Base64 encoded length is expected a multiple of 4 bytes but found: ${text.length}`);
  }
  const bad = BASE64_ALPHABET.exec(text);
  if (bad) throw coralErrors.serialization(`Invalid Base64 character: '${bad[0]}'`);
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const body = text.slice(0, text.length - padding);
  if (body.includes('=') || (padding > 0 && !hasCleanTail(body, padding))) {
    throw coralErrors.serialization('Invalid last non-pad Base64 character dectected');
  }
}

/** With padding, the bits of the last character that fall past the final byte must be zero. */
function hasCleanTail(body: string, padding: number): boolean {
  const value = BASE64_VALUES.indexOf(body[body.length - 1]!);
  return (value & (padding === 1 ? 0b11 : 0b1111)) === 0;
}
