import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { crc32, deflateSync, gunzipSync, gzipSync, inflateSync } from 'node:zlib';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { startTestEddy, testCredentials, type TestEddy } from '../../helpers/eddy.js';
import { hashTable, tableName } from '../dynamodb/table-fixtures.js';

const AUTH = 'AWS4-HMAC-SHA256 Credential=AKIDTEST/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One request over a fresh connection, headers exactly as given (no Accept-Encoding unless asked). */
function send(endpoint: string, options: { method?: string; path?: string; headers?: Record<string, string | number>; body?: Buffer | string }): Promise<Answer> {
  const url = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, method: options.method ?? 'POST', path: options.path ?? '/', headers: options.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A DynamoDB call with `body` already encoded as `encoding` says. */
function call(endpoint: string, operation: string, body: Buffer | string, headers: Record<string, string> = {}): Promise<Answer> {
  return send(endpoint, {
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `DynamoDB_20120810.${operation}`, authorization: AUTH, 'x-amz-date': '20260101T000000Z', ...headers },
    body,
  });
}

const json = (answer: Answer): any => JSON.parse(answer.body.toString('utf8'));

describe('HTTP edge: compressed requests', () => {
  let eddy: TestEddy;
  const table = tableName('edge');
  before(async () => {
    eddy = await startTestEddy();
    await eddy.ddb.send(new CreateTableCommand(hashTable(table)));
  });
  after(() => eddy.stop());

  it('takes a gzip-encoded PutItem and GetItem', async () => {
    const put = { TableName: table, Item: { pk: { S: 'gz' }, note: { S: 'compressed on the way in' } } };
    const res = await call(eddy.endpoint, 'PutItem', gzipSync(JSON.stringify(put)), { 'content-encoding': 'gzip' });
    assert.equal(res.status, 200, res.body.toString());
    const got = await call(eddy.endpoint, 'GetItem', gzipSync(JSON.stringify({ TableName: table, Key: { pk: { S: 'gz' } } })), { 'content-encoding': 'GZIP' });
    assert.equal(got.status, 200);
    assert.deepEqual(json(got).Item, put.Item);
  });

  it('takes a deflate-encoded PutItem, and identity as no encoding', async () => {
    const put = { TableName: table, Item: { pk: { S: 'deflate' }, n: { N: '7' } } };
    assert.equal((await call(eddy.endpoint, 'PutItem', deflateSync(JSON.stringify(put)), { 'content-encoding': 'deflate' })).status, 200);
    const got = await call(eddy.endpoint, 'GetItem', JSON.stringify({ TableName: table, Key: { pk: { S: 'deflate' } } }), { 'content-encoding': 'identity' });
    assert.deepEqual(json(got).Item, put.Item);
  });

  it('takes two gzip members one after the other, as gzip allows', async () => {
    const text = JSON.stringify({ TableName: table, Item: { pk: { S: 'two-members' } } });
    const body = Buffer.concat([gzipSync(text.slice(0, 10)), gzipSync(text.slice(10))]);
    assert.equal((await call(eddy.endpoint, 'PutItem', body, { 'content-encoding': 'gzip' })).status, 200);
  });

  it('refuses a corrupt or truncated gzip body with a 400 SerializationException, writing nothing', async () => {
    const put = JSON.stringify({ TableName: table, Item: { pk: { S: 'corrupt' } } });
    for (const body of [Buffer.from(put), gzipSync(put).subarray(0, -1), Buffer.alloc(0)]) {
      const res = await call(eddy.endpoint, 'PutItem', body, { 'content-encoding': 'gzip' });
      assert.equal(res.status, 400);
      assert.equal(json(res).__type, 'com.amazon.coral.service#SerializationException');
      assert.match(json(res).Message, /^The request body is not valid gzip data: /);
      assert.equal(res.headers['x-amz-crc32'], String(crc32(res.body)));
    }
    const got = await call(eddy.endpoint, 'GetItem', JSON.stringify({ TableName: table, Key: { pk: { S: 'corrupt' } } }));
    assert.deepEqual(json(got), {});
  });

  it('refuses an unknown encoding with 415, naming the ones it takes', async () => {
    const res = await call(eddy.endpoint, 'ListTables', '{}', { 'content-encoding': 'br' });
    assert.equal(res.status, 415);
    assert.equal(res.headers['accept-encoding'], 'gzip, deflate');
    assert.deepEqual(json(res), {
      __type: 'com.amazon.coral.service#SerializationException',
      Message: 'Content-Encoding "br" is not supported: send gzip, deflate or identity',
    });
  });

  it('refuses a gzip bomb (tiny body, over 16 MB decoded) with 413 and keeps serving', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20)); // 64 MB of spaces, about 64 KB encoded
    assert.ok(bomb.length < 100 * 1024);
    const res = await call(eddy.endpoint, 'ListTables', bomb, { 'content-encoding': 'gzip' });
    assert.equal(res.status, 413);
    assert.equal(json(res).__type, 'com.amazon.coral.service#RequestEntityTooLargeException');
    const after = await call(eddy.endpoint, 'ListTables', '{}');
    assert.equal(after.status, 200);
  });

  it('an SDK client that gzips its requests before signing, as request compression does', async () => {
    // @aws-sdk/client-dynamodb has no request compression (DynamoDB's model carries no
    // @requestCompression trait, so requestMinCompressionSizeBytes does not apply to it); this
    // middleware does what the SDK's compression middleware does for services that have it.
    const client = new DynamoDBClient({ endpoint: eddy.endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
    let compressed = 0;
    client.middlewareStack.add(
      (next) => async (args: any) => {
        compressed++;
        const req = args.request;
        req.body = gzipSync(req.body);
        req.headers['content-encoding'] = 'gzip';
        req.headers['content-length'] = String(req.body.length);
        return next(args);
      },
      { step: 'build', name: 'gzipRequestBody' },
    );
    try {
      const item = { pk: { S: 'sdk-gzip' }, blob: { S: 'y'.repeat(20_000) } };
      await client.send(new PutItemCommand({ TableName: table, Item: item }));
      const got = await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'sdk-gzip' } } }));
      assert.deepEqual(got.Item, item);
      assert.equal(compressed, 2);
    } finally {
      client.destroy();
    }
  });
});

