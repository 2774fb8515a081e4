import { crc32 } from 'node:zlib';
import { AMZ_JSON_1_0 } from './aws-json-response.js';
import { newDynamoDbRequestId } from './request-id.js';
import { clientErrorHandler } from '../shared/client-error-handler.js';

const ANSWERS: Readonly<Record<number, [reason: string, type: string, message: string]>> = {
  400: ['Bad Request', 'BadRequest', 'The request is not valid HTTP/1.1'],
  408: ['Request Timeout', 'RequestTimeout', 'The request was not sent in time'],
  413: ['Payload Too Large', 'RequestEntityTooLargeException', 'Request entity too large'],
  414: ['URI Too Long', 'RequestURITooLong', 'The request line is longer than the server accepts'],
  431: ['Request Header Fields Too Large', 'RequestHeaderFieldsTooLarge', 'The request headers are larger than the server accepts'],
};

/**
 * Answers a request node:http could not take — headers over maxHeaderSize (431, or 414 when the
 * request line alone is too long), a request not sent in time (408), malformed HTTP (400) — with a
 * status, the request id and a coral-shaped JSON body, instead of node's bare status line, then
 * closes the connection (its bytes can no longer be framed). A front end answers these before any
 * service sees the request, so AWS's wording is unknown; the `__type` names are Eddy's.
 */
export const answerClientError = clientErrorHandler(clientErrorAnswer);

function clientErrorAnswer(status: number): string {
  const [reason, type, message] = ANSWERS[status]!;
  const body = JSON.stringify({ __type: `com.amazon.coral.service#${type}`, message });
  return (
    `HTTP/1.1 ${status} ${reason}\r\n` +
    `Content-Type: ${AMZ_JSON_1_0}\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    `x-amzn-RequestId: ${newDynamoDbRequestId()}\r\n` +
    // The REST front ends (Lambda) name an error in this header; the JSON ones read the same name from it or the body.
    `x-amzn-ErrorType: ${type}\r\n` +
    `x-amz-crc32: ${crc32(body)}\r\n` +
    'Connection: close\r\n\r\n' +
    body
  );
}
