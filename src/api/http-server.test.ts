import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Logger } from '../shared/logger.js';
import { ServiceError } from '../shared/service-error.js';
import { HttpServer } from './http-server.js';
import type { JsonService } from './json-service.js';
import type { RestService } from './rest-service.js';

const AUTH = 'AWS4-HMAC-SHA256 Credential=AKIDTEST/20260101/us-east-1/test/aws4_request, SignedHeaders=host, Signature=00';

/** A service whose operations have bugs: the server must turn them into its 500, log each once, and go on. */
const buggyJson: JsonService = {
  targetPrefix: 'Buggy_2020',
  signingName: 'buggy',
  operations: new Map<string, (input: Record<string, unknown>) => Promise<unknown>>([
    ['Throws', async () => (undefined as unknown as { x: number }).x],
    ['Rejects', () => Promise.reject(new RangeError('Maximum call stack size exceeded'))],
    ['Works', async (input) => ({ echo: input['value'] })],
  ]),
  internalError: () => new ServiceError('com.example#InternalServerError', 'Internal server error', 500),
};

const buggyRest: RestService = {
  signingName: 'buggy',
  routes: [{ method: 'GET', path: /^\/buggy\/([^/]+)$/, handle: async () => JSON.parse('{') as never }],
  errorResponse: (error) => ({ status: error.statusCode, headers: { 'x-amzn-errortype': error.code }, body: JSON.stringify({ message: error.message }) }),
  internalError: () => new ServiceError('ServiceException', 'Internal error', 500),
};

describe('HttpServer: a bug in a request path', () => {
  const errors: string[] = [];
  const logger: Logger = { info() {}, warn() {}, debug() {}, error: (message) => errors.push(message) };
  let server: HttpServer;
  let endpoint: string;

  before(async () => {
    server = new HttpServer({ services: [buggyJson], restServices: [buggyRest], logger, healthText: 'ok' });
    const address = await server.listen(0, '127.0.0.1');
    endpoint = `http://127.0.0.1:${address.port}`;
  });
  after(() => server.close());

  const call = (operation: string, body = '{}') =>
    fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `Buggy_2020.${operation}`, authorization: AUTH, 'x-amz-date': '20260101T000000Z' },
      body,
    });

  for (const operation of ['Throws', 'Rejects']) {
    it(`${operation}: a 500 in the service's shape, logged once with the request id`, async () => {
      errors.length = 0;
      const res = await call(operation);
      assert.equal(res.status, 500);
      assert.deepEqual(await res.json(), { __type: 'com.example#InternalServerError', message: 'Internal server error' });
      const requestId = res.headers.get('x-amzn-requestid');
      assert.ok(requestId);
      assert.equal(errors.length, 1);
      assert.ok(errors[0]!.includes(requestId), errors[0]);
    });
  }

  it('a REST route: a 500 in its service shape, logged once', async () => {
    errors.length = 0;
    const res = await fetch(`${endpoint}/buggy/x`, { headers: { authorization: AUTH, 'x-amz-date': '20260101T000000Z' } });
    assert.equal(res.status, 500);
    assert.equal(res.headers.get('x-amzn-errortype'), 'ServiceException');
    assert.equal(errors.length, 1);
    assert.ok(errors[0]!.includes(res.headers.get('x-amzn-requestid')!));
  });

  it('keeps serving afterwards, on the same connection too', async () => {
    const res = await call('Works', '{"value":42}');
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { echo: 42 });
  });
});