describe('HTTP edge: compressed answers', () => {
  let eddy: TestEddy;
  const table = tableName('edge');
  const big = 'x'.repeat(6000);
  before(async () => {
    eddy = await startTestEddy();
    await eddy.ddb.send(new CreateTableCommand(hashTable(table)));
    await eddy.ddb.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'big' }, x: { S: big } } }));
  });
  after(() => eddy.stop());

  const getBig = (accept?: string, projection = 'pk, x') =>
    call(eddy.endpoint, 'GetItem', JSON.stringify({ TableName: table, Key: { pk: { S: 'big' } }, ProjectionExpression: projection }), accept ? { 'accept-encoding': accept } : {});

  it('gzips an answer of 4 KB or more when Accept-Encoding asks; x-amz-crc32 covers the bytes sent', async () => {
    const res = await getBig('gzip');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-encoding'], 'gzip');
    assert.equal(res.headers['content-length'], String(res.body.length));
    assert.equal(res.headers['x-amz-crc32'], String(crc32(res.body)));
    assert.ok(res.body.length < 500, `${res.body.length} bytes`);
    assert.equal(JSON.parse(gunzipSync(res.body).toString()).Item.x.S, big);
  });

  it('deflates when deflate is preferred', async () => {
    const res = await getBig('br, deflate, gzip;q=0.5');
    assert.equal(res.headers['content-encoding'], 'deflate');
    assert.equal(JSON.parse(inflateSync(res.body).toString()).Item.x.S, big);
  });

  it('sends plain without Accept-Encoding, for codings it does not offer, and under 4 KB', async () => {
    for (const res of [await getBig(), await getBig('br, identity'), await getBig('gzip', 'pk')]) {
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-encoding'], undefined);
      assert.equal(res.headers['x-amz-crc32'], String(crc32(res.body)));
      assert.equal(json(res).Item.pk.S, 'big');
    }
  });
});

