import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { startTestEddy, testCredentials, type TestEddy } from '../../helpers/eddy.js';

/** Issue 17: "a function may choose the process path with a setting, so a handler that needs process isolation can have it." */
const config = fileURLToPath(new URL('./fixtures/node-process.config.ts', import.meta.url));
const decode = (payload: Uint8Array | undefined) => JSON.parse(Buffer.from(payload!).toString('utf8'));

describe("a Node.js function with isolation: 'process', from eddy.config.ts, over the Lambda API", () => {
  let eddy: TestEddy;
  let lambda: LambdaClient;

  before(async () => {
    eddy = await startTestEddy({ config });
    lambda = new LambdaClient({ endpoint: eddy.endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
  });
  after(async () => {
    lambda.destroy();
    await eddy.stop();
  });

  it("runs in a process other than Eddy's, its SDK client reaching Eddy, its log lines as a worker's", async () => {
    const answer = await lambda.send(new InvokeCommand({ FunctionName: 'isolated', Payload: JSON.stringify({ id: 'p-1' }), LogType: 'Tail' }));
    assert.equal(answer.FunctionError, undefined, Buffer.from(answer.Payload!).toString());
    const result = decode(answer.Payload);
    assert.equal(result.stored, 'p-1');
    assert.equal(typeof result.pid, 'number');
    assert.notEqual(result.pid, process.pid, "Eddy's server runs in this test's process; the handler must not");
    const { Item } = await eddy.ddb.send(new GetItemCommand({ TableName: 'Isolation', Key: { id: { S: 'p-1' } } }));
    assert.equal(Item?.['pid']?.N, String(result.pid), 'the item the handler put through the SDK');
    const logs = Buffer.from(answer.LogResult!, 'base64').toString('utf8');
    assert.match(logs, /^START RequestId: (\S+) Version: \$LATEST\n\S+Z\t\1\tINFO\tstored p-1\nEND RequestId: \1\nREPORT RequestId: \1\t/);

    const again = decode((await lambda.send(new InvokeCommand({ FunctionName: 'isolated', Payload: JSON.stringify({ id: 'p-2' }) }))).Payload);
    assert.equal(again.pid, result.pid, 'a warm invocation runs in the same process');
  });

  it('the same handler without the setting runs in a worker thread of the server process', async () => {
    const result = decode((await lambda.send(new InvokeCommand({ FunctionName: 'threaded', Payload: JSON.stringify({ id: 't-1' }) }))).Payload);
    assert.deepEqual(result, { pid: process.pid, stored: 't-1' });
  });
});
