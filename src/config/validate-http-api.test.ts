import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateConfig } from './validate-config.js';
import { CONFIG_FILE, configProblems } from './fixtures/config-problems.js';

const FILE = CONFIG_FILE;

const problems = configProblems;

describe('validateConfig: http (route table, CORS)', () => {
  it('joins function events and the route table, 2.0 by default', () => {
    const config = validateConfig(
      {
        functions: {
          a: { handler: 'a.ts', events: [{ http: 'GET /a' }, { http: { method: 'POST', path: '/a', payloadFormat: '1.0' } }] },
          b: { handler: 'b.ts' },
        },
        http: {
          routes: { 'ANY /b/{proxy+}': 'b', $default: { function: 'b', payloadFormat: '1.0' } },
          cors: { allowOrigins: ['*'], allowMethods: ['get'], maxAge: 60 },
        },
      },
      FILE,
    );
    assert.deepEqual(config.functions['a']!.events[1], { http: { method: 'POST', path: '/a', payloadFormat: '1.0' } });
    assert.deepEqual(config.http, {
      routes: [
        { routeKey: 'GET /a', function: 'a', payloadFormat: '2.0' },
        { routeKey: 'POST /a', function: 'a', payloadFormat: '1.0' },
        { routeKey: 'ANY /b/{proxy+}', function: 'b', payloadFormat: '2.0' },
        { routeKey: '$default', function: 'b', payloadFormat: '1.0' },
      ],
      cors: { allowOrigins: ['*'], allowMethods: ['GET'], allowHeaders: [], exposeHeaders: [], allowCredentials: false, maxAge: 60 },
    });
    assert.equal(validateConfig({ functions: { b: { handler: 'b.ts' } } }, FILE).http, undefined);
  });

  it('reports bad route keys, unknown functions, duplicates and bad CORS', () => {
    assert.deepEqual(
      problems({
        functions: {
          a: { handler: 'a.ts', events: [{ http: 'GET /a' }] },
          c: { handler: 'c.ts', events: [{ http: { method: 'GET', path: '/x', payloadFormat: '3.0' } }] },
        },
        http: {
          routes: { 'GET /a': 'a', 'GET users': 'a', 'POST /b': 'nope', 'PUT /c': { function: 'a', payloadFormat: 2 } },
          cors: { allowOrigins: ['*'], allowCredentials: true, maxAge: 100000, colour: 'red' },
          extra: 1,
        },
      }),
      [
        'functions.c.events[0].http.payloadFormat: expected one of "1.0", "2.0", got "3.0"',
        'http.extra: unknown field (expected one of routes, cors)',
        'http.routes["GET /a"]: GET /a is already routed by functions.a.events[0].http',
        'http.routes["GET users"]: expected a path starting with / (segments: text, {param}, or a final {proxy+}), got "users"',
        'http.routes["POST /b"]: expected a function of this config (a, c), got "nope"',
        'http.routes["PUT /c"].payloadFormat: expected one of "1.0", "2.0", got 2',
        'http.cors.colour: unknown field (expected one of allowOrigins, allowMethods, allowHeaders, exposeHeaders, allowCredentials, maxAge)',
        'http.cors.maxAge: expected an integer from 0 to 86400, got 100000',
        'http.cors.allowCredentials: cannot be true when allowOrigins is ["*"]: list the origins',
      ],
    );
  });
});
