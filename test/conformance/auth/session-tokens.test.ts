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
const hasBoto3 = spawnSync('python3', ['-c', 'import boto3'], { stdio: 'ignore' }).status === 0;
/** Temporary credentials (as STS hands them out: ASIA…, a secret and a session token); first, so handlers are given them. */
const TEMPORARY = { accessKeyId: 'ASIATEMPORARY', secretAccessKey: 'temporary-secret', sessionToken: 'FwoGZXIvYXdzEBYaDH+session/token==' };
const INVALID_TOKEN = /^The security token included in the request is invalid\.$/;

describe('session tokens: a key configured with one must be sent with it, a long-term key without', () => {
  let eddy: TestEddy;
  before(async () => {
    eddy = await startTestEddy({ config, auth: { credentials: [TEMPORARY, testCredentials] } });
  });
  after(() => eddy.stop());

  type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  const clients = (credentials: Creds) => {
    const options = { endpoint: eddy.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 };
    return { dynamodb: new DynamoDBClient(options), sqs: new SQSClient(options), events: new EventBridgeClient(options), lambda: new LambdaClient(options) };
  };
  const refusedEverywhere = async (credentials: Creds) => {
    const { dynamodb, sqs, events, lambda } = clients(credentials);
    try {
      const calls: [string, () => Promise<unknown>, number][] = [
        ['DynamoDB', () => dynamodb.send(new ListTablesCommand({})), 400],
        ['SQS', () => sqs.send(new ListQueuesCommand({})), 400],
        ['EventBridge', () => events.send(new ListEventBusesCommand({})), 400],
        ['Lambda', () => lambda.send(new InvokeCommand({ FunctionName: 'recorder', Payload: Buffer.from('{}') })), 403],
      ];
      for (const [service, call, status] of calls) {
        await assert.rejects(call(), (error: Error & { $metadata?: { httpStatusCode?: number } }) => {
          assert.equal(error.name, 'UnrecognizedClientException', service);
          assert.match(error.message, INVALID_TOKEN, service);
          assert.equal(error.$metadata?.httpStatusCode, status, service);
          return true;
        });
      }
    } finally {
      for (const client of [dynamodb, sqs, events, lambda]) client.destroy();
    }
  };

  it('answers every service signed with the temporary key and its token', async () => {
    const { dynamodb, sqs, events, lambda } = clients(TEMPORARY);
    await dynamodb.send(new ListTablesCommand({}));
    await sqs.send(new ListQueuesCommand({}));
    await events.send(new ListEventBusesCommand({}));
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'recorder', Payload: Buffer.from('{}') }));
    assert.equal(out.StatusCode, 200);
    for (const client of [dynamodb, sqs, events, lambda]) client.destroy();
  });

  it('refuses the temporary key without its token, or with another (UnrecognizedClientException; Lambda with 403)', async () => {
    const { sessionToken: _token, ...withoutToken } = TEMPORARY;
    await refusedEverywhere(withoutToken);
    await refusedEverywhere({ ...TEMPORARY, sessionToken: 'FwoGZXIvYXdzEBYaDH+session/token=X' });
  });

  it('refuses a token sent with a long-term key, as AWS does; the key alone is answered', async () => {
    await refusedEverywhere({ ...testCredentials, sessionToken: 'left-over-token' });
    await eddy.ddb.send(new ListTablesCommand({}));
  });

  it('gives handlers the first pair with its token: a function calling EventBridge from inside is answered', async () => {
    const { lambda } = clients(testCredentials);
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'publisher', Payload: Buffer.from(JSON.stringify({ source: 'com.example.token', detailType: 'Signed', detail: { ok: true } })) }));
    assert.equal(out.FunctionError, undefined, Buffer.from(out.Payload ?? []).toString());
    assert.equal(JSON.parse(Buffer.from(out.Payload!).toString()).failed, 0);
    lambda.destroy();
  });

  // Run asynchronously: this process serves the requests boto3 makes.
  it('boto3 sends the token as the JS SDK does: accepted with it, refused without', { skip: hasBoto3 ? false : 'python3 with boto3 is not installed' }, async () => {
    const python = async (script: string) => (await promisify(execFile)('python3', ['-c', script], { encoding: 'utf8' })).stdout.trim();
    const script = (token: string | undefined) =>
      `import boto3\nc = boto3.client('dynamodb', endpoint_url='${eddy.endpoint}', region_name='us-east-1', aws_access_key_id='${TEMPORARY.accessKeyId}', aws_secret_access_key='${TEMPORARY.secretAccessKey}'${token === undefined ? '' : `, aws_session_token='${token}'`})\n` +
      `try:\n  print('ok', len(c.list_tables()['TableNames']) >= 0)\nexcept Exception as e:\n  print('error', e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode'])`;
    assert.equal(await python(script(TEMPORARY.sessionToken)), 'ok True');
    assert.equal(await python(script(undefined)), 'error UnrecognizedClientException 400');
    assert.equal(await python(script('wrong')), 'error UnrecognizedClientException 400');
  });
});
