import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readSignatureInput } from './signature-input.js';

describe('readSignatureInput', () => {
  it('reads the usual SDK form and a spaced-out variant the same way', () => {
    const date = { 'x-amz-date': '20261206T090000Z' };
    const usual = readSignatureInput(
      { authorization: 'AWS4-HMAC-SHA256 Credential=AKIDTEST/20261206/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=0a1b', ...date },
      new URLSearchParams(),
    );
    const spaced = readSignatureInput(
      { authorization: 'AWS4-HMAC-SHA256  Credential=AKIDTEST/20261206/us-east-1/dynamodb/aws4_request ,SignedHeaders=Host;X-Amz-Date;x-amz-target,   Signature=0A1B', ...date },
      new URLSearchParams(),
    );
    const expected = {
      accessKeyId: 'AKIDTEST',
      scopeDate: '20261206',
      region: 'us-east-1',
      service: 'dynamodb',
      signedHeaders: ['host', 'x-amz-date', 'x-amz-target'],
      signature: '0a1b',
      amzDate: '20261206T090000Z',
      presigned: false,
    };
    assert.deepEqual(usual, expected);
    assert.deepEqual(spaced, expected);
  });
});
