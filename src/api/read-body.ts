import type { IncomingMessage } from 'node:http';
import { coralErrors } from '../shared/service-error.js';

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

/** Reads the whole request body, refusing (413) anything over the limit without buffering it. */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) {
    req.resume();
    return Promise.reject(coralErrors.requestTooLarge());
  }
  return new Promise((resolve, reject) => {
    let chunks: Buffer[] = [];
    let size = 0;
    const gone = () => {
      chunks = [];
      reject(new ClientGoneError());
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        chunks = [];
        req.removeAllListeners('data');
        req.resume();
        reject(coralErrors.requestTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
      chunks = [];
      resolve(body);
    });
    req.on('aborted', gone);
    req.on('error', gone);
  });
}
