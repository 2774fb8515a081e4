import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { CreateTableCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { startTestEddy, type TestEddy } from '../helpers/eddy.js';

/** A GET sent as written: fetch would resolve `..` in the path before sending it. */
function rawGet(endpoint: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const url = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the console over HTTP', () => {
  let eddy: TestEddy;
  before(async () => {
    eddy = await startTestEddy();
  });
  after(() => eddy.stop());

  it('serves its page at /_eddy/console and /_eddy/console/, revalidated on each load', async () => {
    for (const path of ['/_eddy/console', '/_eddy/console/']) {
      const page = await rawGet(eddy.endpoint, path);
      assert.equal(page.status, 200, path);
      assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
      assert.equal(page.headers['cache-control'], 'no-cache');
      assert.match(page.body, /<div id="app">/);
      const again = await rawGet(eddy.endpoint, path, { 'if-none-match': page.headers.etag as string });
      assert.equal(again.status, 304);
    }
  });

  it('serves the bundles the page names with their types, cached for good', async () => {
    const page = await rawGet(eddy.endpoint, '/_eddy/console');
    const [js] = page.body.match(/console\.\w+\.js/)!;
    const [css] = page.body.match(/console\.\w+\.css/)!;
    const script = await rawGet(eddy.endpoint, `/_eddy/console/${js}`);
    assert.equal(script.status, 200);
    assert.equal(script.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(script.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal((await rawGet(eddy.endpoint, `/_eddy/console/${css}`)).headers['content-type'], 'text/css; charset=utf-8');
  });

  it('answers a typed 404 for anything else under it, and never a file outside console/dist', async () => {
    for (const path of ['/_eddy/console/nope.js', '/_eddy/console/../../package.json', '/_eddy/console/..%2f..%2fpackage.json', '/_eddy/console/%2e%2e/build.mjs', '/_eddy/console/sub/index.html', '/_eddy/console/.gitignore']) {
      const answer = await rawGet(eddy.endpoint, path);
      assert.equal(answer.status, 404, path);
      assert.equal(JSON.parse(answer.body).type, 'ResourceNotFoundException', path);
      assert.doesNotMatch(answer.body, /"name"\s*:\s*"eddy"/);
    }
  });

  it('runs DynamoDB operations for the console, answering as DynamoDB does', async () => {
    await eddy.ddb.send(new CreateTableCommand({
      TableName: 'console-items', BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    }));
    await eddy.admin('/_eddy/dynamodb/PutItem', { TableName: 'console-items', Item: { pk: { S: 'a' }, n: { N: '7' } } });
    const got = await eddy.ddb.send(new GetItemCommand({ TableName: 'console-items', Key: { pk: { S: 'a' } } }));
    assert.deepEqual(got.Item, { pk: { S: 'a' }, n: { N: '7' } });
    assert.deepEqual((await eddy.admin('/_eddy/dynamodb/GetItem', { TableName: 'console-items', Key: { pk: { S: 'a' } } })).Item, { pk: { S: 'a' }, n: { N: '7' } });
    const scanned = await eddy.admin('/_eddy/dynamodb/Scan', { TableName: 'console-items' });
    assert.equal(scanned.Count, 1);

    const missing = await fetch(`${eddy.endpoint}/_eddy/dynamodb/Scan`, { method: 'POST', body: JSON.stringify({ TableName: 'no-such-table' }) });
    assert.equal(missing.status, 400);
    assert.deepEqual(await missing.json(), { type: 'ResourceNotFoundException', message: 'Requested resource not found' });
    const invalid = await fetch(`${eddy.endpoint}/_eddy/dynamodb/PutItem`, { method: 'POST', body: JSON.stringify({ TableName: 'console-items', Item: { n: { N: '1' } } }) });
    assert.equal(invalid.status, 400);
    assert.equal(((await invalid.json()) as { type: string }).type, 'ValidationException');
    assert.equal((await fetch(`${eddy.endpoint}/_eddy/dynamodb/Nope`, { method: 'POST', body: '{}' })).status, 404);
  });

  it('gives an overview of tables, queues and buses from storage', async () => {
    await eddy.ddb.send(new CreateTableCommand({
      TableName: 'console-orders', BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
    }));
    await eddy.admin('/_eddy/dynamodb/PutItem', { TableName: 'console-orders', Item: { id: { S: '1' } } });
    const { QueueUrl } = await eddy.sqs.send(new CreateQueueCommand({ QueueName: 'console-jobs' }));
    await eddy.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x' }));
    await eddy.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'y' }));
    const answer = await fetch(`${eddy.endpoint}/_eddy/overview`);
    assert.equal(answer.status, 200);
    const overview = (await answer.json()) as any;
    const orders = overview.tables.find((t: any) => t.name === 'console-orders');
    assert.equal(orders.itemCount, 1);
    assert.equal(orders.stream.viewType, 'NEW_IMAGE');
    assert.match(orders.stream.arn, /table\/console-orders\/stream\//);
    assert.deepEqual(orders.keySchema, [{ AttributeName: 'id', KeyType: 'HASH' }]);
    const jobs = overview.queues.find((q: any) => q.name === 'console-jobs');
    assert.equal(jobs.visible, 2);
    assert.deepEqual(overview.buses.map((b: any) => b.name), ['default']);
    assert.deepEqual(overview.mappings, []);
  });
});
