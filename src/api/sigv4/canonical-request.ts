import { createHash } from 'node:crypto';

/** RFC 3986 encoding, as SigV4 wants it: everything but unreserved characters, upper-case hex. */
export const escapeUri = (text: string): string =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/** What the canonical request is made of, as the request arrived. */
export interface SignedRequest {
  readonly method: string;
  /** The path as sent (percent-encoded once by the client). */
  readonly rawPath: string;
  /** The query string as sent, without `?`. */
  readonly rawQuery: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer | string;
  /** The SHA-256 of the body as sent, when `body` is not that (a Content-Encoding was decoded). */
  readonly sentBodyHash?: string;
}

/**
 * SigV4's canonical request for services other than S3: the path's segments normalised ('.', '..' and
 * empty ones) and encoded a second time, the query's members decoded, sorted and encoded (the
 * signature's own member left out of a presigned one), the signed headers' trimmed values, the payload's
 * SHA-256 (X-Amz-Content-Sha256 when the client sent it).
 */
export function canonicalRequest(request: SignedRequest, signedHeaders: readonly string[], presigned: boolean): string {
  return [
    request.method.toUpperCase(),
    canonicalPath(request.rawPath),
    canonicalQuery(request.rawQuery, presigned),
    signedHeaders.map((name) => `${name}:${headerValue(request.headers[name])}\n`).join(''),
    signedHeaders.join(';'),
    payloadHash(request),
  ].join('\n');
}

function canonicalPath(rawPath: string): string {
  const segments: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const path = `${rawPath.startsWith('/') ? '/' : ''}${segments.join('/')}${segments.length > 0 && rawPath.endsWith('/') ? '/' : ''}`;
  return escapeUri(path).replace(/%2F/g, '/');
}

function canonicalQuery(rawQuery: string, presigned: boolean): string {
  const pairs: [string, string][] = [];
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const equals = part.indexOf('=');
    const key = decode(equals === -1 ? part : part.slice(0, equals));
    if (presigned && key === 'X-Amz-Signature') continue;
    pairs.push([escapeUri(key), escapeUri(decode(equals === -1 ? '' : part.slice(equals + 1)))]);
  }
  pairs.sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  return pairs.map(([key, value]) => `${key}=${value}`).join('&');
}

/** Percent-decoding that leaves a malformed escape as written (the signature then fails to match, as it should). */
function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function headerValue(value: string | string[] | undefined): string {
  const text = Array.isArray(value) ? value.join(',') : (value ?? '');
  return text.trim().replace(/\s+/g, ' ');
}

function payloadHash(request: SignedRequest): string {
  const declared = request.headers['x-amz-content-sha256'];
  if (typeof declared === 'string' && declared !== '') return declared;
  return request.sentBodyHash ?? sha256Hex(request.body);
}
