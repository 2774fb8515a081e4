import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fixturesDir, testRuntime, type TestRuntime } from './fixtures/runtime-harness.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('FunctionRuntime: handlers', () => {
  let t: TestRuntime;
  before(() => {
    t = testRuntime();
  });
  after(() => t.dispose());

  test('a TypeScript handler keeps its module state on a warm environment', async () => {
    await t.runtime.deploy({ name: 'counter', handler: 'counter.ts', baseDir: fixturesDir });
    const first = await t.runtime.invoke('counter', { payload: '{"log":"first call"}' });
    const second = await t.runtime.invoke('counter', { payload: '' });
    assert.equal(first.payload, '{"count":1}');
    assert.equal(first.coldStart, true);
    assert.equal(first.functionError, undefined);
    assert.equal(second.payload, '{"count":2}');
    assert.equal(second.coldStart, false);
    assert.match(first.requestId, UUID);

    const lines = first.logs.trimEnd().split('\n');
    assert.equal(lines.length, 4);
    assert.equal(lines[0], `START RequestId: ${first.requestId} Version: $LATEST`);
    assert.match(lines[1]!, new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\\t${first.requestId}\\tINFO\\tfirst call$`));
    assert.equal(lines[2], `END RequestId: ${first.requestId}`);
    assert.match(lines[3]!, new RegExp(`^REPORT RequestId: ${first.requestId}\\tDuration: \\d+\\.\\d\\d ms\\tBilled Duration: \\d+ ms\\tMemory Size: 128 MB\\tMax Memory Used: \\d+ MB\\tInit Duration: \\d+\\.\\d\\d ms$`));
    assert.ok(!second.logs.includes('Init Duration'), 'a warm start reports no Init Duration');
    assert.equal(first.billedDurationMs, Math.max(1, Math.ceil(first.durationMs)));
    assert.ok(t.logged.includes(`[counter] START RequestId: ${first.requestId} Version: $LATEST`));
  });

  test('the handler path can name its export; an imported helper is bundled', async () => {
    const deployed = await t.runtime.deploy({ name: 'helper', handler: 'uses-helper.ts#main', baseDir: fixturesDir });
    assert.equal(deployed.arn, 'arn:aws:lambda:eu-west-1:123456789012:function:helper');
    assert.equal(deployed.version, '$LATEST');
    assert.match(deployed.codeSha256, /^[A-Za-z0-9+/]{43}=$/);
    assert.ok(deployed.codeSize > 0);
    assert.match(deployed.lastModified, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    const result = await t.runtime.invoke('helper', { payload: '{"name":"Ada"}' });
    assert.equal(result.payload, '{"message":"hello, Ada"}');
    assert.deepEqual(t.runtime.watchedFiles('helper').sort(), [join(fixturesDir, 'greeting.ts'), join(fixturesDir, 'uses-helper.ts')]);
  });

  test('CommonJS callback handlers, context.succeed and context.fail', async () => {
    await t.runtime.deploy({ name: 'callback', handler: 'callback-style.cjs', baseDir: fixturesDir });
    const viaCallback = await t.runtime.invoke('callback', { payload: '{}' });
    assert.equal(viaCallback.payload, '{"via":"callback","remaining":true}');
    const viaSucceed = await t.runtime.invoke('callback', { payload: '{"via":"succeed"}' });
    assert.equal(viaSucceed.payload, '{"via":"succeed"}');
    const viaFail = await t.runtime.invoke('callback', { payload: '{"via":"fail"}' });
    assert.equal(viaFail.functionError, 'Unhandled');
    const error = JSON.parse(viaFail.payload);
    assert.equal(error.errorType, 'Error');
    assert.equal(error.errorMessage, 'failed through context.fail');
  });

  test('a synchronous ESM handler returns its value', async () => {
    await t.runtime.deploy({ name: 'sync', handler: 'sync-value.mjs#handler', baseDir: fixturesDir });
    assert.equal((await t.runtime.invoke('sync', { payload: '{"n":21}' })).payload, '{"doubled":42}');
  });

  test('a thrown error is Lambda\'s error object, its trace pointing at the TypeScript line', async () => {
    await t.runtime.deploy({ name: 'throws', handler: 'throws.ts', baseDir: fixturesDir });
    const result = await t.runtime.invoke('throws', { payload: '{}' });
    assert.equal(result.functionError, 'Unhandled');
    const error = JSON.parse(result.payload);
    assert.deepEqual(Object.keys(error), ['errorType', 'errorMessage', 'trace']);
    assert.equal(error.errorType, 'Error');
    assert.equal(error.errorMessage, 'boom');
    assert.equal(error.trace[0], 'Error: boom');
    assert.match(error.trace[1], /^ {4}at handler \((file:\/\/)?.*\/src\/functions\/fixtures\/throws\.ts:7:9\)$/);
    assert.equal(error.trace.length, 2, `only the handler's frame, none of Eddy's worker:\n${error.trace.join('\n')}`);
    assert.doesNotMatch(result.logs, /eddy-worker|node:internal/);
    assert.match(result.logs, new RegExp(`\\t${result.requestId}\\tERROR\\tInvoke Error \\t\\{"errorType":"Error","errorMessage":"boom","stack":\\["Error: boom",`));

    const custom = JSON.parse((await t.runtime.invoke('throws', { payload: '{"custom":true}' })).payload);
    assert.equal(custom.errorType, 'ValidationFailed');
    assert.equal(custom.errorMessage, 'order 7 is invalid');
    const after = await t.runtime.invoke('throws', { payload: '{}' });
    assert.equal(after.coldStart, false, 'a thrown error keeps the environment warm');
  });

  test('context and environment variables, the function\'s own winning', async () => {
    await t.runtime.deploy({
      name: 'context',
      handler: 'commonjs/context-and-env.js',
      baseDir: fixturesDir,
      memorySizeMB: 256,
      timeoutSeconds: 5,
      environment: { STAGE: 'test', AWS_ENDPOINT_URL: 'http://override:1' },
    });
    const keys = ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_LAMBDA_FUNCTION_NAME', 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'AWS_LAMBDA_FUNCTION_VERSION',
      'AWS_LAMBDA_LOG_GROUP_NAME', 'AWS_LAMBDA_LOG_STREAM_NAME', 'AWS_EXECUTION_ENV', 'LAMBDA_TASK_ROOT', 'AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED', 'STAGE', 'HOME'];
    const result = await t.runtime.invoke('context', { payload: JSON.stringify({ keys }), requestId: 'req-1', clientContext: '{"custom":{"a":1}}' });
    const { env, context, dirname } = JSON.parse(result.payload);
    assert.equal(dirname, join(fixturesDir, 'commonjs'), '__dirname is the handler\'s directory, not the cache');
    const streamName = env.AWS_LAMBDA_LOG_STREAM_NAME;
    assert.match(streamName, /^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/);
    assert.deepEqual(env, {
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
      AWS_LAMBDA_FUNCTION_NAME: 'context',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/context',
      AWS_LAMBDA_LOG_STREAM_NAME: streamName,
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x',
      LAMBDA_TASK_ROOT: fixturesDir,
      AWS_ENDPOINT_URL: 'http://override:1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_SESSION_TOKEN: 'local',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      STAGE: 'test',
    });
    assert.ok(context.remaining > 4000 && context.remaining <= 5000, `remaining ${context.remaining}`);
    assert.deepEqual({ ...context, remaining: 0 }, {
      awsRequestId: 'req-1',
      functionName: 'context',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:context',
      memoryLimitInMB: '256',
      logGroupName: '/aws/lambda/context',
      logStreamName: streamName,
      callbackWaitsForEmptyEventLoop: true,
      remaining: 0,
      clientContext: { custom: { a: 1 } },
    });
    assert.equal(result.requestId, 'req-1');
    const encoded = Buffer.from('{"client":{"app":"x"}}').toString('base64');
    const viaHeader = await t.runtime.invoke('context', { payload: '{"keys":[]}', clientContext: encoded });
    assert.deepEqual(JSON.parse(viaHeader.payload).context.clientContext, { client: { app: 'x' } });
  });

  test('the AWS SDK inside a handler reaches AWS_ENDPOINT_URL with dummy credentials', async () => {
    const requests: Array<{ target: unknown; authorization: unknown }> = [];
    const server = createServer((request, response) => {
      requests.push({ target: request.headers['x-amz-target'], authorization: request.headers.authorization });
      request.resume().on('end', () => {
        response.setHeader('content-type', 'application/x-amz-json-1.0');
        response.end('{"TableNames":["from-eddy"]}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const sdk = testRuntime({ endpoint: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    try {
      await sdk.runtime.deploy({ name: 'sdk', handler: 'sdk-client.ts', baseDir: fixturesDir });
      const result = await sdk.runtime.invoke('sdk', { payload: '' });
      assert.equal(result.functionError, undefined, result.payload);
      assert.deepEqual(JSON.parse(result.payload), { TableNames: ['from-eddy'], region: 'eu-west-1' });
      assert.equal(requests.length, 1);
      assert.equal(requests[0]!.target, 'DynamoDB_20120810.ListTables');
      assert.match(String(requests[0]!.authorization), /^AWS4-HMAC-SHA256 Credential=local\/\d{8}\/eu-west-1\/dynamodb\/aws4_request,/);
    } finally {
      await sdk.dispose();
      server.close();
    }
  });

  test('console.warn and console.error get their levels; unknown functions and bad payloads are rejected', async () => {
    await t.runtime.deploy({ name: 'chatty', handler: 'chatty.ts', baseDir: fixturesDir });
    const result = await t.runtime.invoke('chatty', { payload: '{"lines":1}' });
    const lines = result.logs.trimEnd().split('\n').map((line) => line.split('\t').slice(1).join('\t'));
    assert.deepEqual(lines.slice(1, 4), [`${result.requestId}\tINFO\tline 0`, `${result.requestId}\tWARN\tcareful`, `${result.requestId}\tERROR\tbad { code: 7 }`]);
    await assert.rejects(t.runtime.invoke('missing', { payload: '{}' }), {
      name: 'Error',
      code: 'ResourceNotFoundException',
      message: 'Function not found: arn:aws:lambda:eu-west-1:123456789012:function:missing',
    });
    await assert.rejects(t.runtime.invoke('chatty', { payload: '{oops' }), { code: 'InvalidRequestContentException' });
  });
});
