import type { IncomingMessage } from 'node:http';

/** One request on the application port, as the event builders need it: raw, nothing decoded yet. */
export interface AppRequest {
  method: string;
  /** The path as sent, percent-encoding kept. */
  rawPath: string;
  /** After `?`, as sent; '' when there is none. */
  rawQueryString: string;
  /** Header names as sent, in order, repeated names kept. */
  headers: [string, string][];
  body: Buffer;
  sourceIp: string;
  protocol: string;
  requestId: string;
  time: Date;
}

export function appRequestOf(req: IncomingMessage, body: Buffer, requestId: string, time: Date): AppRequest {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const headers: [string, string][] = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    rawPath: q < 0 ? url : url.slice(0, q),
    rawQueryString: q < 0 ? '' : url.slice(q + 1),
    headers,
    body,
    sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
    protocol: `HTTP/${req.httpVersion}`,
    requestId,
    time,
  };
}

/** `key=a&key=b` → `{ key: ['a', 'b'] }`, decoded (`+` is a space, as in a form). */
export function queryValues(raw: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [key, value] of new URLSearchParams(raw)) out.set(key, [...(out.get(key) ?? []), value]);
  return out;
}

/**
 * Whether API Gateway passes the body as text: text/*, JSON, XML and JavaScript media types, when the
 * bytes are valid UTF-8. Anything else (images, octet streams, no content type) arrives base64-encoded.
 */
export function isTextBody(headers: [string, string][], body: Buffer): boolean {
  const type = headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1].split(';')[0]!.trim().toLowerCase();
  if (!type) return false;
  const textual = type.startsWith('text/') || /[/+](json|xml)$/.test(type) || type === 'application/javascript' || type === 'application/graphql';
  if (!textual) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(body);
    return true;
  } catch {
    return false;
  }
}

/** API Gateway's `requestContext.time`: `12/Mar/2020:19:03:58 +0000`. */
export function clfTime(date: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
}
