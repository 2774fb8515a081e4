import { clientErrorHandler } from '../shared/client-error-handler.js';

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  413: 'Request Entity Too Large',
  414: 'URI Too Long',
  431: 'Request Header Fields Too Large',
};

/**
 * The application port's answer to a request node:http gave up on — not sent in time (408), headers
 * over maxHeaderSize (431, or 414 for the request line alone), malformed HTTP (400) — in API Gateway's
 * shape (`{"message": …}`, as its own 404 and 413 are) instead of node's bare status line, with
 * `Connection: close`: the connection's bytes can no longer be framed, so it is closed after the answer.
 */
export const answerAppClientError = clientErrorHandler(appClientErrorAnswer);

function appClientErrorAnswer(status: number): string {
  const reason = REASONS[status]!;
  const body = JSON.stringify({ message: reason });
  return `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}
