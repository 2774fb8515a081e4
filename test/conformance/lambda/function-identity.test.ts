import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  DeleteAliasCommand,
  DeleteFunctionCommand,
  GetFunctionConfigurationCommand,
  GetFunctionEventInvokeConfigCommand,
  InvokeCommand,
  LambdaClient,
  ListFunctionEventInvokeConfigsCommand,
  PublishVersionCommand,
  PutFunctionEventInvokeConfigCommand,
  UpdateFunctionCodeCommand,
  type InvokeCommandOutput,
} from '@aws-sdk/client-lambda';
import { eventually } from '../../helpers/eventually.js';
import { startTestEddy, testCredentials, type TestEddy } from '../../helpers/eddy.js';
import { makeZip } from '../../helpers/zip.js';
import { newQueue, newRule, receiveMessages } from '../events/delivery-fixtures.js';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';

const config = fileURLToPath(new URL('./fixtures/eddy.config.ts', import.meta.url));
const ROLE = 'arn:aws:iam::000000000000:role/lambda-role';
const ARN = 'arn:aws:lambda:us-east-1:000000000000:function';
const payload = (out: InvokeCommandOutput) => JSON.parse(Buffer.from(out.Payload ?? []).toString('utf8'));
const tail = (out: InvokeCommandOutput) => Buffer.from(out.LogResult ?? '', 'base64').toString('utf8');
/** Lambda's log stream names: `YYYY/MM/DD/[version]<32 hex>`. */
const stream = (version: string) => new RegExp(`^\\d{4}/\\d{2}/\\d{2}/\\[${version.replace('$', '\\$')}\\][0-9a-f]{32}$`);

/** A Node handler answering who it is told it is: Lambda's context and the identity variables. */
const nodeZip = (label: string) =>
  makeZip({
    'index.mjs': `export const handler = async (event, context) => ({
      label: ${JSON.stringify(label)},
      functionName: context.functionName,
      functionVersion: context.functionVersion,
      invokedFunctionArn: context.invokedFunctionArn,
      logGroupName: context.logGroupName,
      logStreamName: context.logStreamName,
      env: {
        name: process.env.AWS_LAMBDA_FUNCTION_NAME,
        version: process.env.AWS_LAMBDA_FUNCTION_VERSION,
        logGroup: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
        logStream: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
      },
    });`,
  });

/** The same, in Python (awslambdaric's attribute names). */
const pythonZip = (label: string) =>
  makeZip({
    'app.py': `import os

def handler(event, context):
    return {
        "label": ${JSON.stringify(label)},
        "functionName": context.function_name,
        "functionVersion": context.function_version,
        "invokedFunctionArn": context.invoked_function_arn,
        "logGroupName": context.log_group_name,
        "logStreamName": context.log_stream_name,
        "env": {
            "name": os.environ.get("AWS_LAMBDA_FUNCTION_NAME"),
            "version": os.environ.get("AWS_LAMBDA_FUNCTION_VERSION"),
            "logGroup": os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME"),
            "logStream": os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME"),
        },
    }
`,
  });

