import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/** What node:http attaches to a request it could not take (its `clientError` event). */
interface ClientError extends Error {
  code?: string;
}

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  413: 'Request Entity Too Large',
  431: 'Request Header Fields Too Large',
};

/**
 * The application port's answer to a request node:http gave up on — not sent in time (408), headers
 * over maxHeaderSize (431), malformed HTTP (400) — in API Gateway's shape (`{"message": …}`, as its
 * own 404 and 413 are) instead of node's bare status line, with `Connection: close`: the connection's
 * bytes can no longer be framed, so it is closed after the answer. Nothing is written when an answer
 * is already under way on the connection, or the client has gone.
 */
export function answerAppClientError(error: ClientError, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (!inFlight?.headersSent) socket.write(appClientErrorAnswer(statusOf(error)));
  socket.destroy();
}

function statusOf(error: ClientError): number {
  switch (error.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return 408;
    case 'HPE_HEADER_OVERFLOW':
      return 431;
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return 413;
    default:
      return 400;
  }
}

function appClientErrorAnswer(status: number): string {
  const reason = REASONS[status]!;
  const body = JSON.stringify({ message: reason });
  return `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}
