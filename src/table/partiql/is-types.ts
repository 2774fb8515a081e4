import type { AttributeType } from '../values/attribute-value.js';
import type { IsTypeName } from './statement.js';

/**
 * The type names `x IS [NOT] <type>` accepts, and the DynamoDB types each stands for. DynamoDB's
 * operator page says only "TRUE if the operand is a given, PartiQL data type, including NULL or
 * MISSING"; a public conformance suite records AWS taking `IS STRING` (S) and `IS BOOL` (BOOL). The
 * rest follow how DynamoDB writes its values in PartiQL (numbers are decimals, binaries blobs,
 * `[…]` lists, `{…}` tuples or structs, `<<…>>` bags of strings, numbers or binaries) and are
 * unconfirmed; a name outside this table is a malformed statement. An absent attribute is of no type.
 */
export const IS_TYPES: Readonly<Record<IsTypeName, readonly AttributeType[]>> = {
  STRING: ['S'],
  BOOL: ['BOOL'],
  BOOLEAN: ['BOOL'],
  DECIMAL: ['N'],
  NUMERIC: ['N'],
  BLOB: ['B'],
  LIST: ['L'],
  STRUCT: ['M'],
  TUPLE: ['M'],
  BAG: ['SS', 'NS', 'BS'],
};

export const isTypeName = (word: string): word is IsTypeName => Object.hasOwn(IS_TYPES, word);
