import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { crc32 } from 'node:zlib';
import { AMZ_JSON_1_0 } from './aws-json-response.js';
import { newDynamoDbRequestId } from './request-id.js';

/** What node:http attaches to a request it could not parse (its `clientError` event). */
export interface ClientError extends Error {
  code?: string;
  bytesParsed?: number;
  rawPacket?: Buffer;
}

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

/**
 * node:http's `clientError` handler that writes `answer(status)` (a whole HTTP answer, `Connection: close`
 * included) and closes the connection. Nothing is written when an answer is already under way on the
 * connection, or the client has gone.
 */
export function clientErrorHandler(answer: (status: number) => string): (error: ClientError, socket: Duplex) => void {
  return (error, socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    // An answer already under way on this connection cannot be followed by another.
    const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
    if (!inFlight?.headersSent) socket.write(answer(statusOf(error)));
    socket.destroy();
  };
}

function statusOf(error: ClientError): number {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return requestLineOverflowed(error) ? 414 : 431;
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return 408;
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return 413;
    default:
      return 400;
  }
}

/**
 * node:http counts the request line in maxHeaderSize and reports one overflow for both. The request
 * line overflowed when the chunk being parsed starts a request and ends no line before the point the
 * parser stopped. A request line spread over several reads (past 64 KB) is reported as 431.
 */
function requestLineOverflowed(error: ClientError): boolean {
  const packet = error.rawPacket;
  if (!Buffer.isBuffer(packet) || typeof error.bytesParsed !== 'number') return false;
  const lineEnd = packet.indexOf(10);
  return (lineEnd === -1 || lineEnd >= error.bytesParsed) && /^[A-Z]+ /.test(packet.toString('latin1', 0, 24));
}

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
