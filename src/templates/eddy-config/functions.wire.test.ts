import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetQueueUrlCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { startTestEddy, testCredentials, type TestEddy } from '../../../test/helpers/eddy.js';
import { eventually } from '../../../test/helpers/eventually.js';
import { needsBoto3 } from '../../../test/helpers/other-clients.js';

/** A SAM template as its users write it: a table's stream → a Python function (boto3) → a queue; inline Node.js functions. */
const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  Orders:
    Type: AWS::DynamoDB::Table
    Properties:
      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
      KeySchema: [{ AttributeName: id, KeyType: HASH }]
      StreamSpecification: { StreamViewType: NEW_IMAGE }
  Out:
    Type: AWS::SQS::Queue
  Processor:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.handler
      Runtime: python3.12
      AutoPublishAlias: live
      Environment:
        Variables:
          OUT_QUEUE: !GetAtt Out.QueueName
      Events:
        NewOrders:
          Type: DynamoDB
          Properties:
            Stream: !GetAtt Orders.StreamArn
            StartingPosition: TRIM_HORIZON
            FilterCriteria:
              Filters:
                - Pattern: '{"dynamodb": {"NewImage": {"status": {"S": ["new"]}}}}'
  CommonJs:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      Code:
        ZipFile: |
          exports.handler = async (event) => ({ style: 'commonjs', got: event });
  EsModule:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      Code:
        ZipFile: |
          export const handler = async (event) => ({ style: 'esm', got: event });
`;

const PYTHON = `import json, os
import boto3

sqs = boto3.client('sqs')


def handler(event, context):
    url = sqs.get_queue_url(QueueName=os.environ['OUT_QUEUE'])['QueueUrl']
    for record in event['Records']:
        sqs.send_message(QueueUrl=url, MessageBody=json.dumps({'event': record['eventName'], 'id': record['dynamodb']['Keys']['id']['S'], 'fn': context.function_name}))
`;

describe('a SAM template mapped to a config runs: a stream event reaches a Python handler, inline Node.js code answers', { skip: needsBoto3 }, () => {
  let dir: string;
  let eddy: TestEddy;
  let lambda: LambdaClient;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'eddy-template-functions-wire-'));
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'app.py'), PYTHON);
    writeFileSync(join(dir, 'template.yaml'), TEMPLATE);
    eddy = await startTestEddy({ template: join(dir, 'template.yaml'), data: join(dir, '.eddy') });
    lambda = new LambdaClient({ endpoint: eddy.endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
  });
  after(async () => {
    lambda?.destroy();
    await eddy?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('PutItem of a matching item reaches the handler through the filtered stream mapping; the other does not', async () => {
    await eddy.ddb.send(new PutItemCommand({ TableName: 'Orders', Item: { id: { S: 'o-1' }, status: { S: 'draft' } } }));
    await eddy.ddb.send(new PutItemCommand({ TableName: 'Orders', Item: { id: { S: 'o-2' }, status: { S: 'new' } } }));
    const { QueueUrl } = await eddy.sqs.send(new GetQueueUrlCommand({ QueueName: 'Out' }));
    const messages = await eventually('the handler\'s message on Out', async () => (await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }))).Messages, {
      accept: (received) => received !== undefined && received.length > 0,
      timeoutMs: 30_000,
    });
    assert.deepEqual(messages!.map((message) => JSON.parse(message.Body!)), [{ event: 'INSERT', id: 'o-2', fn: 'Processor' }]);
  });

  it('Code.ZipFile runs as written, in CommonJS and in ES module syntax', async () => {
    for (const [name, style] of [['CommonJs', 'commonjs'], ['EsModule', 'esm']]) {
      const answer = await lambda.send(new InvokeCommand({ FunctionName: name, Payload: JSON.stringify({ n: 1 }) }));
      assert.equal(answer.FunctionError, undefined, Buffer.from(answer.Payload!).toString());
      assert.deepEqual(JSON.parse(Buffer.from(answer.Payload!).toString()), { style, got: { n: 1 } });
    }
  });
});
