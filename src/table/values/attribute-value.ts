/** DynamoDB's typed JSON values, exactly as they travel on the wire. */
export type AttributeValue =
  | { S: string }
  | { N: string }
  | { B: string } // base64
  | { SS: string[] }
  | { NS: string[] }
  | { BS: string[] } // base64 each
  | { M: AttributeMap }
  | { L: AttributeValue[] }
  | { NULL: true }
  | { BOOL: boolean };

export type AttributeMap = { [name: string]: AttributeValue };

export type AttributeType = 'S' | 'N' | 'B' | 'SS' | 'NS' | 'BS' | 'M' | 'L' | 'NULL' | 'BOOL';

/** Key attributes may only be scalar strings, numbers or binaries. */
export type ScalarAttributeType = 'S' | 'N' | 'B';

/** The single type tag of a (validated) attribute value. */
export function typeOf(value: AttributeValue): AttributeType {
  for (const key in value) return key as AttributeType;
  throw new Error('empty attribute value');
}
