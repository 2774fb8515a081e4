import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, ListEventBusesCommand } from '@aws-sdk/client-eventbridge';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startTestEddy, testCredentials, type TestEddy } from '../../helpers/eddy.js';

const config = fileURLToPath(new URL('../events/fixtures/bus.config.json', import.meta.url));
const OTHER = { accessKeyId: 'AKIDOTHER', secretAccessKey: 'other-secret' };
const hasBoto3 = spawnSync('python3', ['-c', 'import boto3'], { stdio: 'ignore' }).status === 0;

describe('SigV4: with credentials configured, every request must be signed with one of them', () => {
  let eddy: TestEddy;
  before(async () => {
    // The SDK clients of the helpers sign with testCredentials; OTHER is a second accepted pair.
    eddy = await startTestEddy({ config, auth: { credentials: [testCredentials, OTHER] } });
  });
  after(async () => {
    await eddy.stop();
  });

  const options = (credentials: { accessKeyId: string; secretAccessKey: string }) => ({ endpoint: eddy.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
  const refused = async (call: Promise<unknown>, name: string, message: RegExp) => {
    await assert.rejects(call, (error: Error) => {
      assert.equal(error.name, name);
      assert.match(error.message, message);
      return true;
    });
  };

  it('answers DynamoDB, SQS, EventBridge and Lambda requests signed with a configured pair', async () => {
    await eddy.ddb.send(new ListTablesCommand({}));
    await eddy.sqs.send(new ListQueuesCommand({}));
    await eddy.events.send(new ListEventBusesCommand({}));
    const dynamodb = new DynamoDBClient(options(OTHER));
    await dynamodb.send(new ListTablesCommand({}));
    dynamodb.destroy();
  });

  it('refuses a wrong secret (InvalidSignatureException) and an unknown key (UnrecognizedClientException), on every service', async () => {
    const wrong = { accessKeyId: testCredentials.accessKeyId, secretAccessKey: 'not-the-secret' };
    const unknown = { accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'x' };
    const mismatch = /signature we calculated does not match/;
    const token = /security token included in the request is invalid/;
    for (const credentials of [wrong, unknown]) {
      const [name, message] = credentials === wrong ? ['InvalidSignatureException', mismatch] : ['UnrecognizedClientException', token];
      const dynamodb = new DynamoDBClient(options(credentials));
      const sqs = new SQSClient(options(credentials));
      const events = new EventBridgeClient(options(credentials));
      const lambda = new LambdaClient(options(credentials));
      await refused(dynamodb.send(new ListTablesCommand({})), name, message);
      await refused(sqs.send(new ListQueuesCommand({})), name, message);
      await refused(events.send(new ListEventBusesCommand({})), name, message);
      await refused(lambda.send(new InvokeCommand({ FunctionName: 'recorder', Payload: Buffer.from('{}') })), name, message);
      for (const client of [dynamodb, sqs, events, lambda]) client.destroy();
    }
  });

  it("answers Lambda's refusals with 403 Forbidden, the JSON services' with 400, as AWS does", async () => {
    const wrong = { accessKeyId: testCredentials.accessKeyId, secretAccessKey: 'not-the-secret' };
    const status = async (call: Promise<unknown>) =>
      call.then(
        () => assert.fail('accepted'),
        (error: { name: string; $metadata?: { httpStatusCode?: number } }) => `${error.name} ${error.$metadata?.httpStatusCode}`,
      );
    const lambda = new LambdaClient(options(wrong));
    const dynamodb = new DynamoDBClient(options(wrong));
    assert.equal(await status(lambda.send(new InvokeCommand({ FunctionName: 'recorder', Payload: Buffer.from('{}') }))), 'InvalidSignatureException 403');
    assert.equal(await status(dynamodb.send(new ListTablesCommand({}))), 'InvalidSignatureException 400');
    const unknown = new LambdaClient(options({ accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'x' }));
    assert.equal(await status(unknown.send(new InvokeCommand({ FunctionName: 'recorder', Payload: Buffer.from('{}') }))), 'UnrecognizedClientException 403');
    for (const client of [lambda, dynamodb, unknown]) client.destroy();
  });

  it('refuses a credential scoped to another service or region', async () => {
    const otherRegion = new DynamoDBClient({ ...options(testCredentials), region: 'eu-west-1' });
    await refused(otherRegion.send(new ListTablesCommand({})), 'InvalidSignatureException', /^Credential should be scoped to a valid region\. $/);
    otherRegion.destroy();
    // An SQS client pointed at the JSON endpoint with DynamoDB's target: its scope names sqs.
    const sqs = new SQSClient(options(testCredentials));
    sqs.middlewareStack.add((next) => async (args) => {
      const request = args.request as { headers: Record<string, string> };
      request.headers['x-amz-target'] = 'DynamoDB_20120810.ListTables';
      request.headers['content-type'] = 'application/x-amz-json-1.0';
      return next(args);
    }, { step: 'build', name: 'retarget' });
    await assert.rejects(sqs.send(new ListQueuesCommand({})), (error: Error) => {
      assert.match(error.message, /^Credential should be scoped to correct service: 'dynamodb'\. $/);
      return true;
    });
    sqs.destroy();
  });

  it('refuses a request signed more than five minutes ago', async () => {
    const dynamodb = new DynamoDBClient({ ...options(testCredentials), systemClockOffset: -10 * 60_000 });
    await refused(dynamodb.send(new ListTablesCommand({})), 'InvalidSignatureException', /^Signature expired: \d{8}T\d{6}Z is now earlier than/);
    dynamodb.destroy();
  });

  it('gives handlers a configured pair: a function calling EventBridge from inside is answered', async () => {
    const lambda = new LambdaClient(options(testCredentials));
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'publisher', Payload: Buffer.from(JSON.stringify({ source: 'com.example.auth', detailType: 'Signed', detail: { ok: true } })) }));
    assert.equal(out.FunctionError, undefined, Buffer.from(out.Payload ?? []).toString());
    const answer = JSON.parse(Buffer.from(out.Payload!).toString());
    assert.equal(answer.failed, 0);
    lambda.destroy();
  });

  // Run asynchronously: this process serves the requests boto3 makes.
  it('boto3 signs as the JS SDK does: accepted with the pair, refused without', { skip: hasBoto3 ? false : 'python3 with boto3 is not installed' }, async () => {
    const python = async (script: string) => (await promisify(execFile)('python3', ['-c', script], { encoding: 'utf8' })).stdout.trim();
    const script = (secret: string) =>
      `import boto3\nc = boto3.client('dynamodb', endpoint_url='${eddy.endpoint}', region_name='us-east-1', aws_access_key_id='${testCredentials.accessKeyId}', aws_secret_access_key='${secret}')\n` +
      `try:\n  print('ok', len(c.list_tables()['TableNames']) >= 0)\nexcept Exception as e:\n  print('error', e.response['Error']['Code'])`;
    assert.equal(await python(script(testCredentials.secretAccessKey)), 'ok True');
    assert.equal(await python(script('wrong')), 'error InvalidSignatureException');
  });

  it('checks the form of a signature even when it would not verify: a request with none, or a malformed one', async () => {
    const post = (headers: Record<string, string>) =>
      fetch(eddy.endpoint, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.ListTables', ...headers }, body: '{}' });
    const none = await post({});
    assert.equal(none.status, 400);
    assert.match(((await none.json()) as { __type: string }).__type, /MissingAuthenticationTokenException$/);
    const malformed = await post({ authorization: 'AWS4-HMAC-SHA256 Credential=AKIDTEST/20260101/us-east-1/dynamodb/aws4_request' });
    assert.equal(malformed.status, 400);
    const body = (await malformed.json()) as { __type: string; message: string };
    assert.match(body.__type, /IncompleteSignatureException$/);
    assert.match(body.message, /^Authorization header requires 'Signature' parameter\. Authorization header requires 'SignedHeaders' parameter\./);
  });
});

