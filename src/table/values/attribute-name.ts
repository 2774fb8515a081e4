import { tableErrors } from '../errors.js';

/** Longest attribute name DynamoDB stores, in UTF-8 bytes: 64 KB less one (65 536 is refused). */
export const MAX_ATTRIBUTE_NAME_BYTES = 65_535;

/**
 * DynamoDB's answer to a longer name, at the top of an item, inside a map at any depth, in a value of
 * ExpressionAttributeValues (not wrapped as an invalid value) and as a value of ExpressionAttributeNames.
 * Measured against AWS (ExtendDB#365, 2026-09-16), prefix and all; DynamoDB Local's table of messages
 * holds the same text.
 */
export const ATTRIBUTE_NAME_TOO_LARGE = '1 validation error detected: Attribute name is too large, must be less than 65536 bytes';

/** UTF-8 takes at most 3 bytes per UTF-16 unit, so shorter strings need no byte count. */
const SAFE_LENGTH = Math.floor(MAX_ATTRIBUTE_NAME_BYTES / 3);

/** Throws DynamoDB's ValidationException when `name` is over 65 535 UTF-8 bytes. */
export function checkAttributeName(name: string): void {
  if (name.length > SAFE_LENGTH && Buffer.byteLength(name, 'utf8') > MAX_ATTRIBUTE_NAME_BYTES) {
    throw tableErrors.validation(ATTRIBUTE_NAME_TOO_LARGE);
  }
}
