/** A response coding Eddy can send. */
export type ResponseCoding = 'gzip' | 'deflate';

/**
 * The coding to answer in for an Accept-Encoding header, or undefined for none. DynamoDB offers gzip
 * and deflate only; how it reads the header was recorded by ScyllaDB's Alternator tests against AWS
 * (test_compressed_response.py), and this follows that record:
 * - codings are case-insensitive, empty and unknown entries (`br`, `x-gzip`, `"gzip"`) are skipped;
 * - the highest quality wins; among equals an explicit entry beats `*`, then the one listed first,
 *   and `*` alone means gzip; `identity` never stops compression;
 * - the first `q` parameter counts; a number over 1 is 1, a negative one 0, and a value that is not a
 *   number (`0.x`) leaves the default 1; q=0 refuses the coding.
 */
export function preferredCoding(header: string): ResponseCoding | undefined {
  let gzip = -1; // an explicit entry's quality, -1 while none
  let deflate = -1;
  let gzipFirst = true; // gzip listed before deflate (or deflate not listed)
  let wildcard = -1;
  for (const entry of header.split(',')) {
    const semicolon = entry.indexOf(';');
    const coding = (semicolon === -1 ? entry : entry.slice(0, semicolon)).trim().toLowerCase();
    if (coding !== 'gzip' && coding !== 'deflate' && coding !== '*') continue;
    const q = semicolon === -1 ? 1 : quality(entry.slice(semicolon + 1));
    if (coding === 'gzip') gzip = Math.max(gzip, q);
    else if (coding === 'deflate') {
      if (deflate === -1 && gzip === -1) gzipFirst = false;
      deflate = Math.max(deflate, q);
    } else wildcard = Math.max(wildcard, q);
  }
  const gzipQ = gzip === -1 ? wildcard : gzip;
  const deflateQ = deflate === -1 ? wildcard : deflate;
  if (gzipQ <= 0 && deflateQ <= 0) return undefined;
  if (gzipQ !== deflateQ) return gzipQ > deflateQ ? 'gzip' : 'deflate';
  // Equal qualities: an explicit entry before the wildcard, then the order of the header.
  if ((gzip === -1) !== (deflate === -1)) return gzip === -1 ? 'deflate' : 'gzip';
  return gzipFirst ? 'gzip' : 'deflate';
}

/** The first `q=` among `;`-separated parameters (spaces around `=` allowed); 1 when there is none. */
function quality(parameters: string): number {
  for (const parameter of parameters.split(';')) {
    const equals = parameter.indexOf('=');
    if (equals === -1 || parameter.slice(0, equals).trim().toLowerCase() !== 'q') continue;
    const value = parameter.slice(equals + 1).trim();
    if (value.startsWith('-')) return 0;
    if (!/^\d+(\.\d*)?$/.test(value)) return 1;
    return Math.min(1, Number(value));
  }
  return 1;
}
