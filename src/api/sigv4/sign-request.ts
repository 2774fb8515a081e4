import { createHmac } from 'node:crypto';
import type { Credentials } from '../../shared/credentials.js';
import { canonicalRequest, escapeUri, sha256Hex } from './canonical-request.js';
import { ALGORITHM, amzDateOf } from './signature-input.js';

/** A request about to be sent: its URL (path and query as they will go out), headers and body. */
export interface RequestToSign {
  readonly method: string;
  readonly url: URL;
  /** Headers to send and sign besides host and X-Amz-Date (names in any case). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
}

/** Who signs, for which region and service, at which time (ms; default now). */
export interface SigningScope {
  readonly credentials: Credentials;
  readonly region: string;
  readonly service: string;
  readonly now?: number;
}

/** SigV4's key for a day, region and service: four HMACs from the secret. */
export function signingKey(secret: string, scopeDate: string, region: string, service: string): Buffer {
  const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, scopeDate), region), service), 'aws4_request');
}

/**
 * Signs a request in the Authorization header, as the SDKs do for the services Eddy serves: the
 * headers to send (the given ones, X-Amz-Date, a session token's X-Amz-Security-Token and Authorization;
 * fetch adds the URL's host, which is signed too). The `eddy` commands sign with it; SigV4Verifier checks what it makes.
 */
export function signRequest(request: RequestToSign, scope: SigningScope): Record<string, string> {
  const amzDate = amzDateOf(scope.now ?? Date.now());
  const token = scope.credentials.sessionToken;
  const headers = { ...lowerCased(request.headers), 'x-amz-date': amzDate, ...(token !== undefined && { 'x-amz-security-token': token }) };
  const { signedHeaders, signature } = sign(request, { ...headers, host: request.url.host }, request.url.search.slice(1), amzDate, scope, false);
  const credential = `${scope.credentials.accessKeyId}/${credentialScope(amzDate, scope)}`;
  return { ...headers, authorization: `${ALGORITHM} Credential=${credential}, SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}` };
}

/**
 * A presigned URL for the request (SigV4's query-string form): valid `expiresSeconds` from its time,
 * sent with the request's headers (they are signed) and body (its hash is signed). A session token goes in
 * the query, signed with it, as the SDKs' presigners put it.
 */
export function presignUrl(request: RequestToSign, scope: SigningScope & { readonly expiresSeconds: number }): URL {
  const amzDate = amzDateOf(scope.now ?? Date.now());
  const headers = { ...lowerCased(request.headers), host: request.url.host };
  const url = new URL(request.url);
  const signedHeaders = Object.keys(headers).sort();
  const members: [string, string][] = [
    ['X-Amz-Algorithm', ALGORITHM],
    ['X-Amz-Credential', `${scope.credentials.accessKeyId}/${credentialScope(amzDate, scope)}`],
    ['X-Amz-Date', amzDate],
    ['X-Amz-Expires', String(scope.expiresSeconds)],
    ['X-Amz-SignedHeaders', signedHeaders.join(';')],
    ...(scope.credentials.sessionToken !== undefined ? [['X-Amz-Security-Token', scope.credentials.sessionToken] as [string, string]] : []),
  ];
  const query = [url.search.slice(1), ...members.map(([key, value]) => `${key}=${escapeUri(value)}`)].filter((part) => part !== '').join('&');
  const { signature } = sign(request, headers, query, amzDate, scope, true);
  url.search = `${query}&X-Amz-Signature=${signature}`;
  return url;
}

function sign(request: RequestToSign, headers: Record<string, string>, rawQuery: string, amzDate: string, scope: SigningScope, presigned: boolean) {
  const signedHeaders = Object.keys(headers).sort();
  const canonical = canonicalRequest({ method: request.method, rawPath: request.url.pathname, rawQuery, headers, body: request.body ?? '' }, signedHeaders, presigned);
  const stringToSign = `${ALGORITHM}\n${amzDate}\n${credentialScope(amzDate, scope)}\n${sha256Hex(canonical)}`;
  const key = signingKey(scope.credentials.secretAccessKey, amzDate.slice(0, 8), scope.region, scope.service);
  return { signedHeaders, signature: createHmac('sha256', key).update(stringToSign).digest('hex') };
}

const credentialScope = (amzDate: string, scope: SigningScope) => `${amzDate.slice(0, 8)}/${scope.region}/${scope.service}/aws4_request`;

const lowerCased = (headers: Readonly<Record<string, string>> = {}) => Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
