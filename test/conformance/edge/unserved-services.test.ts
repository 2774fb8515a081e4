import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeKinesisStreamingDestinationCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, ListEndpointsCommand } from '@aws-sdk/client-eventbridge';
import { CreateFunctionUrlConfigCommand, LambdaClient, PutFunctionConcurrencyCommand } from '@aws-sdk/client-lambda';
import { GetObjectCommand, ListBucketsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AddPermissionCommand, SNSClient } from '@aws-sdk/client-sns';
import type { Logger } from '../../../src/shared/logger.js';
import { startTestEddy, testCredentials, type TestEddy } from '../../helpers/eddy.js';

const WHAT_WORKS = 'what Eddy serves is listed in docs/what-works.md';

describe('services and operations Eddy does not provide', () => {
  let eddy: TestEddy;
  const warnings: string[] = [];
  const logger: Logger = { info() {}, error() {}, debug() {}, warn: (m) => warnings.push(m) };
  const client = { region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 };
  let s3: S3Client;
  let sns: SNSClient;
  let events: EventBridgeClient;
  let lambda: LambdaClient;

  before(async () => {
    eddy = await startTestEddy({ log: logger });
    s3 = new S3Client({ ...client, endpoint: eddy.endpoint, forcePathStyle: true });
    sns = new SNSClient({ ...client, endpoint: eddy.endpoint });
    events = new EventBridgeClient({ ...client, endpoint: eddy.endpoint });
    lambda = new LambdaClient({ ...client, endpoint: eddy.endpoint });
  });
  after(async () => {
    for (const c of [s3, sns, events, lambda]) c.destroy();
    await eddy.stop();
  });

  /** The SDK's error for `send`: its name, HTTP status and message. */
  const failure = async (send: Promise<unknown>) => {
    const error = await send.then(
      () => assert.fail('expected an error'),
      (e: { name: string; message: string; $metadata: { httpStatusCode?: number; attempts?: number } }) => e,
    );
    return { name: error.name, status: error.$metadata.httpStatusCode, message: error.message, attempts: error.$metadata.attempts };
  };

  it('EventBridge global endpoints (JSON 1.1): UnknownOperationException naming the service and operation', async () => {
    const got = await failure(events.send(new ListEndpointsCommand({})));
    assert.deepEqual(got, { name: 'UnknownOperationException', status: 400, attempts: 1, message: `Eddy does not provide EventBridge ListEndpoints; ${WHAT_WORKS}.` });
  });

  it('DynamoDB Kinesis streaming destinations: UnknownOperationException naming the operation', async () => {
    const got = await failure(eddy.ddb.send(new DescribeKinesisStreamingDestinationCommand({ TableName: 't' })));
    assert.equal(got.name, 'UnknownOperationException');
    assert.equal(got.message, `Eddy does not provide DynamoDB DescribeKinesisStreamingDestination; ${WHAT_WORKS}.`);
  });

  it('Lambda PutFunctionConcurrency and CreateFunctionUrlConfig (REST JSON): named, with what Lambda operations are served', async () => {
    const concurrency = await failure(lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: 'f', ReservedConcurrentExecutions: 1 })));
    assert.deepEqual(concurrency, {
      name: 'UnknownOperationException',
      status: 404,
      attempts: 1,
      message: `Eddy does not provide Lambda PutFunctionConcurrency (Eddy serves functions, versions, aliases, tags, policies, invocations and event source mappings); ${WHAT_WORKS}.`,
    });
    const url = await failure(lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'f', AuthType: 'NONE' })));
    assert.match(url.message, /^Eddy does not provide Lambda CreateFunctionUrlConfig /);
  });

  it('S3 (REST XML): NotImplemented, not retried, for the bucket list and for objects', async () => {
    const list = await failure(s3.send(new ListBucketsCommand({})));
    assert.deepEqual(list, { name: 'NotImplemented', status: 501, attempts: 1, message: `Eddy does not provide S3 ListBuckets; ${WHAT_WORKS}.` });
    const get = await failure(s3.send(new GetObjectCommand({ Bucket: 'b', Key: 'k/1.txt' })));
    assert.equal(get.message, `Eddy does not provide S3 GetObject; ${WHAT_WORKS}.`);
    const put = await failure(s3.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: 'x' })));
    assert.equal(put.message, `Eddy does not provide S3 PutObject; ${WHAT_WORKS}.`);
  });

  it('SNS (query protocol): InvalidAction in XML the SDK parses', async () => {
    const permission = { TopicArn: 'arn:aws:sns:us-east-1:000000000000:t', Label: 'l', AWSAccountId: ['111122223333'], ActionName: ['Publish'] };
    const got = await failure(sns.send(new AddPermissionCommand(permission)));
    assert.deepEqual(got, { name: 'InvalidAction', status: 400, attempts: 1, message: `Eddy does not provide SNS AddPermission; ${WHAT_WORKS}.` });
  });

  it('SQS over the query protocol (SDKs before 2023): says that the JSON protocol is served', async () => {
    const res = await fetch(eddy.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        authorization: 'AWS4-HMAC-SHA256 Credential=AKIDTEST/20260101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=00',
      },
      body: 'Action=SendMessage&Version=2012-11-05&QueueUrl=x&MessageBody=m',
    });
    assert.equal(res.status, 400);
    const text = await res.text();
    assert.match(text, /<Code>InvalidAction<\/Code><Message>Eddy does not provide SQS SendMessage \(only over SQS&apos;s JSON protocol, which AWS SDKs released from 2023 on speak\); /);
  });

  it('logs one line per service and operation, however often it is asked', async () => {
    for (let i = 0; i < 3; i++) await failure(events.send(new ListEndpointsCommand({})));
    assert.equal(warnings.filter((line) => line.includes('EventBridge ListEndpoints')).length, 1);
    assert.equal(warnings.filter((line) => line.includes('S3 GetObject')).length, 1);
  });

  it('GET / without an S3 signature is still the health check', async () => {
    const res = await fetch(`${eddy.endpoint}/`);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /^healthy: dynamodb\./);
  });
});
