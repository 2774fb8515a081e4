import type { IncomingMessage } from 'node:http';
import { StringDecoder } from 'node:string_decoder';
import { bodyDecoder, undecodableBody } from './content-encoding.js';
import { coralErrors } from './service-error.js';

/** AWS rejects request bodies over 16 MB. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

/**
 * The client went away before its body arrived (it closed the connection, or node:http cut it off
 * after the request timeout and answered 408 itself). Not an error of Eddy's: there is nobody left
 * to answer.
 */
export class ClientGoneError extends Error {
  constructor() {
    super('the client closed the connection before sending the whole request');
    this.name = 'ClientGoneError';
  }
}

/**
 * Reads the whole request body, refusing (413) anything over the limit without buffering it. A body
 * with a Content-Encoding arrives decoded, the limit applying to its encoded and decoded sizes both.
 */
export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const size = await receive(req, limit, (chunk) => chunks.push(chunk));
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
}

/**
 * Reads the whole request body as the client sent it, a Content-Encoding left as it is (API Gateway
 * hands a function the body as sent: the application port), refusing (413) anything over the limit.
 */
export async function readRawBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const size = await receive(req, limit, (chunk) => chunks.push(chunk), false);
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
}

/**
 * Reads the whole request body as UTF-8 text (invalid bytes become U+FFFD), refusing (413) anything
 * over the limit. A body of several chunks is decoded chunk by chunk into the JavaScript heap: no
 * body-sized native buffer and no body-sized external string, which the C allocator kept as resident
 * memory long after the request (16 MB bodies left about 100 MB resident at idle).
 */
export async function readBodyText(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<{ text: string; bytes: number }> {
  let first: Buffer | undefined;
  let decoder: StringDecoder | undefined;
  const parts: string[] = [];
  const bytes = await receive(req, limit, (chunk) => {
    if (first === undefined && decoder === undefined) {
      first = chunk;
      return;
    }
    decoder ??= new StringDecoder('utf8');
    if (first !== undefined) {
      parts.push(decoder.write(first));
      first = undefined;
    }
    parts.push(decoder.write(chunk));
  });
  if (decoder === undefined) return { text: first?.toString('utf8') ?? '', bytes };
  parts.push(decoder.end());
  return { text: parts.join(''), bytes };
}

/** Feeds each chunk to `take` until the body ends, decoded when `decode` and the body has a Content-Encoding; resolves with its size. */
function receive(req: IncomingMessage, limit: number, take: (chunk: Buffer) => void, decode = true): Promise<number> {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) {
    req.resume();
    return Promise.reject(coralErrors.requestTooLarge());
  }
  const encoding = req.headers['content-encoding'];
  if (decode && encoding !== undefined) return receiveEncoded(req, encoding, limit, take);
  return receivePlain(req, limit, take);
}

function receivePlain(req: IncomingMessage, limit: number, take: (chunk: Buffer) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    let size = 0;
    let done = false;
    const settle = (error?: Error) => {
      if (done) return;
      done = true;
      req.off('data', onData);
      if (error) {
        req.resume();
        reject(error);
      } else resolve(size);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return settle(coralErrors.requestTooLarge());
      take(chunk);
    };
    req.on('data', onData);
    req.on('end', () => settle());
    req.on('aborted', () => settle(new ClientGoneError()));
    req.on('error', () => settle(new ClientGoneError()));
  });
}

/**
 * Feeds each decoded chunk to `take`; resolves with the decoded size. The decoder streams, and the
 * body is refused (413) as soon as either size passes the limit, so a small body inflating to
 * gigabytes (a zip bomb) costs no more than `limit` bytes of memory.
 */
function receiveEncoded(req: IncomingMessage, header: string, limit: number, take: (chunk: Buffer) => void): Promise<number> {
  let decoder: ReturnType<typeof bodyDecoder>;
  try {
    decoder = bodyDecoder(header);
  } catch (error) {
    req.resume();
    return Promise.reject(error);
  }
  if (decoder === undefined) return receivePlain(req, limit, take);
  const zlib = decoder;
  return new Promise((resolve, reject) => {
    let received = 0;
    let size = 0;
    let done = false;
    const settle = (error?: Error) => {
      if (done) return;
      done = true;
      req.off('data', onData);
      zlib.destroy();
      if (error) {
        req.resume();
        reject(error);
      } else resolve(size);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) return settle(coralErrors.requestTooLarge());
      // The decoder works off the main thread; hold the socket while it is behind.
      if (!zlib.write(chunk)) {
        req.pause();
        zlib.once('drain', () => done || req.resume());
      }
    };
    zlib.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) return settle(coralErrors.requestTooLarge());
      take(chunk);
    });
    zlib.on('end', () => settle());
    zlib.on('error', (error) => settle(undecodableBody(header, error)));
    req.on('data', onData);
    req.on('end', () => done || zlib.end());
    req.on('aborted', () => settle(new ClientGoneError()));
    req.on('error', () => settle(new ClientGoneError()));
  });
}

