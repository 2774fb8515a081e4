import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { GetFunctionUrlConfigCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { AddPermissionCommand, ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
import { signRequest } from '../../../src/api/sigv4/sign-request.js';
import { startTestEddy, testCredentials, type TestEddy } from '../../helpers/eddy.js';

/**
 * With verification on, a request for an operation or service Eddy does not serve is answered with the
 * unknown-operation error of its protocol before its signature is looked at, as AWS's JSON front end
 * resolves the operation first: dynalite's and kinesalite's suites, written against DynamoDB and Kinesis,
 * record UnknownOperationException for an unknown X-Amz-Target sent with no signature at all.
 */
describe('requests Eddy does not serve, with signatures verified: the unknown-operation answer comes first', () => {
  let eddy: TestEddy;
  before(async () => {
    eddy = await startTestEddy({ auth: { credentials: [testCredentials] } });
  });
  after(() => eddy.stop());

  const WRONG = { accessKeyId: testCredentials.accessKeyId, secretAccessKey: 'not-the-secret' };
  const UNKNOWN = { accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'x' };
  const options = (credentials: typeof WRONG) => ({ endpoint: eddy.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });

  /** A JSON request for `target`, signed for `service` with `credentials` (or not signed). */
  const json = async (target: string, service: string, credentials?: typeof WRONG) => {
    const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target };
    const sent = credentials ? signRequest({ method: 'POST', url: new URL(eddy.endpoint), headers, body: '{}' }, { credentials, region: 'us-east-1', service }) : headers;
    const res = await fetch(eddy.endpoint, { method: 'POST', headers: sent, body: '{}' });
    const body = (await res.json()) as { __type: string; message: string };
    return { status: res.status, type: body.__type, message: body.message };
  };

  it('an unknown DynamoDB operation or another JSON service: UnknownOperationException whatever the signature', async () => {
    for (const credentials of [WRONG, UNKNOWN, undefined]) {
      const dynamodb = await json('DynamoDB_20120810.NoSuchOperation', 'dynamodb', credentials);
      assert.deepEqual([dynamodb.status, dynamodb.type], [400, 'com.amazon.coral.service#UnknownOperationException']);
      const kinesis = await json('Kinesis_20131202.ListStreams', 'kinesis', credentials);
      assert.deepEqual([kinesis.status, kinesis.type], [400, 'com.amazon.coral.service#UnknownOperationException']);
      assert.match(kinesis.message, /^Eddy does not provide Kinesis ListStreams/);
    }
    // The same wrong signature on an operation Eddy serves is refused for the signature.
    assert.equal((await json('DynamoDB_20120810.ListTables', 'dynamodb', WRONG)).type, 'com.amazon.coral.service#InvalidSignatureException');
    const client = new DynamoDBClient(options(WRONG));
    await assert.rejects(client.send(new ListTablesCommand({})), { name: 'InvalidSignatureException' });
    client.destroy();
  });

  it("the query protocol, Lambda's unserved routes and S3 answer their own errors through the SDK, wrong key or not", async () => {
    for (const credentials of [WRONG, UNKNOWN]) {
      const sns = new SNSClient(options(credentials));
      // AddPermission is not served (the rest of SNS is): the action is refused before the signature.
      const permission = { TopicArn: 'arn:aws:sns:us-east-1:000000000000:t', Label: 'l', AWSAccountId: ['111122223333'], ActionName: ['Publish'] };
      await assert.rejects(sns.send(new AddPermissionCommand(permission)), (error: Error & { $metadata?: { httpStatusCode?: number } }) => {
        assert.deepEqual([error.name, error.$metadata?.httpStatusCode], ['InvalidAction', 400]);
        assert.match(error.message, /^Eddy does not provide SNS AddPermission/);
        return true;
      });
      const refusal = credentials === WRONG ? ['SignatureDoesNotMatch', 403] : ['InvalidClientTokenId', 403];
      await assert.rejects(sns.send(new ListTopicsCommand({})), (error: Error & { $metadata?: { httpStatusCode?: number } }) => {
        assert.deepEqual([error.name, error.$metadata?.httpStatusCode], refusal);
        return true;
      });
      const lambda = new LambdaClient(options(credentials));
      await assert.rejects(lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: 'anything' })), (error: Error & { $metadata?: { httpStatusCode?: number } }) => {
        assert.deepEqual([error.name, error.$metadata?.httpStatusCode], ['UnknownOperationException', 404]);
        return true;
      });
      const s3 = new S3Client({ ...options(credentials), forcePathStyle: true });
      await assert.rejects(s3.send(new ListBucketsCommand({})), (error: Error & { $metadata?: { httpStatusCode?: number } }) => {
        assert.deepEqual([error.name, error.$metadata?.httpStatusCode], ['NotImplemented', 501]);
        return true;
      });
      for (const client of [sns, lambda, s3]) client.destroy();
    }
  });
});
