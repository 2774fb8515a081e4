import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { StreamAttributeValue, StreamImage } from './stream-types.js';

/**
 * A stream image (DynamoDB JSON as Lambda delivers it: binaries in base64) as the AWS SDK takes an item
 * (binaries as bytes). Everything else is already in the SDK's shape.
 */
export function itemOf(image: StreamImage): Record<string, AttributeValue> {
  return Object.fromEntries(Object.entries(image).map(([name, value]) => [name, attributeOf(value)]));
}

function attributeOf(value: StreamAttributeValue): AttributeValue {
  if (value.B !== undefined) return { B: Buffer.from(value.B, 'base64') };
  if (value.BS !== undefined) return { BS: value.BS.map((b) => Buffer.from(b, 'base64')) };
  if (value.M !== undefined) return { M: itemOf(value.M) };
  if (value.L !== undefined) return { L: value.L.map(attributeOf) };
  return value as AttributeValue;
}

/** One string per key, the same for the same key whatever order its attributes come in. */
export function keyId(keys: StreamImage): string {
  return JSON.stringify(Object.keys(keys).sort().map((name) => [name, keys[name]]));
}
