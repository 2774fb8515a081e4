import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { send } from '../../helpers/browser-request.js';

// DNS rebinding: evil.example's page, its name re-resolved to 127.0.0.1, is same-origin with itself (Origin
// == Host), so the Origin check lets it through. Its Host still names evil.example: browser requests and
// console loads are answered only under names DNS cannot rebind, or those the user gave.
describe('the console and the admin API under a DNS-rebound name', () => {
  let eddy: TestEddy;
  let port: string;
  before(async () => {
    eddy = await startTestEddy({ consoleHosts: ['eddy.lan'] });
    port = new URL(eddy.endpoint).port;
  });
  after(() => eddy.stop());

  it("refuses a rebound page's requests, feeds and console loads with a 403 naming --console-host, and nothing is done", async () => {
    const create = JSON.stringify({ TableName: 'Planted', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' });
    const rebound = { host: `evil.example:${port}`, origin: `http://evil.example:${port}` };
    const refused = [
      await send(eddy.endpoint, 'POST', '/_eddy/dynamodb/CreateTable', { ...rebound, 'content-type': 'text/plain' }, create),
      await send(eddy.endpoint, 'GET', '/_eddy/overview', { host: `evil.example:${port}`, 'sec-fetch-site': 'same-origin' }),
      await send(eddy.endpoint, 'GET', '/_eddy/progress/feed', { host: `evil.example:${port}`, 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors' }),
      await send(eddy.endpoint, 'GET', '/_eddy/console', { host: `evil.example:${port}`, 'sec-fetch-site': 'none' }),
      await send(eddy.endpoint, 'GET', '/_eddy/console/build.json', { host: 'evil.example' }), // a load by any means
      await send(eddy.endpoint, 'GET', '/_eddy/metrics', { host: `evil.example:${port}`, 'sec-fetch-site': 'same-origin' }), // names of functions and tables
      await send(eddy.endpoint, 'POST', '/_eddy/session', { host: `evil.example.:${port}`, origin: `http://evil.example.:${port}` }, '{}'),
    ];
    for (const answer of refused) {
      assert.equal(answer.status, 403);
      assert.equal(answer.body.type, 'AccessDeniedException');
      assert.match(answer.body.message!, /start Eddy with --console-host evil\.example to allow it$/);
    }
    const tables = await send(eddy.endpoint, 'POST', '/_eddy/dynamodb/ListTables', {}, '{}');
    assert.deepEqual(tables.body.TableNames, [], 'no table was created');
  });

  it('answers browsers at localhost, *.localhost, IP addresses and the configured names, and tools at any name', async () => {
    for (const name of [`localhost:${port}`, `app.localhost:${port}`, `[::1]:${port}`, `192.168.1.5:${port}`, `EDDY.lan:${port}`, 'eddy.lan']) {
      const page = await send(eddy.endpoint, 'GET', '/_eddy/console', { host: name, 'sec-fetch-site': 'none' });
      assert.equal(page.status, 200, name);
      assert.match(String(page.headers['content-type']), /^text\/html/);
      const write = await send(eddy.endpoint, 'POST', '/_eddy/dynamodb/ListTables', { host: name, origin: `http://${name}`, 'content-type': 'application/json' }, '{}');
      assert.equal(write.status, 200, name);
      const feed = await send(eddy.endpoint, 'GET', '/_eddy/progress/feed', { host: name, 'sec-fetch-site': 'same-origin' });
      assert.equal(feed.status, 200, name);
    }
    // curl, the eddy commands and the SDKs send no Origin: a docker-compose service name is fine for them.
    const tool = await send(eddy.endpoint, 'POST', '/_eddy/dynamodb/ListTables', { host: `eddy-service:${port}`, 'sec-fetch-mode': 'cors' }, '{}');
    assert.equal(tool.status, 200);
    assert.equal((await send(eddy.endpoint, 'GET', '/_eddy/metrics', { host: `eddy-service:${port}` })).status, 200, 'Prometheus scrapes at any name');
  });

  it('needs no sign-in without --auth-file: the session route says so and refuses one', async () => {
    const session = await send(eddy.endpoint, 'GET', '/_eddy/session', {});
    assert.deepEqual([session.status, session.body], [200, { signaturesRequired: false }]);
    const signIn = await send(eddy.endpoint, 'POST', '/_eddy/session', {}, JSON.stringify({ accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' }));
    assert.equal(signIn.status, 400);
    assert.equal(signIn.body.type, 'ValidationException');
    assert.equal(signIn.headers['set-cookie'], undefined);
  });
});
