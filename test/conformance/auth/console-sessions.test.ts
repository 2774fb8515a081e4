import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../src/shared/clock.js';
import { startTestEddy, testCredentials, type TestEddy } from '../../helpers/eddy.js';
import { send } from '../../helpers/browser-request.js';

const HOUR = 60 * 60 * 1000;

/** The cookie a sign-in set, as the browser sends it back. */
function cookieOf(setCookie: string | string[] | undefined): string {
  const header = Array.isArray(setCookie) ? setCookie[0]! : setCookie!;
  return header.split(';')[0]!;
}

// With --auth-file every request is signed, and a browser can sign neither an EventSource nor anything
// without holding the secret in page script: the console trades a key pair for a session cookie once.
describe('console sessions when Eddy verifies signatures', () => {
  let eddy: TestEddy;
  const wall = new ManualClock(Date.now());
  before(async () => {
    eddy = await startTestEddy({ auth: { credentials: [testCredentials] }, clock: wall });
  });
  after(() => eddy.stop());

  const signIn = (accessKeyId: string, secretAccessKey: string, headers: Record<string, string> = {}) =>
    send(eddy.endpoint, 'POST', '/_eddy/session', { 'content-type': 'application/json', ...headers }, JSON.stringify({ accessKeyId, secretAccessKey }));

  it('refuses a wrong or unknown key pair and a malformed body, setting no cookie', async () => {
    assert.deepEqual((await send(eddy.endpoint, 'GET', '/_eddy/session', {})).body, { signaturesRequired: true });
    for (const [id, secret] of [[testCredentials.accessKeyId, 'wrong'], ['AKIDUNKNOWN', testCredentials.secretAccessKey]] as const) {
      const answer = await signIn(id, secret);
      assert.deepEqual([answer.status, answer.body.type], [403, 'UnrecognizedClientException']);
      assert.equal(answer.headers['set-cookie'], undefined);
    }
    const malformed = await send(eddy.endpoint, 'POST', '/_eddy/session', {}, '{"accessKeyId": 7}');
    assert.deepEqual([malformed.status, malformed.body.type], [400, 'ValidationException']);
    assert.equal((await send(eddy.endpoint, 'GET', '/_eddy/mappings', {})).body.type, 'MissingAuthenticationTokenException');
  });

  it("takes the session cookie in place of a signature on the admin API's routes and feeds, never on the AWS endpoints", async () => {
    const answer = await signIn(testCredentials.accessKeyId, testCredentials.secretAccessKey);
    assert.equal(answer.status, 200);
    const setCookie = String(answer.headers['set-cookie']);
    assert.match(setCookie, /^eddy_console_session=[A-Za-z0-9_-]{43}; Path=\/_eddy; Max-Age=43200; HttpOnly; SameSite=Strict$/);
    const cookie = cookieOf(answer.headers['set-cookie']);
    const console = { cookie, 'sec-fetch-site': 'same-origin' };
    assert.equal((await send(eddy.endpoint, 'GET', '/_eddy/mappings', console)).status, 200);
    assert.deepEqual((await send(eddy.endpoint, 'POST', '/_eddy/dynamodb/ListTables', { ...console, 'content-type': 'application/json' }, '{}')).body, { TableNames: [] });
    const feed = await send(eddy.endpoint, 'GET', '/_eddy/progress/feed', console);
    assert.deepEqual([feed.status, feed.headers['content-type']], [200, 'text/event-stream']);
    const session = await send(eddy.endpoint, 'GET', '/_eddy/session', console);
    assert.deepEqual(session.body, { signaturesRequired: true, session: { accessKeyId: testCredentials.accessKeyId, expires: new Date(wall.now() + 12 * HOUR).toISOString() } });

    const aws = await send(eddy.endpoint, 'POST', '/', { cookie, 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.ListTables' }, '{}');
    assert.equal(aws.status, 400);
    assert.match(JSON.stringify(aws.body), /MissingAuthenticationTokenException/);
    // Another local server's page (localhost:3000 is the same site, so the browser sends the cookie).
    assert.equal((await send(eddy.endpoint, 'GET', '/_eddy/mappings', { cookie, 'sec-fetch-site': 'same-site' })).body.type, 'MissingAuthenticationTokenException');
    assert.equal((await send(eddy.endpoint, 'GET', '/_eddy/mappings', { cookie: 'eddy_console_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' })).body.type, 'MissingAuthenticationTokenException');
  });

  it("lasts 12 hours of the wall clock, whatever eddy time does to Eddy's", async () => {
    const cookie = cookieOf((await signIn(testCredentials.accessKeyId, testCredentials.secretAccessKey)).headers['set-cookie']);
    const advanced = await send(eddy.endpoint, 'POST', '/_eddy/time/advance', { cookie, 'content-type': 'application/json' }, '{"by": "7d"}');
    assert.equal(advanced.status, 200);
    assert.equal((await send(eddy.endpoint, 'GET', '/_eddy/mappings', { cookie })).status, 200);
    wall.advance(12 * HOUR - 1);
    assert.equal((await send(eddy.endpoint, 'GET', '/_eddy/mappings', { cookie })).status, 200);
    wall.advance(1);
    assert.equal((await send(eddy.endpoint, 'GET', '/_eddy/mappings', { cookie })).body.type, 'MissingAuthenticationTokenException');
    assert.deepEqual((await send(eddy.endpoint, 'GET', '/_eddy/session', { cookie })).body, { signaturesRequired: true });
  });

  it('signs out: the cookie is cleared and its token no longer admitted, even when sent again', async () => {
    const cookie = cookieOf((await signIn(testCredentials.accessKeyId, testCredentials.secretAccessKey)).headers['set-cookie']);
    const out = await send(eddy.endpoint, 'DELETE', '/_eddy/session', { cookie });
    assert.equal(out.status, 200);
    assert.match(String(out.headers['set-cookie']), /^eddy_console_session=; Path=\/_eddy; Max-Age=0;/);
    assert.equal((await send(eddy.endpoint, 'GET', '/_eddy/mappings', { cookie })).body.type, 'MissingAuthenticationTokenException');
  });
});
