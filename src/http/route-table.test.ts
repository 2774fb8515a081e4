import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RouteTable } from './route-table.js';

const table = (...keys: string[]) => new RouteTable(keys.map((routeKey, i) => ({ routeKey, function: `f${i}`, payloadFormat: '2.0' as const })));
const chosen = (t: RouteTable, method: string, path: string) => {
  const m = t.match(method, path);
  return m && { key: m.route.routeKey, params: m.pathParameters };
};

describe('RouteTable', () => {
  it('prefers literal over {param} over {proxy+}, and a method over ANY', () => {
    const t = table('ANY /users/{id}', 'GET /users/{id}', 'GET /users/me', 'GET /users/{proxy+}', '$default');
    assert.deepEqual(chosen(t, 'GET', '/users/me'), { key: 'GET /users/me', params: {} });
    assert.deepEqual(chosen(t, 'GET', '/users/7'), { key: 'GET /users/{id}', params: { id: '7' } });
    assert.deepEqual(chosen(t, 'PUT', '/users/7'), { key: 'ANY /users/{id}', params: { id: '7' } });
    assert.deepEqual(chosen(t, 'GET', '/users/7/posts'), { key: 'GET /users/{proxy+}', params: { proxy: '7/posts' } });
    assert.deepEqual(chosen(t, 'GET', '/users'), { key: '$default', params: {} });
  });

  it('decodes parameters, needs a segment for {proxy+}, and has no match without $default', () => {
    const t = table('GET /files/{proxy+}', 'GET /a/{x}');
    assert.deepEqual(chosen(t, 'GET', '/a/%C3%A9t%C3%A9'), { key: 'GET /a/{x}', params: { x: 'été' } });
    assert.equal(chosen(t, 'GET', '/files'), undefined);
    assert.equal(chosen(t, 'GET', '/files/'), undefined);
    assert.equal(chosen(t, 'GET', '/a/'), undefined);
    assert.equal(chosen(t, 'POST', '/a/1'), undefined);
    assert.equal(chosen(t, 'GET', '/a/1/2'), undefined);
  });
});
