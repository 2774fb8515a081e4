import type { ConnectionAuthParameters, ConnectionParameter, OAuthToken } from '../bus-documents.js';
import { callEndpoint, HttpCallError, type HttpAnswer, type HttpClient } from './http-client.js';

type OAuthParameters = NonNullable<ConnectionAuthParameters['OAuthParameters']>;

/** Why no token came back, and whether asking again later can help (the endpoint was down, slow or busy). */
export class TokenRequestError extends Error {
  readonly retriable: boolean;

  constructor(message: string, retriable: boolean) {
    super(message);
    this.name = 'TokenRequestError';
    this.retriable = retriable;
  }
}

const pairs = (list: readonly ConnectionParameter[] | undefined): [string, string][] =>
  (list ?? []).filter((p) => p.Key !== undefined).map((p) => [p.Key!, p.Value ?? '']);

/**
 * The OAuth 2.0 client credentials grant (RFC 6749 §4.4) against a connection's AuthorizationEndpoint
 * with its HttpMethod. The client id and secret go in an `Authorization: Basic` header (RFC 6749
 * §2.3.1, the method every authorization server must take); OAuthHttpParameters add headers, query
 * parameters and body parameters, the body form-encoded (a GET carries them in the query), with
 * `grant_type=client_credentials` unless a body parameter names a grant_type. How AWS sends the client
 * credentials is not documented (unconfirmed). The answer must be a 2xx JSON object with an
 * `access_token`; `token_type` (default Bearer) and `expires_in` (seconds) are kept.
 * Throws a TokenRequestError: retriable when the endpoint gave no answer, a 429 or a 5xx.
 */
export async function requestToken(oauth: OAuthParameters, http: HttpClient, now: number): Promise<OAuthToken> {
  const extra = oauth.OAuthHttpParameters;
  const url = new URL(oauth.AuthorizationEndpoint);
  for (const [key, value] of pairs(extra?.QueryStringParameters)) url.searchParams.append(key, value);
  const form = new URLSearchParams(pairs(extra?.BodyParameters));
  if (!form.has('grant_type')) form.set('grant_type', 'client_credentials');
  const { ClientID, ClientSecret } = oauth.ClientParameters;
  const headers = new Headers(pairs(extra?.HeaderParameters));
  headers.set('authorization', `Basic ${Buffer.from(`${ClientID}:${ClientSecret}`).toString('base64')}`);
  if (!headers.has('accept')) headers.set('accept', 'application/json');
  let body: string | undefined;
  if (oauth.HttpMethod === 'GET') {
    for (const [key, value] of form) url.searchParams.append(key, value);
  } else {
    body = form.toString();
    if (!headers.has('content-type')) headers.set('content-type', 'application/x-www-form-urlencoded');
  }
  let answer: HttpAnswer;
  try {
    answer = await callEndpoint(http, url.href, { method: oauth.HttpMethod, headers, ...(body !== undefined && { body }) }, true);
  } catch (error) {
    const reason = error instanceof HttpCallError ? error.message : String(error);
    throw new TokenRequestError(`The authorization endpoint could not be reached: ${reason}`, (error as HttpCallError).kind !== 'unresolved');
  }
  const { status } = answer;
  if (status < 200 || status > 299) {
    const text = `The authorization endpoint answered ${status}${answer.statusText ? ` ${answer.statusText}` : ''}.`;
    throw new TokenRequestError(text, status === 429 || status >= 500);
  }
  return tokenOf(answer.body ?? '', now);
}

function tokenOf(text: string, now: number): OAuthToken {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const answer = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  const { access_token: accessToken, token_type: tokenType, expires_in: expiresIn } = answer;
  if (typeof accessToken !== 'string' || accessToken === '') {
    throw new TokenRequestError('The authorization endpoint answered without an access_token.', false);
  }
  const seconds = typeof expiresIn === 'number' ? expiresIn : typeof expiresIn === 'string' ? Number(expiresIn) : NaN;
  return {
    accessToken,
    tokenType: typeof tokenType === 'string' && tokenType !== '' && tokenType.toLowerCase() !== 'bearer' ? tokenType : 'Bearer',
    ...(Number.isFinite(seconds) && seconds > 0 && { expiresAt: now + seconds * 1000 }),
  };
}
