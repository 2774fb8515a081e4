import type { ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { ServiceError } from '../shared/service-error.js';

export const AMZ_JSON_1_0 = 'application/x-amz-json-1.0';

/** A new request id, sent as x-amzn-RequestId (AWS uses 52-char base32 ids for DynamoDB; any opaque id works). */
export const newRequestId = (): string => randomUUID();

/**
 * Writes an AWS JSON response: the body, its CRC32 in x-amz-crc32 (boto3 and the v2 SDKs verify it), the
 * request id, and the content type the client sent (AWS echoes x-amz-json-1.0 / 1.1).
 */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: string,
  requestId: string,
  contentType = AMZ_JSON_1_0,
  extraHeaders?: Readonly<Record<string, string>>,
): void {
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
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
