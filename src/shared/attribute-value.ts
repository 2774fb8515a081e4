// DynamoDB's typed JSON values: the table's items, stream records' images and storage's encoded keys all
// carry them, so the types sit in this leaf (table/values/attribute-value.ts re-exports them).

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
