import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';

/** One raw request (fetch would set Origin and Sec-Fetch-* its own way): status and parsed body. */
function send(endpoint: string, method: string, path: string, headers: Record<string, string>, body = ''): Promise<{ status: number; body: { type?: string; message?: string; TableNames?: string[] } }> {
  const url = new URL(path, endpoint);
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : {} }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

// A web page on another origin can send a text/plain POST to a local Eddy without a preflight: the admin
// API (which deletes tables) refuses it, and answers its own console and origin-less tools as before.
describe('the admin API and other web sites', () => {
  let eddy: TestEddy;
  before(async () => {
    eddy = await startTestEddy();
  });
  after(() => eddy.stop());

  it("refuses a request from another origin's page, a sandboxed page and a cross-site load with a typed 403, and nothing is done", async () => {
    const host = new URL(eddy.endpoint).host;
    const create = JSON.stringify({ TableName: 'Planted', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' });
    for (const headers of [{ origin: 'http://evil.example' }, { origin: `http://${host}.evil.example` }, { origin: 'null' }, { origin: 'not a url' }]) {
      const answer = await send(eddy.endpoint, 'POST', '/_eddy/dynamodb/CreateTable', { ...headers, 'content-type': 'text/plain' }, create);
      assert.equal(answer.status, 403, JSON.stringify(headers));
      assert.equal(answer.body.type, 'AccessDeniedException');
    }
    const load = await send(eddy.endpoint, 'GET', '/_eddy/overview', { 'sec-fetch-site': 'cross-site' });
    assert.equal(load.status, 403);
    const tables = await send(eddy.endpoint, 'POST', '/_eddy/dynamodb/ListTables', {}, '{}');
    assert.equal(tables.status, 200);
    assert.deepEqual(tables.body.TableNames, [], 'no table was created');
  });

  it('answers its own console (same origin, any letter case) and tools that send no Origin', async () => {
    const host = new URL(eddy.endpoint).host;
    assert.equal((await send(eddy.endpoint, 'POST', '/_eddy/dynamodb/ListTables', { origin: `HTTP://${host.toUpperCase()}`, 'content-type': 'application/json' }, '{}')).status, 200);
    assert.equal((await send(eddy.endpoint, 'GET', '/_eddy/time', { 'sec-fetch-site': 'same-origin' })).status, 200);
    assert.equal((await send(eddy.endpoint, 'GET', '/_eddy/time', {})).status, 200);
  });
});
