import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { CreateTableCommand, DescribeTableCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { CreateTopicCommand, GetTopicAttributesCommand, SNSClient } from '@aws-sdk/client-sns';
import { startTestEddy, testCredentials, type TestEddy } from '../../helpers/eddy.js';
import { hashTable, tableName } from '../dynamodb/table-fixtures.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** One raw request with exactly these headers (fetch sets Host and Sec-Fetch-* its own way). */
function send(endpoint: string, method: string, path: string, headers: Record<string, string>, body = ''): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, endpoint), { method, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The query a presigned request carries: without --auth-file only its form is checked, so a page can forge one. */
const presigned = (service: string, extra: Record<string, string> = {}) =>
  new URLSearchParams({ ...extra, 'X-Amz-Algorithm': 'AWS4-HMAC-SHA256', 'X-Amz-Credential': `AKIDTEST/20260101/us-east-1/${service}/aws4_request`, 'X-Amz-Date': '20260101T000000Z', 'X-Amz-Expires': '300', 'X-Amz-SignedHeaders': 'host', 'X-Amz-Signature': '00' }).toString();
const AUTH = 'AWS4-HMAC-SHA256 Credential=AKIDTEST/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00';
const EVIL = 'https://evil.example';

function assertRefused(answer: Answer, what: string): void {
  assert.equal(answer.status, 403, `${what}: ${answer.text}`);
  assert.equal(answer.headers['access-control-allow-origin'], undefined, what);
}

// Without --auth-file any well-formed signature passes: were every origin answered, any web page the developer
// opens could delete their tables, with a preflighted fetch or with a form or text/plain POST (no preflight).
describe('the AWS APIs and web pages on other origins', () => {
  let eddy: TestEddy;
  let sns: SNSClient;
  const table = tableName('cors');
  before(async () => {
    eddy = await startTestEddy();
    sns = new SNSClient({ endpoint: eddy.endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
    await eddy.ddb.send(new CreateTableCommand(hashTable(table)));
  });
  after(async () => {
    sns.destroy();
    await eddy.stop();
  });

  it("refuses another site's DeleteTable with a typed 403 and no CORS headers, and its preflight allows nothing; the table stays", async () => {
    const headers = { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.DeleteTable', authorization: AUTH, 'x-amz-date': '20260101T000000Z' };
    for (const origin of [EVIL, 'null', `http://localhost.evil.example:${new URL(eddy.endpoint).port}`]) {
      const answer = await send(eddy.endpoint, 'POST', '/', { ...headers, origin }, JSON.stringify({ TableName: table }));
      assertRefused(answer, origin);
      assert.equal(JSON.parse(answer.text).__type, 'com.amazon.coral.service#AccessDeniedException');
    }
    const preflight = await send(eddy.endpoint, 'OPTIONS', '/', { origin: EVIL, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,x-amz-date,x-amz-target' });
    assertRefused(preflight, 'preflight');
    assert.equal(preflight.headers['access-control-allow-methods'], undefined);
    assert.equal(preflight.headers['access-control-allow-headers'], undefined);
    assert.match(preflight.text, /--cors-origin https:\/\/evil\.example/);
    assert.equal((await eddy.ddb.send(new DescribeTableCommand({ TableName: table }))).Table?.TableStatus, 'ACTIVE');
  });

  it('refuses simple requests (no preflight) that would delete a queue and a topic; from localhost the same request runs', async () => {
    const { QueueUrl: kept } = await eddy.sqs.send(new CreateQueueCommand({ QueueName: 'cors-kept' }));
    const { QueueUrl: dropped } = await eddy.sqs.send(new CreateQueueCommand({ QueueName: 'cors-dropped' }));
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'cors-kept' }));
    const deleteQueue = (url: string, origin: string) =>
      send(eddy.endpoint, 'POST', `/?${presigned('sqs', { 'X-Amz-Target': 'AmazonSQS.DeleteQueue' })}`, { origin, 'content-type': 'text/plain' }, JSON.stringify({ QueueUrl: url }));
    assertRefused(await deleteQueue(kept!, EVIL), 'a text/plain POST');
    const form = await send(eddy.endpoint, 'POST', '/', { origin: EVIL, 'content-type': 'application/x-www-form-urlencoded' }, `Action=DeleteQueue&QueueUrl=${encodeURIComponent(kept!)}`);
    assert.ok(form.status >= 400 && form.headers['access-control-allow-origin'] === undefined, `SQS's query protocol, which Eddy does not serve: ${form.status}`);
    const topicForm = await send(eddy.endpoint, 'POST', `/?${presigned('sns')}`, { origin: EVIL, 'content-type': 'application/x-www-form-urlencoded' }, `Action=DeleteTopic&Version=2010-03-31&TopicArn=${encodeURIComponent(TopicArn!)}`);
    assertRefused(topicForm, 'a form POST to SNS');
    assert.match(topicForm.text, /<Code>AccessDeniedException<\/Code>/);
    // An <img> or a link sends no Origin; the browser marks it cross-site.
    const topicGet = await send(eddy.endpoint, 'GET', `/?${presigned('sns', { Action: 'DeleteTopic', Version: '2010-03-31', TopicArn: TopicArn! })}`, { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors' });
    assertRefused(topicGet, 'a cross-site GET');
    assert.ok((await eddy.sqs.send(new GetQueueUrlCommand({ QueueName: 'cors-kept' }))).QueueUrl);
    assert.ok((await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes);
    const local = await deleteQueue(dropped!, 'http://localhost:5173');
    assert.equal(local.status, 200, local.text);
    assert.equal(local.headers['access-control-allow-origin'], '*');
    await assert.rejects(eddy.sqs.send(new GetQueueUrlCommand({ QueueName: 'cors-dropped' })), { name: 'QueueDoesNotExist' });
  });

  it('answers pages on loopback, the console at its own origin, and tools as before', async () => {
    const port = new URL(eddy.endpoint).port;
    const list = { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.ListTables', authorization: AUTH, 'x-amz-date': '20260101T000000Z' };
    for (const origin of ['http://localhost:5173', 'https://localhost', 'http://127.0.0.1:3000', 'http://[::1]:8080', 'http://app.localhost:4200']) {
      const answer = await send(eddy.endpoint, 'POST', '/', { ...list, origin }, '{}');
      assert.equal(answer.status, 200, `${origin}: ${answer.text}`);
      assert.equal(answer.headers['access-control-allow-origin'], '*', origin);
    }
    // The console opened at a LAN address of the machine: its page's origin is the server's own.
    const own = await send(eddy.endpoint, 'POST', '/', { ...list, host: `10.1.2.3:${port}`, origin: `http://10.1.2.3:${port}` }, '{}');
    assert.equal(own.status, 200, own.text);
    assertRefused(await send(eddy.endpoint, 'POST', '/', { ...list, origin: `http://10.1.2.3:${port}` }, '{}'), 'a page on another machine');
    const preflight = await send(eddy.endpoint, 'OPTIONS', '/', { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' });
    assert.equal(preflight.status, 200);
    assert.equal(preflight.headers['access-control-allow-methods'], 'POST');
    assert.ok((await eddy.ddb.send(new ListTablesCommand({}))).TableNames?.includes(table), 'the SDK (no Origin) as before');
  });

  it("refuses a DNS-rebound page's same-origin reads of functions, naming --console-host", async () => {
    const port = new URL(eddy.endpoint).port;
    const functions = (host: string) => send(eddy.endpoint, 'GET', '/2015-03-31/functions/', { host, 'sec-fetch-site': 'same-origin', authorization: AUTH.replace('/dynamodb/', '/lambda/'), 'x-amz-date': '20260101T000000Z' });
    const rebound = await functions(`evil.example:${port}`);
    assertRefused(rebound, 'rebound');
    assert.equal(rebound.headers['x-amzn-errortype'], 'AccessDeniedException');
    assert.match(JSON.parse(rebound.text).message, /--console-host evil\.example to allow it$/);
    assert.equal((await functions(`localhost:${port}`)).status, 200);
  });
});

describe('the AWS APIs and web pages when signatures are verified', () => {
  let eddy: TestEddy;
  before(async () => {
    eddy = await startTestEddy({ auth: { credentials: [testCredentials] } });
  });
  after(() => eddy.stop());

  it('answers any origin: a page cannot sign without a key pair', async () => {
    const answer = await eddy.raw('ListTables', {}, { origin: EVIL });
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.headers.get('access-control-allow-origin'), '*');
    const unsigned = await send(eddy.endpoint, 'POST', '/', { origin: EVIL, 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.ListTables', authorization: AUTH, 'x-amz-date': '20260101T000000Z' }, '{}');
    assert.equal(unsigned.status, 400);
    assert.equal(JSON.parse(unsigned.text).__type, 'com.amazon.coral.service#InvalidSignatureException', 'refused for its signature, not its origin');
  });
});

describe('startEddy({ corsOrigins })', () => {
  let eddy: TestEddy;
  before(async () => {
    eddy = await startTestEddy({ corsOrigins: ['https://app.example'] });
  });
  after(() => eddy.stop());

  it('answers exactly the origins given, besides loopback', async () => {
    const list = { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.ListTables', authorization: AUTH, 'x-amz-date': '20260101T000000Z' };
    for (const origin of ['https://app.example', 'http://localhost:5173']) {
      const answer = await send(eddy.endpoint, 'POST', '/', { ...list, origin }, '{}');
      assert.equal(answer.status, 200, `${origin}: ${answer.text}`);
      assert.equal(answer.headers['access-control-allow-origin'], '*');
    }
    for (const origin of ['http://app.example', 'https://app.example:8443', 'https://sub.app.example', EVIL]) assertRefused(await send(eddy.endpoint, 'POST', '/', { ...list, origin }, '{}'), origin);
  });
});
