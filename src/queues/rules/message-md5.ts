import { createHash } from 'node:crypto';
import type { MessageAttributeValue } from './message-attributes.js';

/** `MD5OfMessageBody` / `MD5OfBody`: the MD5 of the body's UTF-8 bytes, lower-case hex. */
export function md5OfBody(body: string): string {
  return createHash('md5').update(body, 'utf8').digest('hex');
}

/** Transport type bytes of SQS's attribute digest: 1 for string values (String, Number), 2 for binary. */
const STRING_TRANSPORT = 1;
const BINARY_TRANSPORT = 2;

/**
 * `MD5OfMessageAttributes` (and, given `{ AWSTraceHeader: ... }`, `MD5OfMessageSystemAttributes`),
 * computed as SQS and the SDKs that verify it do: attributes in name order, each encoded as
 * 4-byte big-endian length + UTF-8 name, length + UTF-8 DataType, one transport byte, then
 * length + value bytes (a string value's UTF-8, a binary value's decoded bytes).
 * Expects attributes checked by `checkMessageAttributes` (BinaryValue is base64 text).
 */
export function md5OfMessageAttributes(attributes: Record<string, MessageAttributeValue>): string {
  const hash = createHash('md5');
  // Names are ASCII (checked), so code-unit order equals the byte order the SDKs sort by.
  for (const name of Object.keys(attributes).sort()) {
    const value = attributes[name]!;
    hash.update(lengthPrefixed(Buffer.from(name, 'utf8')));
    hash.update(lengthPrefixed(Buffer.from(value.DataType, 'utf8')));
    if (value.BinaryValue !== undefined) {
      hash.update(Uint8Array.of(BINARY_TRANSPORT));
      hash.update(lengthPrefixed(Buffer.from(value.BinaryValue, 'base64')));
    } else {
      hash.update(Uint8Array.of(STRING_TRANSPORT));
      hash.update(lengthPrefixed(Buffer.from(value.StringValue ?? '', 'utf8')));
    }
  }
  return hash.digest('hex');
}

function lengthPrefixed(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** `MD5OfMessageSystemAttributes`: the same digest over MessageSystemAttributes (AWSTraceHeader). */
export const md5OfMessageSystemAttributes: (attributes: Record<string, MessageAttributeValue>) => string = md5OfMessageAttributes;
