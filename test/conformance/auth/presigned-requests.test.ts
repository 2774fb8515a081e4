import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { presignUrl } from '../../../src/api/sigv4/sign-request.js';
import { startTestEddy, testCredentials, type TestEddy } from '../../helpers/eddy.js';

/**
 * The SDK's own SigV4 signer (@smithy/signature-v4's SignatureV4, which every v3 client is built with),
 * taken from a client's configuration rather than imported: it is not a direct dependency.
 */
interface SdkSigner {
  presign(request: object, options: { expiresIn: number; signingDate?: Date; unhoistableHeaders?: Set<string> }): Promise<{ query?: Record<string, string | string[]>; headers: Record<string, string> }>;
}
async function sdkSigner(client: DynamoDBClient | SQSClient): Promise<SdkSigner> {
  return (await (client.config as unknown as { signer: () => Promise<SdkSigner> }).signer()) as SdkSigner;
}

describe('presigned requests (SigV4 in the query string), with credentials configured', () => {
  let eddy: TestEddy;
  let host: string;
  before(async () => {
    eddy = await startTestEddy({ auth: { credentials: [testCredentials] } });
    host = new URL(eddy.endpoint).host;
  });
  after(() => eddy.stop());

  /** Presigns `target` with `body` by the SDK's signer of `client`, and sends it as presigned (fetch adds the same host). */
  async function presignedBySdk(client: DynamoDBClient | SQSClient, target: string, body: string, options: { expiresIn: number; signingDate?: Date; hoist?: boolean }) {
    const url = new URL(eddy.endpoint);
    const request = { method: 'POST', protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: '/', query: {}, headers: { host, 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': target }, body };
    // The presigner moves X-Amz-* headers into the query unless told not to (`hoist`: its default).
    const { hoist, ...presignOptions } = options;
    const signed = await (await sdkSigner(client)).presign(request, { ...presignOptions, ...(!hoist && { unhoistableHeaders: new Set(['x-amz-target']) }) });
    for (const [key, value] of Object.entries(signed.query ?? {})) url.searchParams.set(key, String(value));
    const { host: _host, ...headers } = signed.headers;
    return { url, headers };
  }

  const send = async (presigned: { url: URL; headers: Record<string, string> }, body: string) => {
    const res = await fetch(presigned.url, { method: 'POST', headers: presigned.headers, body });
    return { status: res.status, body: (await res.json()) as { __type?: string; message?: string; TableNames?: string[]; QueueUrls?: string[] } };
  };

  it("accepts a DynamoDB and an SQS request presigned by the SDK's signer, and refuses it expired or tampered with", async () => {
    const dynamodb = new DynamoDBClient({ endpoint: eddy.endpoint, region: 'us-east-1', credentials: testCredentials });
    const sqs = new SQSClient({ endpoint: eddy.endpoint, region: 'us-east-1', credentials: testCredentials });
    try {
      const listTables = await presignedBySdk(dynamodb, 'DynamoDB_20120810.ListTables', '{}', { expiresIn: 60 });
      assert.equal(listTables.url.searchParams.get('X-Amz-Algorithm'), 'AWS4-HMAC-SHA256');
      assert.equal(listTables.headers['authorization'], undefined);
      const ok = await send(listTables, '{}');
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.deepEqual(ok.body.TableNames, []);
      const queues = await send(await presignedBySdk(sqs, 'AmazonSQS.ListQueues', '{}', { expiresIn: 60 }), '{}');
      assert.equal(queues.status, 200, JSON.stringify(queues.body));

      // Signed 10 minutes ago, valid for 60 seconds.
      const expired = await send(await presignedBySdk(dynamodb, 'DynamoDB_20120810.ListTables', '{}', { expiresIn: 60, signingDate: new Date(Date.now() - 10 * 60_000) }), '{}');
      assert.equal(expired.status, 400);
      assert.equal(expired.body.__type, 'com.amazon.coral.service#InvalidSignatureException');
      assert.match(expired.body.message ?? '', /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 60 sec\.\)$/);

      const mismatch = /^The request signature we calculated does not match/;
      const otherBody = await send(listTables, '{"Limit":1}');
      assert.deepEqual([otherBody.status, otherBody.body.__type], [400, 'com.amazon.coral.service#InvalidSignatureException']);
      assert.match(otherBody.body.message ?? '', mismatch);
      const otherTarget = await send({ ...listTables, headers: { ...listTables.headers, 'x-amz-target': 'DynamoDB_20120810.DescribeLimits' } }, '{}');
      assert.match(otherTarget.body.message ?? '', mismatch);
      const longer = new URL(listTables.url);
      longer.searchParams.set('X-Amz-Expires', '604800');
      assert.match((await send({ ...listTables, url: longer }, '{}')).body.message ?? '', mismatch);
      const wrongKey = new URL(listTables.url);
      wrongKey.searchParams.set('X-Amz-Credential', wrongKey.searchParams.get('X-Amz-Credential')!.replace(testCredentials.accessKeyId, 'AKIDUNKNOWN'));
      assert.equal((await send({ ...listTables, url: wrongKey }, '{}')).body.__type, 'com.amazon.coral.service#UnrecognizedClientException');
      const unsigned = new URL(listTables.url);
      unsigned.searchParams.delete('X-Amz-Signature');
      const incomplete = await send({ ...listTables, url: unsigned }, '{}');
      assert.equal(incomplete.body.__type, 'com.amazon.coral.service#IncompleteSignatureException');
      assert.equal(incomplete.body.message, "AWS query-string parameters must include 'X-Amz-Signature'. Re-examine the query-string parameters.");
    } finally {
      dynamodb.destroy();
      sqs.destroy();
    }
  });

  it("reads X-Amz-Target from the query when the SDK's presigner hoisted it there (its default), signed with the rest", async () => {
    const dynamodb = new DynamoDBClient({ endpoint: eddy.endpoint, region: 'us-east-1', credentials: testCredentials });
    const sqs = new SQSClient({ endpoint: eddy.endpoint, region: 'us-east-1', credentials: testCredentials });
    try {
      const listTables = await presignedBySdk(dynamodb, 'DynamoDB_20120810.ListTables', '{}', { expiresIn: 60, hoist: true });
      assert.equal(listTables.url.searchParams.get('x-amz-target'), 'DynamoDB_20120810.ListTables');
      assert.equal(listTables.headers['x-amz-target'], undefined);
      const ok = await send(listTables, '{}');
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.deepEqual(ok.body.TableNames, []);
      const queues = await send(await presignedBySdk(sqs, 'AmazonSQS.ListQueues', '{}', { expiresIn: 60, hoist: true }), '{}');
      assert.equal(queues.status, 200, JSON.stringify(queues.body));
      // Another operation in the query: the signature covers it.
      const retargeted = new URL(listTables.url);
      retargeted.searchParams.set('x-amz-target', 'DynamoDB_20120810.DescribeLimits');
      const refused = await send({ ...listTables, url: retargeted }, '{}');
      assert.deepEqual([refused.status, refused.body.__type], [400, 'com.amazon.coral.service#InvalidSignatureException']);
      // Only a presigned query names the operation: another request's query does not.
      const notPresigned = await fetch(`${eddy.endpoint}/?X-Amz-Target=DynamoDB_20120810.ListTables`, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.0' }, body: '{}' });
      assert.equal(((await notPresigned.json()) as { __type: string }).__type, 'com.amazon.coral.service#UnknownOperationException');
    } finally {
      dynamodb.destroy();
      sqs.destroy();
    }
  });

  it("carries temporary credentials' session token in the query the SDK's presigner signs", async () => {
    const temporary = { accessKeyId: 'ASIAPRESIGN', secretAccessKey: 'presign-secret', sessionToken: 'IQoJb3JpZ2luX2VjE+/token=' };
    const tokenEddy = await startTestEddy({ auth: { credentials: [temporary] } });
    const dynamodb = new DynamoDBClient({ endpoint: tokenEddy.endpoint, region: 'us-east-1', credentials: temporary });
    try {
      const url = new URL(tokenEddy.endpoint);
      const request = { method: 'POST', protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: '/', query: {}, headers: { host: url.host, 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.ListTables' }, body: '{}' };
      const signed = await (await sdkSigner(dynamodb)).presign(request, { expiresIn: 60 });
      for (const [key, value] of Object.entries(signed.query ?? {})) url.searchParams.set(key, String(value));
      assert.equal(url.searchParams.get('X-Amz-Security-Token'), temporary.sessionToken);
      const go = async (target: URL) => {
        const res = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.0' }, body: '{}' });
        return { status: res.status, body: (await res.json()) as { __type?: string } };
      };
      assert.equal((await go(url)).status, 200);
      const withoutToken = new URL(url);
      withoutToken.searchParams.delete('X-Amz-Security-Token');
      assert.deepEqual(await go(withoutToken), { status: 400, body: { __type: 'com.amazon.coral.service#UnrecognizedClientException', message: 'The security token included in the request is invalid.' } });
    } finally {
      dynamodb.destroy();
      await tokenEddy.stop();
    }
  });

  it("Eddy's own presigner makes URLs the server accepts (the eddy commands' signer, in query form)", async () => {
    const headers = { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.ListTables' };
    const url = presignUrl({ method: 'POST', url: new URL(eddy.endpoint), headers, body: '{}' }, { credentials: testCredentials, region: 'us-east-1', service: 'dynamodb', expiresSeconds: 30 });
    assert.equal((await send({ url, headers }, '{}')).status, 200);
    const old = presignUrl({ method: 'POST', url: new URL(eddy.endpoint), headers, body: '{}' }, { credentials: testCredentials, region: 'us-east-1', service: 'dynamodb', expiresSeconds: 30, now: Date.now() - 60_000 });
    assert.match((await send({ url: old, headers }, '{}')).body.message ?? '', /^Signature expired/);
  });
});
