import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { startTestEddy, testCredentials, type TestEddy } from '../../helpers/eddy.js';
import { eventually } from '../../helpers/eventually.js';

const config = fileURLToPath(new URL('./fixtures/async.config.json', import.meta.url));

describe('Lambda: asynchronous invocation (InvocationType Event) and logs', () => {
  let eddy: TestEddy;
  let lambda: LambdaClient;
  before(async () => {
    // Lambda waits about one and then two minutes between attempts; these tests shorten that.
    eddy = await startTestEddy({ config, functions: { asyncRetryDelaysMs: [30, 60] } });
    lambda = new LambdaClient({ endpoint: eddy.endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
  });
  after(async () => {
    lambda.destroy();
    await eddy.stop();
  });

  const attempts = async (id: string) =>
    Number((await eddy.ddb.send(new GetItemCommand({ TableName: 'Attempts', Key: { id: { S: id } } }))).Item?.['attempts']?.N ?? 0);

  /** Waits (up to 10 s) until the item's attempt count is `want`, then checks it stays there. */
  async function settlesAt(id: string, want: number): Promise<void> {
    const deadline = Date.now() + 10_000;
    while ((await attempts(id)) < want && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 300)); // longer than every retry delay
    assert.equal(await attempts(id), want);
  }

  it('accepts the event at once and retries a failing function until it succeeds (three attempts at most)', async () => {
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'flaky', InvocationType: 'Event', Payload: Buffer.from('{"id":"a"}') }));
    assert.equal(out.StatusCode, 202);
    await settlesAt('a', 3);
  });

  it('gives up after two retries', async () => {
    await lambda.send(new InvokeCommand({ FunctionName: 'doomed', InvocationType: 'Event', Payload: Buffer.from('{"id":"b"}') }));
    await settlesAt('b', 3);
  });

  it("keeps each function's recent log lines for the admin API", async () => {
    // The third attempt's REPORT line follows its return, after it counted itself in Attempts: wait for it.
    const logged = async () => ((await eddy.admin('/_eddy/functions/logs', { function: 'doomed', limit: 500 })).lines as { message: string }[]).map((line) => line.message);
    const messages = await eventually('the third attempt\'s REPORT line', logged, { accept: (lines) => lines.filter((m) => m.startsWith('REPORT RequestId: ')).length >= 3 });
    assert.equal(messages.filter((m) => m.startsWith('START RequestId: ')).length, 3);
    assert.equal(messages.filter((m) => m.startsWith('REPORT RequestId: ')).length, 3);
    await assert.rejects(eddy.admin('/_eddy/functions/logs', { function: 'nope' }), /404/);
  });
});
