import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AddPermissionCommand,
  CreateAliasCommand,
  CreateEventSourceMappingCommand,
  CreateFunctionCommand,
  DeleteAliasCommand,
  DeleteFunctionCommand,
  GetAliasCommand,
  GetFunctionCodeSigningConfigCommand,
  GetFunctionCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  GetPolicyCommand,
  InvokeCommand,
  LambdaClient,
  ListAliasesCommand,
  ListFunctionsCommand,
  ListTagsCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  PutFunctionEventInvokeConfigCommand,
  RemovePermissionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAliasCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  type CreateFunctionCommandInput,
  type InvokeCommandOutput,
} from '@aws-sdk/client-lambda';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { eventually } from '../../helpers/eventually.js';
import { startTestEddy, testCredentials, type TestEddy } from '../../helpers/eddy.js';
import { makeZip } from '../../helpers/zip.js';

const config = fileURLToPath(new URL('./fixtures/eddy.config.ts', import.meta.url));
const ROLE = 'arn:aws:iam::000000000000:role/lambda-role';
const ARN = 'arn:aws:lambda:us-east-1:000000000000:function';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const payload = (out: InvokeCommandOutput) => JSON.parse(Buffer.from(out.Payload ?? []).toString('utf8'));
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('base64');

/** A Node handler answering what it is: its label, the event, its environment and Lambda's context. */
const nodeZip = (label: string) =>
  makeZip({
    'index.mjs': `export const handler = async (event, context) => ({ label: ${JSON.stringify(label)}, event, env: { ALPHA: process.env.ALPHA, BETA: process.env.BETA }, version: context.functionVersion, name: context.functionName });`,
  });

