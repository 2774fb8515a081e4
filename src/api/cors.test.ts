import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import type { Logger } from '../shared/logger.js';
import { ServiceError } from '../shared/service-error.js';
import { ConsoleHosts } from './admin-origin.js';
import { AllowedOrigins } from './cors.js';
import { HttpServer } from './http-server.js';
import type { JsonService } from './json-service.js';

/** A request as node:http gives it, with only the headers the policy reads. */
const request = (headers: Record<string, string>): IncomingMessage => ({ headers: { host: '127.0.0.1:4566', ...headers } }) as unknown as IncomingMessage;
const allowed = (origins: AllowedOrigins, headers: Record<string, string>) => origins.refusal(request(headers)) === undefined;

describe('AllowedOrigins: which web pages may call the AWS APIs', () => {
  const byDefault = new AllowedOrigins({ signed: false });

  it('by default answers tools (no Origin) and pages on loopback, any port, http or https', () => {
    assert.ok(allowed(byDefault, {}));
    for (const origin of ['http://localhost:5173', 'https://localhost', 'HTTP://LOCALHOST:3000', 'http://app.localhost:8080', 'http://127.0.0.1:3000', 'http://127.9.8.7', 'http://[::1]:8080']) {
      assert.ok(allowed(byDefault, { origin }), origin);
    }
  });

  it('by default refuses other sites, look-alikes of loopback, sandboxed pages and garbage, naming the flag', () => {
    for (const origin of ['https://evil.example', 'http://localhost.evil.example', 'http://127.0.0.1.evil.example', 'http://10.0.0.7:4566', 'ftp://localhost', 'chrome-extension://abc', 'null', '', 'not a url']) {
      assert.ok(!allowed(byDefault, { origin }), origin);
    }
    assert.match(byDefault.refusal(request({ origin: 'https://Evil.example:443' }))!, /not https:\/\/evil\.example: start Eddy with --cors-origin https:\/\/evil\.example to allow it$/);
    assert.match(byDefault.refusal(request({ origin: 'null' }))!, /not a page whose origin is "null" .*only --cors-origin '\*' allows it$/);
  });

  it("answers the console's own origin at a Host DNS rebinding cannot give, not a rebound name's", () => {
    assert.ok(allowed(byDefault, { origin: 'http://192.168.1.5:4566', host: '192.168.1.5:4566' }));
    assert.ok(!allowed(byDefault, { origin: 'http://192.168.1.5:4567', host: '192.168.1.5:4566' }));
    assert.ok(!allowed(byDefault, { origin: 'http://evil.example:4566', host: 'evil.example:4566' }));
    assert.ok(!allowed(byDefault, { origin: 'http://eddy.test:4566', host: 'eddy.test:4566' }));
    const named = new AllowedOrigins({ signed: false, hosts: new ConsoleHosts('127.0.0.1', ['eddy.test']) });
    assert.ok(allowed(named, { origin: 'http://eddy.test:4566', host: 'EDDY.test:4566' }));
    assert.ok(!allowed(named, { origin: 'http://eddy.test:3000', host: 'eddy.test:4566' }));
  });

  it('refuses a request naming no origin that the browser marks cross-site, or same-origin at a rebound name', () => {
    assert.match(byDefault.refusal(request({ 'sec-fetch-site': 'cross-site' }))!, /not a page of another site$/);
    assert.ok(allowed(byDefault, { 'sec-fetch-site': 'none', host: 'anything.example' }));
    assert.ok(allowed(byDefault, { 'sec-fetch-site': 'same-origin', host: 'localhost:4566' }));
    assert.match(byDefault.refusal(request({ 'sec-fetch-site': 'same-origin', host: 'evil.example:4566' }))!, /--console-host evil\.example to allow it$/);
  });

  it('--cors-origin adds exactly the origins given (scheme, host and port), loopback still answered', () => {
    const listed = new AllowedOrigins({ signed: false, origins: ['https://app.example', 'http://tools.example:8080', 'chrome-extension://abcdef'] });
    for (const origin of ['https://app.example', 'https://APP.example:443', 'http://tools.example:8080', 'chrome-extension://ABCDEF', 'http://localhost:5173']) assert.ok(allowed(listed, { origin }), origin);
    for (const origin of ['http://app.example', 'https://app.example:8443', 'https://sub.app.example', 'https://app.example.evil', 'http://tools.example', 'null']) assert.ok(!allowed(listed, { origin }), origin);
  });

  it('* answers any page, and so does a server verifying signatures unless origins are given', () => {
    for (const origins of [new AllowedOrigins({ signed: false, origins: ['*'] }), new AllowedOrigins({ signed: true })]) {
      for (const headers of [{ origin: 'https://evil.example' }, { origin: 'null' }, { 'sec-fetch-site': 'cross-site' }] as Record<string, string>[]) assert.ok(allowed(origins, headers), JSON.stringify(headers));
    }
    const signedListed = new AllowedOrigins({ signed: true, origins: ['https://app.example'] });
    assert.ok(allowed(signedListed, { origin: 'https://app.example' }));
    assert.ok(!allowed(signedListed, { origin: 'https://evil.example' }));
  });

  it('warns of a given origin that is not one, and leaves it out', () => {
    const warnings: string[] = [];
    const logger: Logger = { info() {}, debug() {}, error() {}, warn: (message) => warnings.push(message) };
    const origins = new AllowedOrigins({ signed: false, origins: ['app.example'], logger });
    assert.deepEqual(warnings, ['--cors-origin app.example is ignored: an origin is scheme://host[:port], or * for any']);
    assert.ok(!allowed(origins, { origin: 'http://app.example' }));
  });

  it('check throws a 403 AccessDeniedException, which front ends answer as a signature refusal', () => {
    assert.doesNotThrow(() => byDefault.check(request({ origin: 'http://localhost:5173' })));
    assert.throws(() => byDefault.check(request({ origin: 'https://evil.example' })), (error: unknown) => error instanceof ServiceError && error.code === 'AccessDeniedException' && error.statusCode === 403);
  });
});

