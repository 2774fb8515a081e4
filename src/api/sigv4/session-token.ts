import { timingSafeEqual } from 'node:crypto';
import type { SignatureInput } from './signature-input.js';
import { sigv4Errors } from './sigv4-errors.js';

/**
 * THE SESSION-TOKEN POLICY, in one place (docs/configuration.md and docs/what-works.md describe it).
 *
 * - A key configured with a `sessionToken` (temporary credentials) must be sent with that token in
 *   X-Amz-Security-Token, else UnrecognizedClientException "The security token included in the request
 *   is invalid." (AWS's answer when AWS_SESSION_TOKEN is missing or stale).
 * - A key configured without one (a long-term key) must be sent without one: AWS refuses a token sent
 *   with long-term keys in the same words (the well-known cause "switched from temporary credentials to
 *   user credentials but left AWS_SESSION_TOKEN set"). Set LONG_TERM_KEY_TAKES_ANY_TOKEN to true to
 *   accept (and ignore) a token on such a key instead.
 * - A token sent as a header must be one of the signed headers, as S3 requires ("'x-amz-security-token'
 *   must be a 'SignedHeader' in the AWS Authorization.", worded as Eddy's 'Host' refusal; AWS's own
 *   text for the JSON services is unconfirmed, and AWS documents that some services accept a token added
 *   after signing). Every SDK signs it; a presigned URL carries it in the query, which is signed whole.
 */
export const LONG_TERM_KEY_TAKES_ANY_TOKEN = false;

/** Throws what AWS answers when the request's session token does not go with its key (`configured`: the key's token, if any). */
export function checkSessionToken(input: SignatureInput, configured: string | undefined): void {
  const sent = input.securityToken;
  if (sent !== undefined && input.securityTokenInQuery !== true && !input.signedHeaders.includes('x-amz-security-token')) {
    throw sigv4Errors.invalidSignature("'x-amz-security-token' must be a 'SignedHeader' in the AWS Authorization.");
  }
  if (configured === undefined) {
    if (sent !== undefined && !LONG_TERM_KEY_TAKES_ANY_TOKEN) throw sigv4Errors.unrecognizedClient();
    return;
  }
  if (sent === undefined || !sameText(sent, configured)) throw sigv4Errors.unrecognizedClient();
}

const sameText = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};
