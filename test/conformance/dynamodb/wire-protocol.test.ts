import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { crc32 } from 'node:zlib';
import { presignUrl } from '../../../src/api/sigv4/sign-request.js';
import { startTestEddy, testCredentials, type TestEddy } from '../../helpers/eddy.js';

describe('AWS JSON 1.0 wire protocol', () => {
  let eddy: TestEddy;
  before(async () => {
    eddy = await startTestEddy();
  });
  after(() => eddy.stop());

  it('answers GET / with a health line', async () => {
    const res = await fetch(eddy.endpoint);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'healthy: dynamodb.us-east-1.amazonaws.com ');
  });

  it('answers other paths and methods with 404', async () => {
    const res = await fetch(`${eddy.endpoint}/nothing-here`);
    assert.equal(res.status, 404);
  });

  it('rejects an unknown operation with UnknownOperationException', async () => {
    const res = await eddy.raw('DynamoDB_20120810.FlyToTheMoon', {});
    assert.equal(res.status, 400);
    assert.equal(res.json.__type, 'com.amazon.coral.service#UnknownOperationException');
  });

  it('rejects an unknown service prefix and a missing target', async () => {
    assert.equal((await eddy.raw('Nope_20200101.ListTables', {})).json.__type, 'com.amazon.coral.service#UnknownOperationException');
    const res = await fetch(eddy.endpoint, { method: 'POST', headers: { authorization: 'x' }, body: '{}' });
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { __type: string }).__type, 'com.amazon.coral.service#UnknownOperationException');
  });

  it('does not treat inherited object members as operations', async () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const res = await eddy.raw(`DynamoDB_20120810.${name}`, {});
      assert.equal(res.json.__type, 'com.amazon.coral.service#UnknownOperationException', name);
    }
  });

  it('requires an Authorization header', async () => {
    const res = await fetch(eddy.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.ListTables' },
      body: '{}',
    });
    assert.equal(res.status, 400);
    assert.deepEqual(await res.json(), {
      __type: 'com.amazon.coral.service#MissingAuthenticationTokenException',
      message: 'Request is missing Authentication Token',
    });
  });

  it('accepts presigned-URL credentials instead of the header; an incomplete presigned query is IncompleteSignatureException', async () => {
    const headers = { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.ListTables' };
    const url = presignUrl({ method: 'POST', url: new URL(eddy.endpoint), headers, body: '{}' }, { credentials: testCredentials, region: 'us-east-1', service: 'dynamodb', expiresSeconds: 60 });
    const res = await fetch(url, { method: 'POST', headers, body: '{}' });
    assert.equal(res.status, 200, await res.clone().text());
    const incomplete = await fetch(`${eddy.endpoint}/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=x`, { method: 'POST', headers, body: '{}' });
    assert.equal(incomplete.status, 400);
    assert.deepEqual(await incomplete.json(), {
      __type: 'com.amazon.coral.service#IncompleteSignatureException',
      message:
        "AWS query-string parameters must include 'X-Amz-Signature'. AWS query-string parameters must include 'X-Amz-SignedHeaders'. AWS query-string parameters must include 'X-Amz-Date'. Re-examine the query-string parameters.",
    });
  });

  it('rejects malformed JSON with SerializationException', async () => {
    const res = await eddy.raw('ListTables', '{"Limit": ');
    assert.equal(res.status, 400);
    assert.equal(res.json.__type, 'com.amazon.coral.service#SerializationException');
  });

  it('rejects a body that is not a JSON object', async () => {
    for (const body of ['[]', '"text"', '12', 'null']) {
      const res = await eddy.raw('ListTables', body);
      assert.equal(res.status, 400, body);
      assert.equal(res.json.__type, 'com.amazon.coral.service#SerializationException', body);
    }
  });

  it('sends x-amz-crc32 of the body and a fresh x-amzn-RequestId', async () => {
    const first = await eddy.raw('ListTables', {});
    const second = await eddy.raw('ListTables', {});
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('x-amz-crc32'), String(crc32(Buffer.from(first.text))));
    assert.equal(first.headers.get('content-type'), 'application/x-amz-json-1.0');
    const id1 = first.headers.get('x-amzn-requestid');
    assert.ok(id1 && id1.length >= 20);
    assert.notEqual(id1, second.headers.get('x-amzn-requestid'));
  });

  it('sends x-amz-crc32 on errors too', async () => {
    const res = await eddy.raw('Nope', {});
    assert.equal(res.headers.get('x-amz-crc32'), String(crc32(Buffer.from(res.text))));
  });

  it('refuses bodies over 16 MB with 413', async () => {
    const big = '{"TableName":"' + 'x'.repeat(16 * 1024 * 1024) + '"}';
    const res = await eddy.raw('DescribeTable', big);
    assert.equal(res.status, 413);
    assert.equal(res.json.__type, 'com.amazon.coral.service#RequestEntityTooLargeException');
  });

  it('keeps serving after bad requests', async () => {
    await eddy.raw('ListTables', '{{{');
    const res = await eddy.raw('ListTables', {});
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, { TableNames: [] });
  });
});
