import type { ServerResponse } from 'node:http';
import { deflate, gzip } from 'node:zlib';
import { crc32 } from 'node:zlib';
import { preferredCoding, type ResponseCoding } from './accept-encoding.js';

/**
 * DynamoDB compresses an answer of 4 KB or more when Accept-Encoding asks (an AWS engineer's
 * account, aws/dynamodb-cross-region-library#61, and ScyllaDB's Alternator tests recorded against
 * AWS: a 4,094-byte answer went plain, a larger one compressed). Smaller answers go plain whatever
 * the client accepts.
 */
export const COMPRESSION_THRESHOLD_BYTES = 4096;

/** The coding to send an answer of `length` bytes in, or undefined to send it as it is. */
export function responseCoding(res: ServerResponse, length: number): ResponseCoding | undefined {
  if (length < COMPRESSION_THRESHOLD_BYTES) return undefined;
  const accept = res.req.headers['accept-encoding'];
  return accept === undefined ? undefined : preferredCoding(accept);
}

/**
 * Sends `body` compressed (off the main thread). As DynamoDB does, x-amz-crc32 is the checksum of
 * the bytes sent, the compressed ones (the v2 Go SDK's customizations document it so). If the
 * compressor fails, the answer goes plain.
 */
export function sendCompressed(
  res: ServerResponse,
  status: number,
  body: string,
  coding: ResponseCoding,
  headers: Record<string, string | number>,
): void {
  const compress = coding === 'gzip' ? gzip : deflate;
  compress(body, (error, compressed) => {
    if (res.destroyed) return;
    const sent = error ? Buffer.from(body) : compressed;
    const encoded = error ? {} : { 'content-encoding': coding };
    res.writeHead(status, { ...headers, ...encoded, 'content-length': sent.length, 'x-amz-crc32': String(crc32(sent)) });
    res.end(sent);
  });
}