describe('HttpServer with corsOrigins', () => {
  let touched = 0;
  const probe: JsonService = {
    targetPrefix: 'Probe_2026',
    signingName: 'probe',
    operations: new Map([['Touch', async () => ({ touched: ++touched })]]),
    internalError: () => new ServiceError('com.example#InternalServerError', 'Internal server error', 500),
  };
  const logger: Logger = { info() {}, warn() {}, debug() {}, error() {} };
  const servers: HttpServer[] = [];
  const endpoints: Record<string, string> = {};
  before(async () => {
    for (const [name, corsOrigins] of [['app', ['https://app.example']], ['any', ['*']]] as const) {
      const server = new HttpServer({ services: [probe], logger, healthText: 'ok', corsOrigins });
      servers.push(server);
      endpoints[name] = `http://127.0.0.1:${(await server.listen(0, '127.0.0.1')).port}`;
    }
  });
  after(() => Promise.all(servers.map((server) => server.close())));

  const touch = (endpoint: string, origin: string) =>
    fetch(endpoint, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'Probe_2026.Touch', authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/probe/aws4_request, SignedHeaders=host, Signature=00', 'x-amz-date': '20260101T000000Z' },
      body: '{}',
    });
  const preflight = (endpoint: string, origin: string) => fetch(endpoint, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-amz-target' } });

  it('answers the origin given as before and refuses another before the operation runs', async () => {
    const before = touched;
    const ok = await touch(endpoints['app']!, 'https://app.example');
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('access-control-allow-origin'), '*');
    assert.equal(touched, before + 1);
    const refused = await touch(endpoints['app']!, 'https://evil.example');
    assert.equal(refused.status, 403);
    assert.equal(refused.headers.get('access-control-allow-origin'), null);
    const body = (await refused.json()) as { __type: string; message: string };
    assert.equal(body.__type, 'com.amazon.coral.service#AccessDeniedException');
    assert.match(body.message, /--cors-origin https:\/\/evil\.example/);
    assert.equal(touched, before + 1);
    const allowedPreflight = await preflight(endpoints['app']!, 'https://app.example');
    assert.equal(allowedPreflight.status, 200);
    assert.equal(allowedPreflight.headers.get('access-control-allow-headers'), 'x-amz-target');
    const refusedPreflight = await preflight(endpoints['app']!, 'https://evil.example');
    assert.equal(refusedPreflight.status, 403);
    for (const name of ['allow-origin', 'allow-methods', 'allow-headers', 'max-age']) assert.equal(refusedPreflight.headers.get(`access-control-${name}`), null, name);
  });

  it('* answers every page, as Eddy did before', async () => {
    for (const origin of ['https://evil.example', 'null']) {
      const res = await touch(endpoints['any']!, origin);
      assert.equal(res.status, 200, origin);
      assert.equal(res.headers.get('access-control-allow-origin'), '*');
      assert.equal((await preflight(endpoints['any']!, origin)).headers.get('access-control-allow-origin'), '*');
    }
  });
});
