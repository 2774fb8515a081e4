import type { ServerResponse } from 'node:http';
import { crc32 } from 'node:zlib';
import { ServiceError } from '../shared/service-error.js';
import { responseCoding, sendCompressed } from './compressed-response.js';

export const AMZ_JSON_1_0 = 'application/x-amz-json-1.0';

/**
 * Writes an AWS JSON response: the body, its CRC32 in x-amz-crc32 (boto3 and the v2 SDKs verify it), the
 * request id, and the content type the client sent (AWS echoes x-amz-json-1.0 / 1.1). An answer of 4 KB
 * or more is compressed when the client's Accept-Encoding asks for gzip or deflate.
 */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: string,
  requestId: string,
  contentType = AMZ_JSON_1_0,
  extraHeaders?: Readonly<Record<string, string>>,
): void {
  const length = Buffer.byteLength(body);
  const coding = responseCoding(res, length);
  if (coding !== undefined) {
    return sendCompressed(res, status, body, coding, { 'content-type': contentType, 'x-amzn-requestid': requestId, ...extraHeaders });
  }
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': length,
    'x-amzn-requestid': requestId,
    'x-amz-crc32': String(crc32(body)),
    ...extraHeaders,
  });
  // A string body lets node:http send headers and body in one write() instead of a writev().
  res.end(body);
}

/** The error envelope: `{ "__type": ..., "message": ... }` plus any extra members the error carries. */
export function errorBody(error: ServiceError): string {
  const body: Record<string, unknown> = { __type: error.type };
  if (error.message) body[error.messageMember] = error.message;
  if (error.fields) Object.assign(body, error.fields);
  return JSON.stringify(body);
}