describe('SigV4 without credentials configured', () => {
  let eddy: TestEddy;
  before(async () => {
    eddy = await startTestEddy({});
  });
  after(async () => {
    await eddy.stop();
  });

  it('accepts any well-formed signature, whatever the secret', async () => {
    const dynamodb = new DynamoDBClient({ endpoint: eddy.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'anything', secretAccessKey: 'anything' }, maxAttempts: 1 });
    await dynamodb.send(new ListTablesCommand({}));
    dynamodb.destroy();
  });

  it("still checks the form: no signature, a header that is not SigV4, one without a date, on DynamoDB and Lambda", async () => {
    const post = async (path: string, headers: Record<string, string>) => {
      const res = await fetch(`${eddy.endpoint}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.ListTables', ...headers }, body: '{}' });
      return { status: res.status, type: res.headers.get('x-amzn-errortype') ?? ((await res.json()) as { __type?: string }).__type };
    };
    assert.deepEqual(await post('/', {}), { status: 400, type: 'com.amazon.coral.service#MissingAuthenticationTokenException' });
    assert.deepEqual(await post('/', { authorization: 'x' }), { status: 400, type: 'com.amazon.coral.service#IncompleteSignatureException' });
    const noDate = 'AWS4-HMAC-SHA256 Credential=anything/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00';
    assert.deepEqual(await post('/', { authorization: noDate }), { status: 400, type: 'com.amazon.coral.service#IncompleteSignatureException' });
    assert.deepEqual(await post('/', { authorization: noDate, 'x-amz-date': '20260101T000000Z' }), { status: 200, type: undefined });
    // Lambda's REST front end refuses a signature with 403 (sigv4-errors.ts), its wording for a missing one its own.
    const lambda = await post('/2015-03-31/functions/recorder/invocations', { authorization: 'Bearer abc' });
    assert.equal(lambda.status, 403);
    assert.match(lambda.type ?? '', /IncompleteSignatureException/);
    const unsigned = await fetch(`${eddy.endpoint}/2015-03-31/functions/recorder/invocations`, { method: 'POST', body: '{}' });
    assert.deepEqual([unsigned.status, unsigned.headers.get('x-amzn-errortype'), ((await unsigned.json()) as { message: string }).message], [403, 'MissingAuthenticationTokenException', 'Missing Authentication Token']);
  });
});