const hasPython = (() => {
  try {
    execFileSync('python3', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

async function rejects(promise: Promise<unknown>, name: string, message: string | RegExp, status?: number): Promise<void> {
  await assert.rejects(promise, (error: any) => {
    assert.equal(error.name, name, error.message);
    if (typeof message === 'string') assert.equal(error.message, message);
    else assert.match(error.message, message);
    if (status !== undefined) assert.equal(error.$metadata.httpStatusCode, status);
    return true;
  });
}

describe('Lambda: functions created through the API (@aws-sdk/client-lambda)', () => {
  let eddy: TestEddy;
  let lambda: LambdaClient;
  const scratch = mkdtempSync(join(tmpdir(), 'eddy-fm-'));
  before(async () => {
    eddy = await startTestEddy({ config });
    lambda = new LambdaClient({ endpoint: eddy.endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
  });
  after(async () => {
    lambda.destroy();
    await eddy.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  const create = (input: Partial<CreateFunctionCommandInput> & { FunctionName: string }) =>
    lambda.send(new CreateFunctionCommand({ Role: ROLE, Runtime: 'nodejs22.x', Handler: 'index.handler', Code: { ZipFile: nodeZip('v1') }, ...input }));
  const settled = (FunctionName: string) =>
    eventually(`${FunctionName} to be Active and Successful`, async () => (await lambda.send(new GetFunctionConfigurationCommand({ FunctionName }))), {
      accept: (c) => c.State === 'Active' && c.LastUpdateStatus === 'Successful',
    });
  const invoke = (FunctionName: string, Qualifier?: string, event: unknown = { n: 1 }) =>
    lambda.send(new InvokeCommand({ FunctionName, Qualifier, Payload: Buffer.from(JSON.stringify(event)) }));

  it('creates a function from a zip: Pending with the echoed defaults, then Active, and it runs', async () => {
    const zip = nodeZip('v1');
    const created = await create({ FunctionName: 'orders', Code: { ZipFile: zip } });
    assert.equal(created.$metadata.httpStatusCode, 201);
    assert.equal(created.FunctionName, 'orders');
    assert.equal(created.FunctionArn, `${ARN}:orders`);
    assert.equal(created.Runtime, 'nodejs22.x');
    assert.equal(created.Handler, 'index.handler');
    assert.equal(created.Role, ROLE);
    assert.equal(created.Description, '');
    assert.equal(created.Timeout, 3);
    assert.equal(created.MemorySize, 128);
    assert.equal(created.Version, '$LATEST');
    assert.equal(created.CodeSha256, sha256(zip));
    assert.equal(created.CodeSize, zip.length);
    assert.match(created.RevisionId!, UUID);
    assert.match(created.LastModified!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    assert.equal(created.State, 'Pending');
    assert.equal(created.StateReason, 'The function is being created.');
    assert.equal(created.StateReasonCode, 'Creating');
    assert.equal(created.LastUpdateStatus, undefined);
    assert.deepEqual(created.Architectures, ['x86_64']);
    assert.deepEqual(created.EphemeralStorage, { Size: 512 });
    assert.deepEqual(created.TracingConfig, { Mode: 'PassThrough' });
    assert.deepEqual(created.LoggingConfig, { LogFormat: 'Text', LogGroup: '/aws/lambda/orders' });
    assert.deepEqual(created.SnapStart, { ApplyOn: 'None', OptimizationStatus: 'Off' });
    assert.equal(created.PackageType, 'Zip');
    assert.equal(created.Environment, undefined);

    const active = await settled('orders');
    assert.equal(active.RevisionId, created.RevisionId);
    const out = await invoke('orders');
    assert.equal(out.FunctionError, undefined, JSON.stringify(payload(out)));
    assert.equal(out.ExecutedVersion, '$LATEST');
    assert.deepEqual(payload(out), { label: 'v1', event: { n: 1 }, env: {}, version: '$LATEST', name: 'orders' });

    const got = await lambda.send(new GetFunctionCommand({ FunctionName: 'orders' }));
    assert.equal(got.Configuration?.State, 'Active');
    assert.equal(got.Code?.RepositoryType, 'S3');
    const listed = (await lambda.send(new ListFunctionsCommand({}))).Functions!.find((f) => f.FunctionName === 'orders');
    assert.equal(listed?.Runtime, 'nodejs22.x');
    assert.equal(listed?.State, undefined);
    assert.ok((await lambda.send(new ListFunctionsCommand({}))).Functions!.some((f) => f.FunctionName === 'hello'), 'config functions are listed beside');
    // What Terraform reads after a create.
    const signing = await lambda.send(new GetFunctionCodeSigningConfigCommand({ FunctionName: 'orders' }));
    assert.deepEqual([signing.FunctionName, signing.CodeSigningConfigArn], ['orders', '']);
    assert.equal((await lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: 'orders' }))).ReservedConcurrentExecutions, undefined);
  });

  it('refuses a second function of a name (also one of eddy.config.ts) with 409', async () => {
    await rejects(create({ FunctionName: 'orders' }), 'ResourceConflictException', 'Function already exist: orders', 409);
    await rejects(create({ FunctionName: 'hello' }), 'ResourceConflictException', 'Function already exist: hello', 409);
    assert.equal(payload(await invoke('hello', undefined, { name: 'Ada' })).message, 'Hello, Ada!');
  });

  it('updates the code (InProgress, a new RevisionId) and the new code runs', async () => {
    const before = await settled('orders');
    const zip = nodeZip('v2');
    const updated = await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'orders', ZipFile: zip }));
    assert.equal(updated.State, 'Active');
    assert.equal(updated.LastUpdateStatus, 'InProgress');
    assert.equal(updated.LastUpdateStatusReasonCode, 'Creating');
    assert.equal(updated.CodeSha256, sha256(zip));
    assert.notEqual(updated.RevisionId, before.RevisionId);
    await settled('orders');
    assert.equal(payload(await invoke('orders')).label, 'v2');
  });

  it('updates the configuration: Environment replaced wholesale, a stale RevisionId refused with 412', async () => {
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'orders', Environment: { Variables: { ALPHA: '1', BETA: '2' } }, Timeout: 10 }));
    let current = await settled('orders');
    assert.deepEqual(payload(await invoke('orders')).env, { ALPHA: '1', BETA: '2' });
    const stale = current.RevisionId;
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'orders', Environment: { Variables: { BETA: '3' } }, RevisionId: stale }));
    current = await settled('orders');
    assert.equal(current.Timeout, 10);
    assert.deepEqual(current.Environment, { Variables: { BETA: '3' } });
    assert.deepEqual(payload(await invoke('orders')).env, { BETA: '3' });
    await rejects(
      lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'orders', Description: 'x', RevisionId: stale })),
      'PreconditionFailedException',
      'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
      412,
    );
  });

  it('publishes versions (an unchanged $LATEST gives the newest back, CodeSha256 checked) and invokes them by number', async () => {
    const v1 = await lambda.send(new PublishVersionCommand({ FunctionName: 'orders', Description: 'first' }));
    assert.equal(v1.$metadata.httpStatusCode, 201);
    assert.equal(v1.Version, '1');
    assert.equal(v1.FunctionArn, `${ARN}:orders:1`);
    assert.equal(v1.Description, 'first');
    assert.equal(v1.State, 'Active');
    assert.equal((await lambda.send(new PublishVersionCommand({ FunctionName: 'orders' }))).Version, '1');
    await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'orders', ZipFile: nodeZip('v3') }));
    const latest = await settled('orders');
    await rejects(
      lambda.send(new PublishVersionCommand({ FunctionName: 'orders', CodeSha256: 'abc' })),
      'InvalidParameterValueException',
      `CodeSHA256 (abc) is different from current CodeSHA256 in $LATEST (${latest.CodeSha256}). Please try again with the CodeSHA256 in $LATEST.`,
    );
    const v2 = await lambda.send(new PublishVersionCommand({ FunctionName: 'orders', CodeSha256: latest.CodeSha256 }));
    assert.equal(v2.Version, '2');
    const versions = await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: 'orders' }));
    assert.deepEqual(versions.Versions!.map((v) => v.Version), ['$LATEST', '1', '2']);

    const one = await invoke('orders', '1');
    assert.equal(one.ExecutedVersion, '1');
    assert.equal(payload(one).label, 'v2');
    assert.deepEqual(payload(one).env, { BETA: '3' });
    const two = await invoke(`orders:2`);
    assert.equal(two.ExecutedVersion, '2');
    assert.equal(payload(two).label, 'v3');
    assert.equal(payload(await invoke(`${ARN}:orders`)).label, 'v3');
    await rejects(invoke('orders', '9'), 'ResourceNotFoundException', `Function not found: ${ARN}:orders:9`, 404);
    await rejects(lambda.send(new GetFunctionCommand({ FunctionName: 'orders', Qualifier: '9' })), 'ResourceNotFoundException', `Function not found: ${ARN}:orders:9`, 404);
    assert.equal((await lambda.send(new GetFunctionCommand({ FunctionName: 'orders', Qualifier: '1' }))).Configuration?.Version, '1');
  });

  it('routes invocations through aliases, by weight when the alias has a second version', async () => {
    const alias = await lambda.send(new CreateAliasCommand({ FunctionName: 'orders', Name: 'live', FunctionVersion: '1', Description: 'prod' }));
    assert.equal(alias.$metadata.httpStatusCode, 201);
    assert.equal(alias.AliasArn, `${ARN}:orders:live`);
    assert.equal(alias.FunctionVersion, '1');
    assert.match(alias.RevisionId!, UUID);
    const viaAlias = await invoke('orders', 'live');
    assert.equal(viaAlias.ExecutedVersion, '1');
    assert.equal(payload(viaAlias).label, 'v2');
    const conf = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'orders', Qualifier: 'live' }));
    assert.equal(conf.FunctionArn, `${ARN}:orders:live`);
    assert.equal(conf.Version, '1');
    await rejects(
      lambda.send(new CreateAliasCommand({ FunctionName: 'orders', Name: 'live', FunctionVersion: '2' })),
      'ResourceConflictException',
      `Alias already exists: ${ARN}:orders:live`,
      409,
    );
    // All of the traffic to the additional version, then none of it.
    await lambda.send(new UpdateAliasCommand({ FunctionName: 'orders', Name: 'live', FunctionVersion: '2', RoutingConfig: { AdditionalVersionWeights: { '1': 1 } } }));
    for (let i = 0; i < 3; i++) assert.equal((await invoke('orders', 'live')).ExecutedVersion, '1');
    const zero = await lambda.send(new UpdateAliasCommand({ FunctionName: 'orders', Name: 'live', RoutingConfig: { AdditionalVersionWeights: { '1': 0 } } }));
    assert.deepEqual(zero.RoutingConfig, { AdditionalVersionWeights: { '1': 0 } });
    for (let i = 0; i < 3; i++) assert.equal((await invoke('orders', 'live')).ExecutedVersion, '2');
    const cleared = await lambda.send(new UpdateAliasCommand({ FunctionName: 'orders', Name: 'live', RoutingConfig: {} }));
    assert.equal(cleared.RoutingConfig, undefined);
    await rejects(
      lambda.send(new UpdateAliasCommand({ FunctionName: 'orders', Name: 'live', RoutingConfig: { AdditionalVersionWeights: { '1': 0.5, '2': 0.5 } } })),
      'InvalidParameterValueException',
      'Number of items in AdditionalVersionWeights cannot be greater than 1',
    );
    await rejects(
      lambda.send(new CreateAliasCommand({ FunctionName: 'orders', Name: 'edge', FunctionVersion: '$LATEST', RoutingConfig: { AdditionalVersionWeights: { '1': 0.5 } } })),
      'InvalidParameterValueException',
      '$LATEST is not supported for an alias pointing to more than 1 version',
    );
    await rejects(
      lambda.send(new UpdateAliasCommand({ FunctionName: 'orders', Name: 'live', FunctionVersion: '1', RevisionId: alias.RevisionId })),
      'PreconditionFailedException',
      /does not match the latest Revision Id/,
      412,
    );
    await rejects(lambda.send(new DeleteFunctionCommand({ FunctionName: 'orders', Qualifier: '2' })), 'ResourceConflictException', 'Unable to delete version because the following aliases reference it: [live]', 409);
    await lambda.send(new CreateAliasCommand({ FunctionName: 'orders', Name: 'beta', FunctionVersion: '$LATEST' }));
    assert.deepEqual((await lambda.send(new ListAliasesCommand({ FunctionName: 'orders' }))).Aliases!.map((a) => a.Name), ['beta', 'live']);
    assert.deepEqual((await lambda.send(new ListAliasesCommand({ FunctionName: 'orders', FunctionVersion: '2' }))).Aliases!.map((a) => a.Name), ['live']);
    await lambda.send(new DeleteAliasCommand({ FunctionName: 'orders', Name: 'beta' }));
    await rejects(lambda.send(new GetAliasCommand({ FunctionName: 'orders', Name: 'beta' })), 'ResourceNotFoundException', `Cannot find alias arn: ${ARN}:orders:beta`, 404);
    assert.equal((await lambda.send(new GetAliasCommand({ FunctionName: 'orders', Name: 'live' }))).FunctionVersion, '2');
  });

  it('keeps tags: given at create, added, removed, shown by GetFunction', async () => {
    await create({ FunctionName: 'tagged', Tags: { team: 'orders' } });
    const Resource = `${ARN}:tagged`;
    assert.deepEqual((await lambda.send(new ListTagsCommand({ Resource }))).Tags, { team: 'orders' });
    await lambda.send(new TagResourceCommand({ Resource, Tags: { stage: 'dev', cost: 'low' } }));
    await lambda.send(new UntagResourceCommand({ Resource, TagKeys: ['cost'] }));
    assert.deepEqual((await lambda.send(new ListTagsCommand({ Resource }))).Tags, { team: 'orders', stage: 'dev' });
    assert.deepEqual((await lambda.send(new GetFunctionCommand({ FunctionName: 'tagged' }))).Tags, { team: 'orders', stage: 'dev' });
    await rejects(lambda.send(new ListTagsCommand({ Resource: `${ARN}:nope` })), 'ResourceNotFoundException', `Function not found: ${ARN}:nope`, 404);
  });

  it('keeps the resource policy AddPermission writes (not enforced), for Terraform and SAM', async () => {
    await rejects(lambda.send(new GetPolicyCommand({ FunctionName: 'tagged' })), 'ResourceNotFoundException', 'The resource you requested does not exist.', 404);
    const added = await lambda.send(
      new AddPermissionCommand({ FunctionName: 'tagged', StatementId: 'from-s3', Action: 'lambda:InvokeFunction', Principal: 's3.amazonaws.com', SourceArn: 'arn:aws:s3:::uploads', SourceAccount: '000000000000' }),
    );
    assert.equal(added.$metadata.httpStatusCode, 201);
    const statement = {
      Sid: 'from-s3',
      Effect: 'Allow',
      Principal: { Service: 's3.amazonaws.com' },
      Action: 'lambda:InvokeFunction',
      Resource: `${ARN}:tagged`,
      Condition: { StringEquals: { 'AWS:SourceAccount': '000000000000' }, ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::uploads' } },
    };
    assert.deepEqual(JSON.parse(added.Statement!), statement);
    const policy = await lambda.send(new GetPolicyCommand({ FunctionName: 'tagged' }));
    assert.deepEqual(JSON.parse(policy.Policy!), { Version: '2012-10-17', Id: 'default', Statement: [statement] });
    assert.match(policy.RevisionId!, UUID);
    await rejects(
      lambda.send(new AddPermissionCommand({ FunctionName: 'tagged', StatementId: 'from-s3', Action: 'lambda:InvokeFunction', Principal: 'events.amazonaws.com' })),
      'ResourceConflictException',
      'The statement id (from-s3) provided already exists. Please provide a new statement id, or remove the existing statement.',
      409,
    );
    await rejects(lambda.send(new RemovePermissionCommand({ FunctionName: 'tagged', StatementId: 'nope' })), 'ResourceNotFoundException', 'Statement nope is not found in resource policy.', 404);
    await lambda.send(new RemovePermissionCommand({ FunctionName: 'tagged', StatementId: 'from-s3' }));
    await rejects(lambda.send(new GetPolicyCommand({ FunctionName: 'tagged' })), 'ResourceNotFoundException', 'The resource you requested does not exist.', 404);
  });

  it("refuses code from S3 and images, bad zips, paths outside the archive, and settings out of Lambda's range", async () => {
    await rejects(create({ FunctionName: 'fromS3', Code: { S3Bucket: 'deploys', S3Key: 'fn.zip' } }), 'InvalidParameterValueException', /Eddy does not serve S3 yet/);
    await rejects(create({ FunctionName: 'image', Code: { ImageUri: '000000000000.dkr.ecr.us-east-1.amazonaws.com/fn:1' } }), 'InvalidParameterValueException', /container images/);
    await rejects(
      create({ FunctionName: 'badzip', Code: { ZipFile: Buffer.from('not a zip') } }),
      'InvalidParameterValueException',
      'Could not unzip uploaded file. Please check your file, then try to upload again.',
    );
    await rejects(create({ FunctionName: 'slip', Code: { ZipFile: makeZip({ '../../evil.js': 'x' }) } }), 'InvalidParameterValueException', /outside its directory/);
    await rejects(create({ FunctionName: 'old', Runtime: 'python3.7' as never }), 'InvalidParameterValueException', /^The runtime parameter of python3\.7 is no longer supported/);
    await rejects(create({ FunctionName: 'weird', Runtime: 'PYTHON3.9' as never }), 'ValidationException', /^1 validation error detected: Value 'PYTHON3\.9' at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: \[/);
    await rejects(create({ FunctionName: 'slow', Timeout: 0, MemorySize: 64 }), 'ValidationException', /^2 validation errors detected: Value '0' at 'timeout'.*; Value '64' at 'memorySize'/);
    await rejects(
      create({ FunctionName: 'reserved', Environment: { Variables: { AWS_REGION: 'x' } } }),
      'InvalidParameterValueException',
      /contains reserved keys that are currently not supported for modification. Reserved keys used in this request: AWS_REGION$/,
    );
    await rejects(create({ FunctionName: 'layered', Layers: ['arn:aws:lambda:us-east-1:000000000000:layer:deps:1'] }), 'InvalidParameterValueException', /does not serve layers yet/);
    await rejects(create({ FunctionName: 'pybad', Runtime: 'python3.12', Handler: 'nodot' }), 'InvalidParameterValueException', /a Python handler reads module\.function/);
    await rejects(create({ FunctionName: 'nohandler', Handler: undefined }), 'InvalidParameterValueException', 'Runtime and Handler are mandatory parameters for functions created with deployment packages.');
    await rejects(lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'missing', ZipFile: nodeZip('x') })), 'ResourceNotFoundException', `Function not found: ${ARN}:missing`, 404);
    await rejects(lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'hello', ZipFile: nodeZip('x') })), 'InvalidParameterValueException', /defined in eddy\.config\.ts/);
    const names = (await lambda.send(new ListFunctionsCommand({}))).Functions!.map((f) => f.FunctionName);
    for (const refused of ['fromS3', 'image', 'badzip', 'slip', 'old', 'weird', 'reserved', 'layered', 'pybad', 'nohandler']) assert.ok(!names.includes(refused), refused);
  });

  it('runs code from a local directory (S3Bucket hot-reload, S3Key its path)', async () => {
    const dir = join(scratch, 'live');
    execFileSync('mkdir', ['-p', dir]);
    writeFileSync(join(dir, 'app.mjs'), 'export const main = async () => ({ from: "directory" });');
    const created = await create({ FunctionName: 'live', Handler: 'app.main', Code: { S3Bucket: 'hot-reload', S3Key: dir } });
    assert.equal(created.State, 'Pending');
    assert.deepEqual(payload(await invoke('live')), { from: 'directory' });
    // Live code: a save is what the next invocation runs.
    writeFileSync(join(dir, 'app.mjs'), 'export const main = async () => ({ from: "directory, edited" });');
    await eventually('the edit to run', async () => payload(await invoke('live')).from, { accept: (from) => from === 'directory, edited' });
    await rejects(create({ FunctionName: 'nowhere', Code: { S3Bucket: 'hot-reload', S3Key: join(scratch, 'none') } }), 'InvalidParameterValueException', /no such local directory/);
  });

  it('runs a Python handler from a zip', { skip: hasPython ? false : 'no python3 on the PATH' }, async () => {
    const zip = makeZip({ 'app.py': 'import os\n\ndef handler(event, context):\n    return {"py": event["n"] + 1, "name": context.function_name}\n' });
    await create({ FunctionName: 'pyfn', Runtime: 'python3.12', Handler: 'app.handler', Code: { ZipFile: zip } });
    const out = await invoke('pyfn', undefined, { n: 41 });
    assert.equal(out.FunctionError, undefined, JSON.stringify(payload(out)));
    assert.deepEqual(payload(out), { py: 42, name: 'pyfn' });
  });

  it('takes part as config functions do, right after its create: a queue mapping, an async destination', async () => {
    const zip = makeZip({ 'index.mjs': 'export const handler = async (event) => { console.log("got", JSON.stringify(event.Records?.map((r) => r.body) ?? event)); return { seen: true }; };' });
    await create({ FunctionName: 'worker', Code: { ZipFile: zip } });
    const { QueueUrl: inbox } = await eddy.sqs.send(new CreateQueueCommand({ QueueName: 'worker-inbox' }));
    const { QueueUrl: done } = await eddy.sqs.send(new CreateQueueCommand({ QueueName: 'worker-done' }));
    const arn = async (QueueUrl: string) => (await eddy.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }))).Attributes!['QueueArn']!;
    await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'worker', EventSourceArn: await arn(inbox!), BatchSize: 1 }));
    await lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'worker', DestinationConfig: { OnSuccess: { Destination: await arn(done!) } } }));
    await eddy.sqs.send(new SendMessageCommand({ QueueUrl: inbox, MessageBody: 'job-1' }));
    await eventually('the mapping to deliver job-1', async () => (await eddy.admin('/_eddy/functions/logs', { function: 'worker' })).lines.map((l: { message: string }) => l.message).join('\n'), {
      accept: (text) => text.includes('got ["job-1"]'),
    });
    await lambda.send(new InvokeCommand({ FunctionName: 'worker', InvocationType: 'Event', Payload: Buffer.from('{"async":1}') }));
    const record = await eventually('the success record', async () => (await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: done, WaitTimeSeconds: 1 }))).Messages?.[0]);
    const body = JSON.parse(record!.Body!);
    assert.equal(body.requestContext.condition, 'Success');
    assert.deepEqual(body.requestPayload, { async: 1 });
    assert.deepEqual(body.responsePayload, { seen: true });
  });

  it('answers an invocation error for a handler the zip lacks, as Lambda does', async () => {
    await create({ FunctionName: 'hollow', Handler: 'missing.handler' });
    const out = await invoke('hollow');
    assert.equal(out.FunctionError, 'Unhandled');
  });

  it('deletes a version, then the function with everything it had', async () => {
    await lambda.send(new UpdateAliasCommand({ FunctionName: 'orders', Name: 'live', FunctionVersion: '2' }));
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'orders', Qualifier: '1' }));
    await rejects(invoke('orders', '1'), 'ResourceNotFoundException', `Function not found: ${ARN}:orders:1`, 404);
    await rejects(lambda.send(new DeleteFunctionCommand({ FunctionName: 'orders', Qualifier: '$LATEST' })), 'InvalidParameterValueException', '$LATEST version cannot be deleted without deleting the function.');
    const deleted = await lambda.send(new DeleteFunctionCommand({ FunctionName: 'orders' }));
    assert.equal(deleted.$metadata.httpStatusCode, 204);
    await rejects(lambda.send(new GetFunctionCommand({ FunctionName: 'orders' })), 'ResourceNotFoundException', `Function not found: ${ARN}:orders`, 404);
    await rejects(invoke('orders'), 'ResourceNotFoundException', `Function not found: ${ARN}:orders`, 404);
    await rejects(lambda.send(new DeleteFunctionCommand({ FunctionName: 'orders' })), 'ResourceNotFoundException', `Function not found: ${ARN}:orders`, 404);
    // The name is free again.
    await create({ FunctionName: 'orders', Code: { ZipFile: nodeZip('again') } });
    assert.equal(payload(await invoke('orders')).label, 'again');
  });
});
