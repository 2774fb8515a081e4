import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../shared/clock.js';
import { ServiceError } from '../../shared/service-error.js';
import type { Credentials } from '../../shared/credentials.js';
import { SigV4Verifier } from './sigv4-verifier.js';
import { presignUrl, signRequest, type RequestToSign } from './sign-request.js';
import { forService, sigv4Errors } from './sigv4-errors.js';

const NOW = Date.UTC(2026, 11, 6, 9, 0, 0);
const TEMPORARY: Credentials = { accessKeyId: 'ASIATEMPORARY', secretAccessKey: 'temp-secret', sessionToken: 'FwoGZXIvYXdzE+token/with=chars' };
const LONG_TERM: Credentials = { accessKeyId: 'AKIDLONGTERM', secretAccessKey: 'long-secret' };
const verifier = new SigV4Verifier([TEMPORARY, LONG_TERM], new ManualClock(NOW));
const request: RequestToSign = { method: 'POST', url: new URL('http://127.0.0.1:4566/'), headers: { 'x-amz-target': 'DynamoDB_20120810.ListTables' }, body: '{}' };

/** Sends `request` signed with `credentials` (header form), its headers changed by `edit`, to the verifier. */
function send(credentials: Credentials, edit: (headers: Record<string, string>) => Record<string, string> = (h) => h): void {
  const headers = edit({ ...signRequest(request, { credentials, region: 'us-east-1', service: 'dynamodb', now: NOW }), host: request.url.host });
  verifier.verify({ method: 'POST', rawPath: '/', rawQuery: '', headers, body: '{}' }, verifier.checkForm(headers, new URLSearchParams()));
}

function sendPresigned(credentials: Credentials, edit: (url: URL) => void = () => {}): void {
  const url = presignUrl(request, { credentials, region: 'us-east-1', service: 'dynamodb', now: NOW, expiresSeconds: 60 });
  edit(url);
  const headers = { 'x-amz-target': 'DynamoDB_20120810.ListTables', host: url.host };
  verifier.verify({ method: 'POST', rawPath: '/', rawQuery: url.search.slice(1), headers, body: '{}' }, verifier.checkForm(headers, url.searchParams));
}

const fails = (fn: () => void, code: string, message: RegExp) =>
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof ServiceError);
    assert.equal(error.code, code);
    assert.match(error.message, message);
    return true;
  });
const INVALID_TOKEN = /^The security token included in the request is invalid\.$/;

describe('session tokens (X-Amz-Security-Token)', () => {
  it('accepts a key configured with a token only with that token, signed', () => {
    send(TEMPORARY);
    fails(() => send({ ...TEMPORARY, sessionToken: undefined } as Credentials), 'UnrecognizedClientException', INVALID_TOKEN);
    fails(() => send({ ...TEMPORARY, sessionToken: 'FwoGZXIvYXdzE+token/with=chaRs' }), 'UnrecognizedClientException', INVALID_TOKEN);
    fails(() => send({ ...TEMPORARY, sessionToken: 'short' }), 'UnrecognizedClientException', INVALID_TOKEN);
  });

  it('refuses a token sent with a long-term key, as AWS does', () => {
    send(LONG_TERM);
    fails(() => send({ ...LONG_TERM, sessionToken: 'anything' }), 'UnrecognizedClientException', INVALID_TOKEN);
  });

  it('wants a token sent as a header among the signed headers: added after signing, or changed, it is refused', () => {
    const unsigned = (credentials: Credentials, token: string) => () => send(credentials, (headers) => ({ ...headers, 'x-amz-security-token': token }));
    fails(unsigned({ ...TEMPORARY, sessionToken: undefined } as Credentials, TEMPORARY.sessionToken!), 'InvalidSignatureException', /^'x-amz-security-token' must be a 'SignedHeader' in the AWS Authorization\.$/);
    // Signed, then swapped for another value: the token no longer goes with the key.
    fails(() => send(TEMPORARY, (headers) => ({ ...headers, 'x-amz-security-token': 'other' })), 'UnrecognizedClientException', INVALID_TOKEN);
  });

  it('reads a presigned request\'s token from its query, which the signature covers', () => {
    sendPresigned(TEMPORARY);
    assert.equal(presignUrl(request, { credentials: TEMPORARY, region: 'us-east-1', service: 'dynamodb', now: NOW, expiresSeconds: 60 }).searchParams.get('X-Amz-Security-Token'), TEMPORARY.sessionToken);
    fails(() => sendPresigned(TEMPORARY, (url) => url.searchParams.delete('X-Amz-Security-Token')), 'UnrecognizedClientException', INVALID_TOKEN);
    fails(() => sendPresigned(LONG_TERM, (url) => url.searchParams.set('X-Amz-Security-Token', 'x')), 'UnrecognizedClientException', INVALID_TOKEN);
    // The right token added to a URL signed without it: accepted by the token check, refused by the signature.
    fails(() => sendPresigned({ ...TEMPORARY, sessionToken: undefined } as Credentials, (url) => url.searchParams.set('X-Amz-Security-Token', TEMPORARY.sessionToken!)), 'InvalidSignatureException', /does not match/);
  });
});

describe('forService: a signature refusal as each service answers it', () => {
  it("gives Lambda's 403 and wording, and leaves the JSON services' 400 and other errors alone", () => {
    const lambda = forService(sigv4Errors.invalidSignature('x'), 'lambda');
    assert.deepEqual([lambda.code, lambda.statusCode, lambda.message], ['InvalidSignatureException', 403, 'x']);
    const missing = forService(sigv4Errors.missingToken(), 'lambda');
    assert.deepEqual([missing.code, missing.statusCode, missing.message], ['MissingAuthenticationTokenException', 403, 'Missing Authentication Token']);
    assert.equal(forService(sigv4Errors.unrecognizedClient(), 'dynamodb').statusCode, 400);
    const other = new ServiceError('ResourceNotFoundException', 'gone', 404);
    assert.equal(forService(other, 'lambda'), other);
  });
});
