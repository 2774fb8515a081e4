import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { signRequest } from '../../../src/api/sigv4/sign-request.js';
import { startTestEddy, testCredentials, type TestEddy } from '../../helpers/eddy.js';

/**
 * The body of Lambda's answer to a refused signature: the front end's {"message": …} alone, no Type
 * member (recorded: erlcloud issue 690's 403 InvalidSignatureException, 192 bytes); Lambda's own errors
 * keep {"Type": "User", "message": …}.
 */
describe("Lambda: a refused signature's answer is {\"message\": …} only", () => {
  let eddy: TestEddy;
  before(async () => {
    eddy = await startTestEddy({ auth: { credentials: [testCredentials] } });
  });
  after(() => eddy.stop());

  const invocations = () => new URL(`${eddy.endpoint}/2015-03-31/functions/absent/invocations`);
  const signed = (credentials: { accessKeyId: string; secretAccessKey: string }) =>
    signRequest({ method: 'POST', url: invocations(), body: '{}' }, { credentials, region: 'us-east-1', service: 'lambda' });
  const answer = async (headers: Record<string, string>) => {
    const res = await fetch(invocations(), { method: 'POST', headers, body: '{}' });
    return { status: res.status, type: res.headers.get('x-amzn-errortype'), body: await res.text() };
  };

  it('for a wrong secret, an unknown key, no signature and a malformed one', async () => {
    const mismatch =
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
    const wrong = await answer(signed({ ...testCredentials, secretAccessKey: 'not-the-secret' }));
    assert.equal(wrong.status, 403);
    assert.equal(wrong.type, 'InvalidSignatureException');
    assert.equal(wrong.body, JSON.stringify({ message: mismatch }));
    assert.equal(Buffer.byteLength(wrong.body), 192); // the recorded Content-Length

    assert.deepEqual(await answer(signed({ accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'x' })), {
      status: 403,
      type: 'UnrecognizedClientException',
      body: '{"message":"The security token included in the request is invalid."}',
    });
    assert.deepEqual(await answer({}), { status: 403, type: 'MissingAuthenticationTokenException', body: '{"message":"Missing Authentication Token"}' });

    const malformed = await answer({ authorization: 'Bearer abc' });
    assert.deepEqual([malformed.status, malformed.type], [403, 'IncompleteSignatureException']);
    assert.deepEqual(Object.keys(JSON.parse(malformed.body)), ['message']);
  });

  it("keeps Lambda's own errors as they were, with Type", async () => {
    const notFound = await answer(signed(testCredentials));
    assert.equal(notFound.status, 404);
    assert.equal(notFound.type, 'ResourceNotFoundException');
    const body = JSON.parse(notFound.body) as Record<string, unknown>;
    assert.equal(body.Type, 'User');
    assert.equal(typeof body.message, 'string');
  });
});
