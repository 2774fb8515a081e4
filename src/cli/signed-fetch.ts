import { signRequest } from '../api/sigv4/sign-request.js';
import type { Credentials } from '../shared/credentials.js';

/** Sends a request to a running Eddy, SigV4-signed for `service` (`eddy` for the admin API under /_eddy/). */
export type SignedFetch = (url: string, init?: { method?: string; headers?: Record<string, string>; body?: string; service?: string }) => Promise<Response>;

/**
 * A placeholder pair: an Eddy that verifies nothing accepts any well-formed signature, and one that
 * verifies refuses it with UnrecognizedClientException, which says what is missing.
 */
export const PLACEHOLDER_CREDENTIALS: Credentials = { accessKeyId: 'EDDYLOCAL', secretAccessKey: 'eddy-local' };

/**
 * fetch, each request signed as an SDK would sign it (the headers given and the body included), so the
 * `eddy` commands are answered by an Eddy that verifies signatures.
 */
export function signedFetch(credentials: Credentials, region: string): SignedFetch {
  return (url, init = {}) => {
    const method = init.method ?? 'GET';
    const headers = signRequest({ method, url: new URL(url), headers: init.headers ?? {}, body: init.body ?? '' }, { credentials, region, service: init.service ?? 'eddy' });
    return fetch(url, { method, headers, ...(init.body !== undefined && { body: init.body }) });
  };
}