describe('HTTP edge: CORS, health, limits, request ids', () => {
  let eddy: TestEddy;
  before(async () => {
    eddy = await startTestEddy();
  });
  after(() => eddy.stop());

  it('answers a preflight with what it asks for, cacheable', async () => {
    const res = await send(eddy.endpoint, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,x-amz-date,x-amz-target,x-amz-user-agent',
      },
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.length, 0);
    assert.equal(res.headers['access-control-allow-origin'], '*');
    assert.equal(res.headers['access-control-allow-methods'], 'POST');
    assert.equal(res.headers['access-control-allow-headers'], 'authorization,content-type,x-amz-date,x-amz-target,x-amz-user-agent');
    assert.equal(res.headers['access-control-max-age'], '172800');
    assert.match(res.headers['access-control-expose-headers'] as string, /x-amzn-RequestId/);
  });

  it('an OPTIONS without an Origin is a plain empty 200', async () => {
    const res = await send(eddy.endpoint, { method: 'OPTIONS' });
    assert.equal(res.status, 200);
    assert.equal(res.headers['access-control-allow-origin'], undefined);
  });

  it('puts Access-Control-Allow-Origin and -Expose-Headers on answers to a browser, errors too', async () => {
    const ok = await call(eddy.endpoint, 'ListTables', '{}', { origin: 'http://localhost:5173' });
    const failed = await call(eddy.endpoint, 'DescribeTable', '{"TableName":"missing"}', { origin: 'http://localhost:5173' });
    for (const res of [ok, failed]) {
      assert.equal(res.headers['access-control-allow-origin'], '*');
      const exposed = (res.headers['access-control-expose-headers'] as string).split(',');
      for (const header of ['x-amzn-RequestId', 'x-amzn-ErrorType', 'x-amz-crc32', 'Date']) assert.ok(exposed.includes(header), header);
      assert.equal(res.headers['access-control-max-age'], undefined);
    }
    assert.equal(failed.status, 400);
  });

  it('sends no CORS headers when there is no Origin', async () => {
    const res = await call(eddy.endpoint, 'ListTables', '{}');
    assert.equal(res.headers['access-control-allow-origin'], undefined);
    assert.equal(res.headers['access-control-expose-headers'], undefined);
  });

  it('answers GET / with DynamoDB\'s health line, and other paths with 404 UnknownOperationException', async () => {
    const health = await send(eddy.endpoint, { method: 'GET', headers: { origin: 'http://localhost:5173' } });
    assert.equal(health.status, 200);
    assert.equal(health.body.toString(), 'healthy: dynamodb.us-east-1.amazonaws.com ');
    assert.equal(health.headers['x-amz-crc32'], String(crc32(health.body)));
    assert.equal(health.headers['access-control-allow-origin'], '*');
    for (const [method, path] of [['GET', '/health'], ['PUT', '/'], ['DELETE', '/x']] as const) {
      const res = await send(eddy.endpoint, { method, path });
      assert.equal(res.status, 404, `${method} ${path}`);
      assert.equal(res.body.toString(), '<UnknownOperationException/>\n');
      assert.match(res.headers['x-amzn-requestid'] as string, /^[A-Z0-9]{52}$/);
    }
  });

  it('gives DynamoDB answers 52-character request ids, other services UUIDs', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const res = await call(eddy.endpoint, 'ListTables', '{}');
      const id = res.headers['x-amzn-requestid'] as string;
      assert.match(id, /^[A-Z0-9]{52}$/);
      ids.add(id);
    }
    assert.equal(ids.size, 300);
    const sqs = await send(eddy.endpoint, {
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.ListQueues', authorization: AUTH, 'x-amz-date': '20260101T000000Z' },
      body: '{}',
    });
    assert.match(sqs.headers['x-amzn-requestid'] as string, /^[0-9a-f-]{36}$/);
  });

  it('refuses a body over 16 MB with 413 in the protocol shape', async () => {
    const res = await call(eddy.endpoint, 'ListTables', '{"x":"' + 'x'.repeat(16 * 1024 * 1024) + '"}');
    assert.equal(res.status, 413);
    assert.equal(json(res).__type, 'com.amazon.coral.service#RequestEntityTooLargeException');
  });

  it('answers headers over 16 KB with 431 and a body, then keeps serving', async () => {
    const res = await call(eddy.endpoint, 'ListTables', '{}', { 'x-padding': 'p'.repeat(20_000) });
    assert.equal(res.status, 431);
    assert.equal(res.headers.connection, 'close');
    assert.match(res.headers['x-amzn-requestid'] as string, /^[A-Z0-9]{52}$/);
    assert.equal(json(res).__type, 'com.amazon.coral.service#RequestHeaderFieldsTooLarge');
    assert.equal((await call(eddy.endpoint, 'ListTables', '{}')).status, 200);
  });

  it('answers a request line over 16 KB with 414 and a body', async () => {
    const res = await send(eddy.endpoint, { method: 'GET', path: `/?${'q'.repeat(20_000)}` });
    assert.equal(res.status, 414);
    assert.equal(json(res).__type, 'com.amazon.coral.service#RequestURITooLong');
    assert.equal(res.headers['x-amz-crc32'], String(crc32(res.body)));
  });

  it('answers malformed HTTP with 400 and a body, not a bare status line', async () => {
    const url = new URL(eddy.endpoint);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () => socket.write('GARBAGE\r\n\r\n'));
      const chunks: Buffer[] = [];
      socket.on('data', (chunk) => chunks.push(chunk));
      socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
      socket.on('error', reject);
    });
    assert.match(raw, /^HTTP\/1\.1 400 Bad Request\r\n/);
    const body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
    assert.equal(JSON.parse(body).__type, 'com.amazon.coral.service#BadRequest');
  });
});
