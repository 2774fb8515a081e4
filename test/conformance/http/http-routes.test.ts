import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { GetQueueUrlCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';

const config = fileURLToPath(new URL('./fixtures/eddy.config.ts', import.meta.url));

describe('HTTP routes → functions (API Gateway HTTP API)', () => {
  let eddy: TestEddy;
  let app: string;
  const lines: string[] = [];
  const logger = { info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m), debug() {} };

  before(async () => {
    eddy = await startTestEddy({ config, log: logger });
    app = eddy.httpEndpoint!;
  });
  after(() => eddy.stop());

  /** The event the echo function received, from its response. */
  const echoed = async (path: string, init?: RequestInit) => {
    const res = await fetch(`${app}${path}`, init);
    assert.equal(res.status, 200);
    return (await res.json()) as any;
  };
  /** POSTs a response for the `respond` function to return, as JSON. */
  const respondWith = (value: unknown, path = '/respond') =>
    fetch(`${app}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) });

  it('serves on its own port and lists the routes', () => {
    assert.match(app, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(app, eddy.endpoint);
    assert.deepEqual(
      eddy.httpRoutes!.map((r) => `${r.routeKey} → ${r.function}`),
      [
        'GET /users/{id} → echo', 'ANY /files/{proxy+} → echo', 'POST /echo → echo', 'GET /v1/{name} → echoV1',
        'GET /fails → fails', 'GET /slow → slow', 'POST /users → createUser',
        'POST /respond → respond', 'GET /users/me → respond', 'POST /v1/respond → respond', '$default → echo',
      ],
    );
  });

  it('payload 2.0: path parameters, query strings, headers and cookies as API Gateway sends them', async () => {
    const event = await echoed('/users/a%20b?x=1&x=2&y=hello%20world&flag', {
      headers: { 'X-Custom': 'one', cookie: 'a=1; b=2', 'user-agent': 'tests' },
    });
    assert.equal(event.version, '2.0');
    assert.equal(event.routeKey, 'GET /users/{id}');
    assert.equal(event.rawPath, '/users/a%20b');
    assert.equal(event.rawQueryString, 'x=1&x=2&y=hello%20world&flag');
    assert.deepEqual(event.queryStringParameters, { x: '1,2', y: 'hello world', flag: '' });
    assert.deepEqual(event.pathParameters, { id: 'a b' });
    assert.deepEqual(event.cookies, ['a=1', 'b=2']);
    assert.equal(event.headers['x-custom'], 'one');
    assert.equal(event.headers.cookie, undefined);
    assert.equal(event.isBase64Encoded, false);
    assert.equal('body' in event, false);
    const ctx = event.requestContext;
    assert.deepEqual(ctx.http, { method: 'GET', path: '/users/a b', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'tests' });
    assert.equal(ctx.routeKey, 'GET /users/{id}');
    assert.equal(ctx.stage, '$default');
    assert.equal(ctx.accountId, '000000000000');
    assert.match(ctx.requestId, /^[0-9a-f-]{36}$/);
    assert.match(ctx.time, /^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    assert.equal(typeof ctx.timeEpoch, 'number');
  });

  it('a literal route beats a parameter; a greedy parameter takes the rest of the path; ANY takes any method', async () => {
    assert.equal((await echoed('/users/42')).routeKey, 'GET /users/{id}');
    // GET /users/me goes to `respond`, which fails on a request without a body; `echo` would answer 200.
    const literal = await fetch(`${app}/users/me`);
    assert.equal(literal.status, 502);
    const greedy = await echoed('/files/a/b/c.txt', { method: 'DELETE' });
    assert.equal(greedy.routeKey, 'ANY /files/{proxy+}');
    assert.deepEqual(greedy.pathParameters, { proxy: 'a/b/c.txt' });
    assert.equal(greedy.requestContext.http.method, 'DELETE');
  });

  it('$default takes what no route matches', async () => {
    const event = await echoed('/files'); // {proxy+} needs one segment at least
    assert.equal(event.routeKey, '$default');
    assert.equal((await echoed('/nothing/here', { method: 'PUT' })).routeKey, '$default');
  });

  it('JSON bodies arrive as text, binary bodies base64-encoded', async () => {
    const json = await echoed('/echo', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    assert.equal(json.body, '{"a":1}');
    assert.equal(json.isBase64Encoded, false);
    const bytes = Buffer.from([0, 1, 2, 254, 255]);
    const binary = await echoed('/echo', { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: bytes });
    assert.equal(binary.body, bytes.toString('base64'));
    assert.equal(binary.isBase64Encoded, true);
    // A Content-Encoding is the function's to undo: the bytes arrive as sent (an unknown coding too).
    const gzipped = gzipSync('{"a":1}');
    const encoded = await echoed('/echo', { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: gzipped });
    assert.equal(encoded.body, gzipped.toString('base64'));
    const unknown = await echoed('/echo', { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'br' }, body: '{"b":2}' });
    assert.equal(unknown.body, '{"b":2}');
  });

  it('payload 1.0 per route: resource, httpMethod, multi-value headers and query strings, nulls', async () => {
    const event = await echoed('/v1/ada?tag=a&tag=b', { headers: { 'x-one': '1' } });
    assert.equal(event.version, '1.0');
    assert.equal(event.resource, '/v1/{name}');
    assert.equal(event.path, '/v1/ada');
    assert.equal(event.httpMethod, 'GET');
    assert.deepEqual(event.pathParameters, { name: 'ada' });
    assert.deepEqual(event.queryStringParameters, { tag: 'b' });
    assert.deepEqual(event.multiValueQueryStringParameters, { tag: ['a', 'b'] });
    assert.equal(event.headers['x-one'], '1');
    assert.deepEqual(event.multiValueHeaders['x-one'], ['1']);
    assert.equal(event.body, null);
    assert.equal(event.isBase64Encoded, false);
    assert.equal(event.stageVariables, null);
    assert.equal(event.requestContext.resourcePath, '/v1/{name}');
    assert.equal(event.requestContext.identity.sourceIp, '127.0.0.1');
    assert.equal(event.requestContext.httpMethod, 'GET');
  });

  it('payload 2.0 shorthand: an object or a string becomes a 200 JSON response', async () => {
    const object = await respondWith({ hello: 'world' });
    assert.equal(object.status, 200);
    assert.equal(object.headers.get('content-type'), 'application/json');
    assert.equal(await object.text(), '{"hello":"world"}');
    const text = await respondWith('Hello from Lambda!');
    assert.equal(text.status, 200);
    assert.equal(text.headers.get('content-type'), 'application/json');
    assert.equal(await text.text(), 'Hello from Lambda!');
  });

  it('full responses: status, headers, multi-value headers, cookies, base64 bodies', async () => {
    const res = await respondWith({
      statusCode: 418,
      headers: { 'x-one': 'a', 'content-type': 'image/png' },
      multiValueHeaders: { 'x-many': ['1', '2'] },
      cookies: ['s=1; Path=/', 't=2'],
      body: Buffer.from([137, 80, 78, 71]).toString('base64'),
      isBase64Encoded: true,
    });
    assert.equal(res.status, 418);
    assert.equal(res.headers.get('x-one'), 'a');
    assert.equal(res.headers.get('x-many'), '1, 2');
    assert.deepEqual(res.headers.getSetCookie(), ['s=1; Path=/', 't=2']);
    assert.deepEqual([...Buffer.from(await res.arrayBuffer())], [137, 80, 78, 71]);
  });

  it('a header that cannot go on the wire (a line break, a bad name) is a malformed response: 502, and Eddy keeps serving', async () => {
    for (const headers of [{ 'x-split': 'a\r\nx-injected: 1' }, { 'bad name': 'x' }, { 'x-nul': 'a\u0000b' }]) {
      const bad = await respondWith({ statusCode: 200, headers, body: 'x' });
      assert.equal(bad.status, 502);
      assert.equal(bad.headers.get('x-injected'), null);
    }
    const ok = await respondWith({ statusCode: 200, body: 'fine' });
    assert.equal(await ok.text(), 'fine');
  });

  it('payload 1.0 has no shorthand: a result without statusCode is a 502', async () => {
    const ok = await respondWith({ statusCode: 201, body: 'made' }, '/v1/respond');
    assert.equal(ok.status, 201);
    assert.equal(await ok.text(), 'made');
    const bad = await respondWith({ hello: 'world' }, '/v1/respond');
    assert.equal(bad.status, 502);
    assert.deepEqual(await bad.json(), { message: 'Internal Server Error' });
  });

  it('a thrown error is a 502, a timeout a 504, an unknown route (no $default) a 404', async () => {
    const failed = await fetch(`${app}/fails`);
    assert.equal(failed.status, 502);
    assert.equal(failed.headers.get('content-type'), 'application/json');
    assert.deepEqual(await failed.json(), { message: 'Internal Server Error' });
    const slow = await fetch(`${app}/slow`);
    assert.equal(slow.status, 504);
    assert.deepEqual(await slow.json(), { message: 'Endpoint request timed out' });
    assert.ok(lines.some((l) => /^GET \/fails 502 \d+ms fails — the function failed: Error: boom$/.test(l)), lines.join('\n'));
  });

  it('logs each request: method, path, status, duration, function', async () => {
    await echoed('/users/42?q=1');
    assert.ok(lines.some((l) => /^GET \/users\/42\?q=1 200 \d+ms echo$/.test(l)), lines.join('\n'));
  });

  it('answers CORS preflights itself and adds CORS headers for allowed origins', async () => {
    const preflight = await fetch(`${app}/users/1`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'GET' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://app.example.com');
    assert.equal(preflight.headers.get('access-control-allow-methods'), 'GET,POST');
    assert.equal(preflight.headers.get('access-control-allow-headers'), 'content-type,x-token');
    assert.equal(preflight.headers.get('access-control-allow-credentials'), 'true');
    assert.equal(preflight.headers.get('access-control-max-age'), '600');
    const other = await fetch(`${app}/users/1`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' } });
    assert.equal(other.status, 204);
    assert.equal(other.headers.get('access-control-allow-origin'), null);
    const simple = await fetch(`${app}/users/1`, { headers: { origin: 'https://app.example.com' } });
    assert.equal(simple.headers.get('access-control-allow-origin'), 'https://app.example.com');
    assert.equal(simple.headers.get('access-control-expose-headers'), 'x-request-id');
  });

  it('a handler writes the table through the AWS SDK, and the stream trigger sees the write', async () => {
    const res = await fetch(`${app}/users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 'u1', name: 'Ada' }) });
    assert.equal(res.status, 201);
    assert.equal(await res.text(), '{"created":"u1"}');
    assert.deepEqual((await eddy.doc.send(new GetCommand({ TableName: 'Users', Key: { id: 'u1' } }))).Item, { id: 'u1', name: 'Ada' });
    const queueUrl = (await eddy.sqs.send(new GetQueueUrlCommand({ QueueName: 'user-changes' }))).QueueUrl!;
    const deadline = Date.now() + 15_000;
    let bodies: string[] = [];
    while (bodies.length === 0 && Date.now() < deadline) {
      const out = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 1 }));
      bodies = (out.Messages ?? []).map((m) => m.Body!);
    }
    assert.deepEqual(bodies, ['u1']);
  });
});

describe('HTTP routes: no $default', () => {
  it('an unknown route is a 404 {"message":"Not Found"}', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'eddy-http-'));
    writeFileSync(join(dir, 'h.ts'), 'export const handler = async () => "ok";\n');
    writeFileSync(join(dir, 'eddy.config.json'), JSON.stringify({ functions: { f: { handler: 'h.ts', events: [{ http: 'GET /ok' }] } } }));
    const eddy = await startTestEddy({ config: join(dir, 'eddy.config.json') });
    try {
      const ok = await fetch(`${eddy.httpEndpoint}/ok`);
      assert.equal(await ok.text(), 'ok');
      const missing = await fetch(`${eddy.httpEndpoint}/nope`);
      assert.equal(missing.status, 404);
      assert.deepEqual(await missing.json(), { message: 'Not Found' });
      const wrongMethod = await fetch(`${eddy.httpEndpoint}/ok`, { method: 'POST' });
      assert.equal(wrongMethod.status, 404);
    } finally {
      await eddy.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
