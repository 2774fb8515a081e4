import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { signRequest } from '../../../src/api/sigv4/sign-request.js';
import { signedHeaders, startTestEddy, testCredentials, type TestEddy } from '../../helpers/eddy.js';

const signed = (url: string, credentials = testCredentials, now?: number) =>
  signRequest({ method: 'GET', url: new URL(url) }, { credentials, region: 'us-east-1', service: 'eddy', ...(now !== undefined && { now }) });

async function refusal(res: Response): Promise<{ status: number; type: string; message: string }> {
  const body = (await res.json()) as { type: string; message: string };
  return { status: res.status, type: body.type, message: body.message };
}

const TEMPORARY = { accessKeyId: 'ASIAADMIN', secretAccessKey: 'admin-temporary', sessionToken: 'IQoJb3JpZ2luX2Vj+admin/token=' };

describe('admin API (/_eddy/…) when Eddy verifies signatures', () => {
  let eddy: TestEddy;
  before(async () => {
    eddy = await startTestEddy({ auth: { credentials: [testCredentials, TEMPORARY] } });
  });
  after(() => eddy.stop());

  it('answers routes and feeds signed with a configured pair (any service name)', async () => {
    assert.equal(typeof (await eddy.admin('/_eddy/streams/trim')).trimmedBefore, 'number');
    const url = `${eddy.endpoint}/_eddy/mappings`;
    const mappings = await fetch(url, { headers: signed(url) });
    assert.equal(mappings.status, 200, await mappings.clone().text());
    assert.deepEqual(await mappings.json(), { mappings: [] });
    const feed = `${eddy.endpoint}/_eddy/bus/events/tail`;
    const abort = new AbortController();
    const tail = await fetch(feed, { headers: signed(feed), signal: abort.signal });
    assert.equal(tail.status, 200);
    assert.equal(tail.headers.get('content-type'), 'text/event-stream');
    abort.abort();
  });

  it('refuses a request without a signature, with a malformed one, an unknown key, a wrong secret, an old one', async () => {
    const url = `${eddy.endpoint}/_eddy/mappings`;
    assert.deepEqual(await refusal(await fetch(url)), { status: 400, type: 'MissingAuthenticationTokenException', message: 'Request is missing Authentication Token' });
    const malformed = await refusal(await fetch(url, { headers: { authorization: 'Bearer token' } }));
    assert.equal(malformed.type, 'IncompleteSignatureException');
    const unknown = await refusal(await fetch(url, { headers: signed(url, { accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'x' }) }));
    assert.deepEqual([unknown.type, unknown.message], ['UnrecognizedClientException', 'The security token included in the request is invalid.']);
    const wrong = await refusal(await fetch(url, { headers: signed(url, { ...testCredentials, secretAccessKey: 'wrong' }) }));
    assert.equal(wrong.type, 'InvalidSignatureException');
    assert.match(wrong.message, /does not match/);
    const old = await refusal(await fetch(url, { headers: signed(url, testCredentials, Date.now() - 10 * 60_000) }));
    assert.match(old.message, /^Signature expired/);
    // A feed is refused before it opens; a POST route's body is signed too.
    const feed = `${eddy.endpoint}/_eddy/bus/events/tail`;
    assert.equal((await refusal(await fetch(feed))).type, 'MissingAuthenticationTokenException');
    const trim = `${eddy.endpoint}/_eddy/streams/trim`;
    const headers = signedHeaders('POST', trim, {}, '{}', 'eddy');
    assert.equal((await fetch(trim, { method: 'POST', headers, body: '{}' })).status, 200);
    const changed = await refusal(await fetch(trim, { method: 'POST', headers, body: '{ }' }));
    assert.equal(changed.type, 'InvalidSignatureException');
  });

  it("takes temporary credentials with their session token (as the eddy commands send an auth file's), not without", async () => {
    const url = `${eddy.endpoint}/_eddy/mappings`;
    const withToken = signed(url, TEMPORARY);
    assert.equal(withToken['x-amz-security-token'], TEMPORARY.sessionToken);
    assert.equal((await fetch(url, { headers: withToken })).status, 200);
    const { sessionToken: _token, ...withoutToken } = TEMPORARY;
    assert.deepEqual(await refusal(await fetch(url, { headers: signed(url, withoutToken) })), { status: 400, type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' });
  });
});

describe('admin API without verification', () => {
  let eddy: TestEddy;
  before(async () => {
    eddy = await startTestEddy();
  });
  after(() => eddy.stop());

  it('needs no signature, and ignores one that would not verify', async () => {
    const url = `${eddy.endpoint}/_eddy/mappings`;
    assert.equal((await fetch(url)).status, 200);
    assert.equal((await fetch(url, { headers: { authorization: 'Bearer token' } })).status, 200);
  });
});
