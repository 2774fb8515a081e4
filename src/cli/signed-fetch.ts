import { request as httpRequest } from 'node:http';
import { Readable } from 'node:stream';
import { signRequest } from '../api/sigv4/sign-request.js';
import type { Credentials } from '../shared/credentials.js';

/** Sends a request to a running Eddy, SigV4-signed for `service` (`eddy` for the admin API under /_eddy/). */
export type SignedFetch = (url: string, init?: { method?: string; headers?: Record<string, string>; body?: string; service?: string }) => Promise<Response>;

/**
 * A placeholder pair: an Eddy that verifies nothing accepts any well-formed signature, and one that
 * verifies refuses it with UnrecognizedClientException, which says what is missing.
 */
export const PLACEHOLDER_CREDENTIALS: Credentials = { accessKeyId: 'EDDYLOCAL', secretAccessKey: 'eddy-local' };

/** Statuses whose answer has no body (a Response refuses one for them). */
const NO_BODY = new Set([204, 205, 304]);

/**
 * fetch's contract, each request signed as an SDK would sign it (the headers given and the body included),
 * so the `eddy` commands are answered by an Eddy that verifies signatures.
 *
 * Sent with node:http rather than fetch: fetch's body stream, read by a consumer that pauses now and then
 * (`eddy export` waiting for its file's drain), spent most of its time joining the socket's buffered chunks
 * again and again. Reading 10,000 export lines that way took 1.0–2.8 s against 0.26–0.34 s for the same
 * stream from node:http.
 */
export function signedFetch(credentials: Credentials, region: string): SignedFetch {
  return (url, init = {}) => {
    const method = init.method ?? 'GET';
    const target = new URL(url);
    const headers = signRequest({ method, url: target, headers: init.headers ?? {}, body: init.body ?? '' }, { credentials, region, service: init.service ?? 'eddy' });
    return send(target, method, headers, init.body);
  };
}

async function send(url: URL, method: string, headers: Record<string, string>, body: string | undefined): Promise<Response> {
  // node:https (with node:tls) only when asked for: this module is in the eddy command's bundle, and loading
  // them cost `eddy start` 10–20 ms for nothing.
  const request = url.protocol === 'https:' ? (await import('node:https')).request : httpRequest;
  return new Promise((resolve, reject) => {
    const sent = request(url, { method, headers }, (message) => {
      const status = message.statusCode ?? 502;
      const answerHeaders = new Headers();
      for (const [name, value] of Object.entries(message.headers)) {
        for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) answerHeaders.append(name, one);
      }
      const bodyless = method === 'HEAD' || NO_BODY.has(status);
      if (bodyless) message.resume();
      const stream = bodyless ? null : (Readable.toWeb(message) as ReadableStream<Uint8Array>);
      resolve(new Response(stream, { status, statusText: message.statusMessage ?? '', headers: answerHeaders }));
    });
    sent.on('error', reject);
    sent.end(body);
  });
}
