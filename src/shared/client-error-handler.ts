import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/** What node:http attaches to a request it could not parse (its `clientError` event). */
export interface ClientError extends Error {
  code?: string;
  bytesParsed?: number;
  rawPacket?: Buffer;
}

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
