import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';

/**
 * How a block of stream records is stored (the `records` column of stream_blocks, migration 6): the
 * stored records joined by newlines, as TEXT, or brotli-compressed as a BLOB once the text is long
 * enough for compression to pay.
 *
 * The bytes a record adds to the write-ahead log (and to every checkpoint) are most of what a stream
 * costs a write. The records of a commit are alike (the same attribute names, similar values), so at
 * brotli's fastest setting a block of 18 records of an item of 350 bytes shrinks several times over for
 * under a microsecond a record, which the pages it no longer writes more than repay. A short block
 * (a commit of a write or two) is stored as text: there the compression would cost more than it saves.
 */
export const COMPRESS_FROM_CHARS = 2048;

const BROTLI_FASTEST = {
  [constants.BROTLI_PARAM_QUALITY]: 1,
  [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
};

/** The stored form of `records` (each a stored record: no raw newline inside). */
export function encodeBlock(records: readonly string[]): string | Buffer {
  const text = records.length === 1 ? records[0]! : records.join('\n');
  if (text.length < COMPRESS_FROM_CHARS) return text;
  return brotliCompressSync(text, { params: { ...BROTLI_FASTEST, [constants.BROTLI_PARAM_SIZE_HINT]: text.length } });
}

/** The records of a stored block, oldest first. */
export function decodeBlock(stored: string | Uint8Array): string[] {
  const text = typeof stored === 'string' ? stored : brotliDecompressSync(stored).toString('utf8');
  return text.split('\n');
}