const hasPython = (() => {
  try {
    execFileSync('python3', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('Lambda: what a handler is told it is, as $LATEST, a version and through an alias (@aws-sdk/client-lambda)', () => {
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

  const settled = (FunctionName: string) =>
    eventually(`${FunctionName} to be Active and Successful`, async () => lambda.send(new GetFunctionConfigurationCommand({ FunctionName })), {
      accept: (c) => c.State === 'Active' && c.LastUpdateStatus === 'Successful',
    });
  const invoke = (FunctionName: string, Qualifier?: string) => lambda.send(new InvokeCommand({ FunctionName, Qualifier, LogType: 'Tail', Payload: Buffer.from('{}') }));

  /** One invocation's identity, checked whole: context, variables, log stream and START line. */
  function assertIdentity(out: InvokeCommandOutput, name: string, version: string, invokedArn: string, label: string): void {
    const answer = payload(out);
    assert.equal(out.FunctionError, undefined, JSON.stringify(answer));
    assert.equal(answer.label, label);
    assert.equal(answer.functionName, name);
    assert.equal(answer.functionVersion, version);
    assert.equal(answer.invokedFunctionArn, invokedArn);
    assert.equal(answer.logGroupName, `/aws/lambda/${name}`);
    assert.match(answer.logStreamName, stream(version));
    assert.deepEqual(answer.env, { name, version, logGroup: `/aws/lambda/${name}`, logStream: answer.logStreamName });
    assert.match(tail(out), new RegExp(`^START RequestId: ${out.$metadata.requestId ?? '[0-9a-f-]+'} Version: ${version.replace('$', '\\$')}$`, 'm'));
  }

  for (const runtime of ['nodejs22.x', 'python3.12'] as const) {
    const python = runtime.startsWith('python');
    const zip = python ? pythonZip : nodeZip;
    const name = python ? 'who-py' : 'who-node';
    it(`${runtime}: $LATEST, version 1 after the code moved on, version 2 (same as $LATEST) and an alias`, { skip: python && !hasPython ? 'no python3 on the PATH' : false }, async () => {
      await lambda.send(
        new CreateFunctionCommand({ FunctionName: name, Role: ROLE, Runtime: runtime, Handler: python ? 'app.handler' : 'index.handler', Code: { ZipFile: zip('first') } }),
      );
      await settled(name);
      assertIdentity(await invoke(name), name, '$LATEST', `${ARN}:${name}`, 'first');
      assertIdentity(await invoke(name, '$LATEST'), name, '$LATEST', `${ARN}:${name}:$LATEST`, 'first');

      assert.equal((await lambda.send(new PublishVersionCommand({ FunctionName: name }))).Version, '1');
      await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: zip('second') }));
      await settled(name);
      assertIdentity(await invoke(name, '1'), name, '1', `${ARN}:${name}:1`, 'first');
      assertIdentity(await invoke(`${ARN}:${name}:1`), name, '1', `${ARN}:${name}:1`, 'first');
      assertIdentity(await invoke(name), name, '$LATEST', `${ARN}:${name}`, 'second');

      // A version with $LATEST's code still runs as itself.
      assert.equal((await lambda.send(new PublishVersionCommand({ FunctionName: name }))).Version, '2');
      assertIdentity(await invoke(`${name}:2`), name, '2', `${ARN}:${name}:2`, 'second');

      await lambda.send(new CreateAliasCommand({ FunctionName: name, Name: 'live', FunctionVersion: '1' }));
      const viaAlias = await invoke(name, 'live');
      assert.equal(viaAlias.ExecutedVersion, '1');
      assertIdentity(viaAlias, name, '1', `${ARN}:${name}:live`, 'first');
    });
  }

  it('runs an Event invocation with a Qualifier as that version or alias, its record naming the qualified ARN', async () => {
    const name = 'who-async';
    await lambda.send(new CreateFunctionCommand({ FunctionName: name, Role: ROLE, Runtime: 'nodejs22.x', Handler: 'index.handler', Code: { ZipFile: nodeZip('first') } }));
    await settled(name);
    await lambda.send(new PublishVersionCommand({ FunctionName: name }));
    await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: nodeZip('second') }));
    await settled(name);
    await lambda.send(new CreateAliasCommand({ FunctionName: name, Name: 'live', FunctionVersion: '1' }));
    for (const qualifier of [undefined, '1', 'live']) {
      const queue = await newQueue(eddy, `who-async-${qualifier ?? 'unqualified'}`);
      await lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: name, Qualifier: qualifier, DestinationConfig: { OnSuccess: { Destination: queue.arn } } }));
      const out = await lambda.send(new InvokeCommand({ FunctionName: name, Qualifier: qualifier, InvocationType: 'Event', Payload: Buffer.from('{}') }));
      assert.equal(out.StatusCode, 202);
      const [message] = await receiveMessages(eddy, queue, 1);
      const record = JSON.parse(message!.Body!);
      assert.equal(record.requestContext.functionArn, `${ARN}:${name}:${qualifier ?? '$LATEST'}`);
      assert.equal(record.requestContext.condition, 'Success');
      const answer = record.responsePayload;
      assert.equal(answer.label, qualifier === undefined ? 'second' : 'first');
      assert.equal(answer.functionName, name);
      assert.equal(answer.functionVersion, qualifier === undefined ? '$LATEST' : '1');
      assert.equal(answer.invokedFunctionArn, qualifier === undefined ? `${ARN}:${name}` : `${ARN}:${name}:${qualifier}`);
      assert.match(answer.logStreamName, stream(qualifier === undefined ? '$LATEST' : '1'));
    }
    // A qualifier's config goes with its alias or version: one made again under the name starts without one.
    const noConfig = (Qualifier: string) =>
      assert.rejects(lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: name, Qualifier })), (error: any) => {
        assert.equal(error.name, 'ResourceNotFoundException');
        assert.equal(error.message, `The function ${ARN}:${name}:${Qualifier} doesn't have an EventInvokeConfig`);
        return true;
      });
    assert.equal((await lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: name, Qualifier: 'live' }))).FunctionArn, `${ARN}:${name}:live`);
    await lambda.send(new DeleteAliasCommand({ FunctionName: name, Name: 'live' }));
    await lambda.send(new CreateAliasCommand({ FunctionName: name, Name: 'live', FunctionVersion: '1' }));
    await noConfig('live');
    await lambda.send(new DeleteAliasCommand({ FunctionName: name, Name: 'live' }));
    await lambda.send(new DeleteFunctionCommand({ FunctionName: name, Qualifier: '1' }));
    const left = await lambda.send(new ListFunctionEventInvokeConfigsCommand({ FunctionName: name }));
    assert.deepEqual(left.FunctionEventInvokeConfigs?.map((c) => c.FunctionArn), [`${ARN}:${name}:$LATEST`]);
  });

  it('a bus rule targeting an alias invokes the alias\'s version; an alias that does not exist is NO_RESOURCE, dead-lettered', async () => {
    const name = 'who-bus';
    await lambda.send(new CreateFunctionCommand({ FunctionName: name, Role: ROLE, Runtime: 'nodejs22.x', Handler: 'index.handler', Code: { ZipFile: nodeZip('first') } }));
    await settled(name);
    await lambda.send(new PublishVersionCommand({ FunctionName: name }));
    await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: nodeZip('second') }));
    await settled(name);
    await lambda.send(new CreateAliasCommand({ FunctionName: name, Name: 'live', FunctionVersion: '1' }));
    const records = await newQueue(eddy, 'who-bus-records');
    const dlq = await newQueue(eddy, 'who-bus-dlq');
    await lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: name, Qualifier: 'live', DestinationConfig: { OnSuccess: { Destination: records.arn } } }));
    const rule = await newRule(eddy, undefined, { source: ['who-bus'] }, [
      { Id: 'live', Arn: `${ARN}:${name}:live` },
      { Id: 'gone', Arn: `${ARN}:${name}:gone`, DeadLetterConfig: { Arn: dlq.arn } },
    ]);
    const put = await eddy.events.send(new PutEventsCommand({ Entries: [{ Source: 'who-bus', DetailType: 'probe', Detail: '{}' }] }));
    assert.equal(put.FailedEntryCount, 0);
    const [message] = await receiveMessages(eddy, records, 1);
    const record = JSON.parse(message!.Body!);
    assert.equal(record.requestContext.functionArn, `${ARN}:${name}:live`);
    assert.deepEqual(
      [record.responsePayload.label, record.responsePayload.functionVersion, record.responsePayload.invokedFunctionArn],
      ['first', '1', `${ARN}:${name}:live`],
    );
    const [dead] = await receiveMessages(eddy, dlq, 1);
    const attributes = dead!.MessageAttributes ?? {};
    assert.deepEqual(
      [attributes['ERROR_CODE']?.StringValue, attributes['TARGET_ARN']?.StringValue, attributes['RULE_ARN']?.StringValue],
      ['NO_RESOURCE', `${ARN}:${name}:gone`, `arn:aws:events:us-east-1:000000000000:rule/${rule}`],
    );
  });
});
