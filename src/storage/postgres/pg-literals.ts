import { StorageError } from '../storage-errors.js';

/**
 * Values written into SQL text, for the statements an item write sends several at a time in one simple
 * query (postgres-item-writes.ts): the simple protocol takes no parameters, so they are the arguments of
 * its EXECUTEs (pg-session-statements.ts), or written into a statement's body on a pool that prepares
 * nothing. Each encoder answers a literal that means the value whatever the server's settings, or throws:
 * nothing else is ever spliced into such text.
 */

/** A whole number (ids, hashes, sizes, epoch ms). */
export function sqlInt(value: number | bigint): string {
  if (typeof value === 'bigint' || Number.isSafeInteger(value)) return String(value);
  throw new StorageError(`not a whole number for SQL: ${value}`);
}

/**
 * Bytes as `'\x…'::bytea`: only hex digits inside an E'' string, whose backslash is an escape whatever
 * standard_conforming_strings says, hence the doubled backslash.
 */
export function sqlBytes(view: Uint8Array): string {
  return `E'\\\\x${Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString('hex')}'::bytea`;
}

/**
 * Text as an E'' string, quotes and backslashes doubled (an E'' string reads them so under any setting).
 * U+0000 cannot be in PostgreSQL text at all, so it is refused here (Eddy's texts are JSON, which escapes it).
 */
export function sqlText(value: string): string {
  if (value.includes('\0')) throw new StorageError('PostgreSQL text cannot hold U+0000');
  return `E'${value.replace(/[\\']/g, (c) => c + c)}'`;
}

/** Text or NULL. */
export function sqlNullableText(value: string | null | undefined): string {
  return value === null || value === undefined ? 'NULL' : sqlText(value);
}

/**
 * An array of literals this module wrote, as `ARRAY[…]::<type>[]` (the type from a fixed list: the element
 * literals are the only values in it).
 */
export function sqlArray(literals: readonly string[], type: 'bigint' | 'integer' | 'bytea' | 'text'): string {
  return `ARRAY[${literals.join(', ')}]::${type}[]`;
}
