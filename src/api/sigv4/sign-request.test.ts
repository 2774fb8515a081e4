import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../shared/clock.js';
import { ServiceError } from '../../shared/service-error.js';
import { SigV4Verifier } from './sigv4-verifier.js';
import { presignUrl, signRequest, type RequestToSign } from './sign-request.js';

// AWS's documented example (SigV4 "create a signed request": IAM ListUsers, 2015-08-30 12:36:00 UTC).
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const SIGNED_AT = Date.UTC(2015, 7, 30, 12, 36, 0);
const EXAMPLE: RequestToSign = {
  method: 'GET',
  url: new URL('https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08'),
  headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' },
};
const scope = { credentials, region: 'us-east-1', service: 'iam', now: SIGNED_AT };

/** What the server sees of a request sent as `url` with `headers` (fetch adds the host). */
const arrived = (request: RequestToSign, url: URL, headers: Record<string, string>): { method: string; rawPath: string; rawQuery: string; headers: Record<string, string>; body: string | Buffer } => ({
  method: request.method,
  rawPath: url.pathname,
  rawQuery: url.search.slice(1),
  headers: { ...headers, host: url.host },
  body: request.body ?? '',
});

function verify(now: number, request: ReturnType<typeof arrived>): void {
  const verifier = new SigV4Verifier([credentials], new ManualClock(now));
  verifier.verify(request, verifier.checkForm(request.headers, new URLSearchParams(request.rawQuery)));
}

const refused = (fn: () => void, message: RegExp) =>
  assert.throws(fn, (error: unknown) => error instanceof ServiceError && error.code === 'InvalidSignatureException' && message.test(error.message));

describe('signRequest', () => {
  it("gives AWS's documented example its documented Authorization header", () => {
    const headers = signRequest(EXAMPLE, scope);
    assert.equal(headers['x-amz-date'], '20150830T123600Z');
    assert.equal(
      headers['authorization'],
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
    );
  });

  it('signs what the verifier accepts: a body, an encoded path, a query; changed in transit, refused', () => {
    const request: RequestToSign = {
      method: 'POST',
      url: new URL('http://127.0.0.1:4566/2015-03-31/functions/my%3Afn/invocations?Qualifier=a%20b'),
      headers: { 'content-type': 'application/json', 'x-amz-log-type': 'Tail' },
      body: '{"n":"é"}',
    };
    const headers = signRequest(request, { ...scope, service: 'lambda' });
    verify(SIGNED_AT, arrived(request, request.url, headers));
    refused(() => verify(SIGNED_AT, { ...arrived(request, request.url, headers), body: '{"n":"e"}' }), /does not match/);
    refused(() => verify(SIGNED_AT, { ...arrived(request, request.url, headers), headers: { ...headers, host: request.url.host, 'x-amz-log-type': 'None' } }), /does not match/);
    refused(() => verify(SIGNED_AT + 6 * 60_000, arrived(request, request.url, headers)), /^Signature expired/);
  });
});

describe('presignUrl', () => {
  const request: RequestToSign = { method: 'POST', url: new URL('http://127.0.0.1:4566/?keep=1'), headers: { 'x-amz-target': 'DynamoDB_20120810.ListTables' }, body: '{}' };
  const url = presignUrl(request, { ...scope, service: 'dynamodb', expiresSeconds: 60 });

  it('puts the signature in the query, keeping the query it had, and verifies until it expires', () => {
    assert.equal(url.searchParams.get('keep'), '1');
    assert.equal(url.searchParams.get('X-Amz-Credential'), 'AKIDEXAMPLE/20150830/us-east-1/dynamodb/aws4_request');
    assert.equal(url.searchParams.get('X-Amz-SignedHeaders'), 'host;x-amz-target');
    assert.equal(url.searchParams.get('X-Amz-Expires'), '60');
    verify(SIGNED_AT + 60_000, arrived(request, url, { 'x-amz-target': 'DynamoDB_20120810.ListTables' }));
    refused(() => verify(SIGNED_AT + 61_000, arrived(request, url, { 'x-amz-target': 'DynamoDB_20120810.ListTables' })), /^Signature expired: 20150830T123600Z is now earlier than/);
  });

  it('is refused with its query, a signed header or its body changed', () => {
    const tampered = new URL(url);
    tampered.searchParams.set('keep', '2');
    refused(() => verify(SIGNED_AT, arrived(request, tampered, { 'x-amz-target': 'DynamoDB_20120810.ListTables' })), /does not match/);
    refused(() => verify(SIGNED_AT, arrived(request, url, { 'x-amz-target': 'DynamoDB_20120810.DeleteTable' })), /does not match/);
    refused(() => verify(SIGNED_AT, { ...arrived(request, url, { 'x-amz-target': 'DynamoDB_20120810.ListTables' }), body: '{"Limit":1}' }), /does not match/);
  });
});
