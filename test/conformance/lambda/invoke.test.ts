import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { GetFunctionCommand, InvokeCommand, LambdaClient, ListFunctionsCommand, type InvokeCommandOutput } from '@aws-sdk/client-lambda';
import { startTestEddy, testCredentials, type TestEddy } from '../../helpers/eddy.js';
import { eventually } from '../../helpers/eventually.js';

const config = fileURLToPath(new URL('./fixtures/eddy.config.ts', import.meta.url));
const text = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? []).toString('utf8');
const json = (out: InvokeCommandOutput) => JSON.parse(text(out.Payload));

describe('Lambda: functions from eddy.config.ts, invoked with @aws-sdk/client-lambda', () => {
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

  const invoke = (FunctionName: string, event: unknown = {}, more: Partial<ConstructorParameters<typeof InvokeCommand>[0]> = {}) =>
    lambda.send(new InvokeCommand({ FunctionName, Payload: Buffer.from(JSON.stringify(event)), ...more }));

  it('runs a TypeScript handler with context, environment and AWS_ENDPOINT_URL', async () => {
    const out = await invoke('hello', { name: 'Ada' }, { LogType: 'Tail' });
    assert.equal(out.StatusCode, 200);
    assert.equal(out.FunctionError, undefined);
    assert.equal(out.ExecutedVersion, '$LATEST');
    const result = json(out);
    assert.equal(result.message, 'Hello, Ada!');
    assert.equal(result.functionName, 'hello');
    assert.equal(result.memory, '128');
    assert.equal(result.arn, 'arn:aws:lambda:us-east-1:000000000000:function:hello');
    assert.equal(result.remaining, true);
    assert.deepEqual(result.env, { region: 'us-east-1', name: 'hello', endpoint: eddy.endpoint, version: '$LATEST' });
    const log = Buffer.from(out.LogResult!, 'base64').toString('utf8');
    assert.match(log, new RegExp(`^START RequestId: ${result.requestId} Version: \\$LATEST`, 'm'));
    assert.match(log, /\tINFO\tgreeting Ada$/m);
    assert.match(log, new RegExp(`^END RequestId: ${result.requestId}$`, 'm'));
    assert.match(log, new RegExp(`^REPORT RequestId: ${result.requestId}\\tDuration: [\\d.]+ ms\\tBilled Duration: \\d+ ms\\tMemory Size: 128 MB\\tMax Memory Used: \\d+ MB`, 'm'));
  });

  it('keeps module state between invocations of a warm environment', async () => {
    const first = json(await invoke('counter'));
    const second = json(await invoke('counter'));
    assert.equal(second.invocations, first.invocations + 1);
    assert.equal(second.startedAt, first.startedAt);
  });

  it('runs CommonJS and callback-style handlers', async () => {
    assert.deepEqual(json(await invoke('legacy', { what: 'answer', n: 42 })), { text: 'answer is 42' });
    assert.deepEqual(json(await invoke('callback')), { via: 'callback' });
    const failed = await invoke('callback', { fail: true });
    assert.equal(failed.FunctionError, 'Unhandled');
    assert.equal(json(failed).errorMessage, 'callback failure');
  });

  it('answers a thrown error with errorType, errorMessage and a trace at the source line', async () => {
    const out = await invoke('thrower', { orderId: 'o-7' });
    assert.equal(out.StatusCode, 200);
    assert.equal(out.FunctionError, 'Unhandled');
    const error = json(out);
    assert.equal(error.errorType, 'OrderRejected');
    assert.equal(error.errorMessage, 'order o-7 is not allowed');
    assert.ok(Array.isArray(error.trace));
    assert.ok(error.trace.some((line: string) => /thrower\.ts:9/.test(line)), error.trace.join('\n'));
    // Only the handler's frames: none of Eddy's worker, its bundle shims or the Node internals that called them.
    const frames = error.trace.filter((line: string) => /^\s+at /.test(line));
    assert.ok(frames.length > 0 && frames.every((line: string) => /thrower\.ts:\d+:\d+\)?$/.test(line)), error.trace.join('\n'));
  });

  it('times out after the function timeout, and the next invocation is a cold start', async () => {
    const out = await invoke('slow', { ms: 5000 });
    assert.equal(out.FunctionError, 'Unhandled');
    const error = json(out);
    assert.equal(error.errorType, 'Sandbox.Timedout');
    assert.match(error.errorMessage, /Task timed out after 1\.00 seconds$/);
    assert.deepEqual(json(await invoke('slow', { ms: 1 })), { slept: 1 });
  });

  it('isolates a crashing function: the error is its own, others keep working', async () => {
    const before = json(await invoke('counter')).invocations;
    const crashed = await invoke('crasher', { crash: true });
    assert.equal(crashed.FunctionError, 'Unhandled');
    assert.match(json(crashed).errorType, /^Runtime\./);
    assert.deepEqual(json(await invoke('crasher')), { calls: 1 });
    assert.equal(json(await invoke('counter')).invocations, before + 1);
  });

  it('throttles synchronous invocations over the reserved concurrency', async () => {
    // The first holds the only slot from when it says it runs until the test releases it (no race with its end).
    const running = invoke('limited', { hold: 'throttled' });
    try {
      await eventually('the first invocation running', async () => (await eddy.ddb.send(new GetItemCommand({ TableName: 'Notes', Key: { id: { S: 'throttled-running' } } }))).Item);
      await assert.rejects(invoke('limited'), (error: { name: string; Reason?: string; $metadata: { httpStatusCode?: number } }) => {
        assert.equal(error.name, 'TooManyRequestsException');
        assert.equal(error.Reason, 'ReservedFunctionConcurrentInvocationLimitExceeded');
        assert.equal(error.$metadata.httpStatusCode, 429);
        return true;
      });
    } finally {
      await eddy.ddb.send(new PutItemCommand({ TableName: 'Notes', Item: { id: { S: 'throttled-release' } } }));
    }
    assert.deepEqual(json(await running), { held: 'throttled' });
  });

  it('lets a handler write to a table with the AWS SDK and no endpoint configuration', async () => {
    assert.deepEqual(json(await invoke('writer', { id: 'n1', text: 'from a function' })), { stored: 'n1' });
    const { Item } = await eddy.ddb.send(new GetItemCommand({ TableName: 'Notes', Key: { id: { S: 'n1' } } }));
    assert.deepEqual(Item, { id: { S: 'n1' }, text: { S: 'from a function' } });
  });

  it('accepts events (202) and dry runs (204)', async () => {
    assert.equal((await invoke('counter', {}, { InvocationType: 'Event' })).StatusCode, 202);
    assert.equal((await invoke('counter', {}, { InvocationType: 'DryRun' })).StatusCode, 204);
  });

  it('gets and lists functions; unknown ones are ResourceNotFoundException', async () => {
    const { Configuration, Code } = await lambda.send(new GetFunctionCommand({ FunctionName: 'slow' }));
    assert.deepEqual(Code, { RepositoryType: 'Eddy', Location: pathToFileURL(fileURLToPath(new URL('./fixtures/handlers/slow.ts', import.meta.url))).href });
    assert.equal(Configuration!.FunctionName, 'slow');
    assert.equal(Configuration!.Timeout, 1);
    assert.equal(Configuration!.MemorySize, 128);
    assert.equal(Configuration!.Runtime, 'nodejs20.x');
    const byArn = await lambda.send(new GetFunctionCommand({ FunctionName: 'arn:aws:lambda:us-east-1:000000000000:function:slow' }));
    assert.equal(byArn.Configuration!.FunctionArn, Configuration!.FunctionArn);
    const names = [];
    let Marker: string | undefined;
    do {
      const page = await lambda.send(new ListFunctionsCommand({ MaxItems: 4, Marker }));
      names.push(...page.Functions!.map((f) => f.FunctionName));
      Marker = page.NextMarker;
    } while (Marker);
    assert.deepEqual(names, ['callback', 'counter', 'crasher', 'hello', 'legacy', 'limited', 'slow', 'thrower', 'writer']);
    await assert.rejects(invoke('missing'), (error: { name: string; message: string }) => {
      assert.equal(error.name, 'ResourceNotFoundException');
      assert.equal(error.message, 'Function not found: arn:aws:lambda:us-east-1:000000000000:function:missing');
      return true;
    });
  });

  it('refuses a payload that is not JSON', async () => {
    await assert.rejects(
      lambda.send(new InvokeCommand({ FunctionName: 'hello', Payload: Buffer.from('{nope') })),
      { name: 'InvalidRequestContentException' },
    );
  });
});
