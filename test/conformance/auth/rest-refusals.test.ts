import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ListSchedulesCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { ListPipesCommand, PipesClient } from '@aws-sdk/client-pipes';
import { startTestEddy, testCredentials, type TestEddy } from '../../helpers/eddy.js';

const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/**
 * Scheduler and Pipes (REST JSON) refuse a bad signature as Lambda's front end does: 403, the error's name in
 * x-amzn-ErrorType (sigv4-errors.ts; unconfirmed for these two). Called with the official clients signing with
 * credentials Eddy was not given, or the right key with a wrong secret.
 */
describe('Scheduler and Pipes: a refused signature is a 403 the SDKs name', () => {
  let eddy: TestEddy;
  before(async () => {
    eddy = await startTestEddy({ auth: { credentials: [testCredentials] } });
  });
  after(() => eddy.stop());

  const clients = (credentials: { accessKeyId: string; secretAccessKey: string }) => {
    const options = { endpoint: eddy.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 };
    return [
      ['scheduler', (c = new SchedulerClient(options)) => c.send(new ListSchedulesCommand({})).finally(() => c.destroy())],
      ['pipes', (c = new PipesClient(options)) => c.send(new ListPipesCommand({})).finally(() => c.destroy())],
    ] as const;
  };
  const refused = (name: string, message?: string) => (error: any) => {
    assert.equal(error.name, name);
    assert.equal(error.$metadata?.httpStatusCode, 403);
    if (message !== undefined) assert.equal(error.message, message);
    return true;
  };

  it('a wrong secret is InvalidSignatureException, an unknown key UnrecognizedClientException; the right ones are answered', async () => {
    for (const [service, call] of clients({ ...testCredentials, secretAccessKey: 'not-the-secret' })) await assert.rejects(call(), refused('InvalidSignatureException', MISMATCH), service);
    for (const [service, call] of clients({ accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'x' })) {
      await assert.rejects(call(), refused('UnrecognizedClientException', 'The security token included in the request is invalid.'), service);
    }
    for (const [, call] of clients(testCredentials)) assert.equal((await call()).$metadata.httpStatusCode, 200);
  });

  it('no signature is MissingAuthenticationTokenException, 403, body {"message": …}', async () => {
    for (const path of ['/schedules', '/v1/pipes']) {
      const res = await fetch(`${eddy.endpoint}${path}`);
      assert.deepEqual([res.status, res.headers.get('x-amzn-errortype'), await res.text()], [403, 'MissingAuthenticationTokenException', '{"message":"Missing Authentication Token"}'], path);
    }
  });
});
