// A SAM template's topic, raw queue subscription and HttpApi route, mapped into a config and run: Publish through
// the SNS client arrives on the queue as the bare message, and the route answers from the function.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetQueueUrlCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startEddy } from '../../main.js';

const TEMPLATE = `
Transform: AWS::Serverless-2016-10-31
Resources:
  Signups:
    Type: AWS::SNS::Topic
    Properties: { TopicName: signups }
  CrmSync:
    Type: AWS::SQS::Queue
    Properties: { QueueName: crm-sync }
  CrmSubscription:
    Type: AWS::SNS::Subscription
    Properties:
      TopicArn: !Ref Signups
      Protocol: sqs
      Endpoint: !GetAtt CrmSync.Arn
      RawMessageDelivery: true
  GetUser:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: ./src
      Handler: app.handler
      Runtime: nodejs20.x
      Events:
        Get:
          Type: HttpApi
          Properties: { Path: '/users/{id}', Method: get }
`;

const HANDLER = `export const handler = async (event) => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ id: event.pathParameters.id, route: event.routeKey }),
});
`;

describe('a SAM template with a topic, a raw queue subscription and an HttpApi route, run', () => {
  it('Publish reaches the queue as the bare message; the route answers from the function', async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'eddy-template-sns-')));
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'app.mjs'), HANDLER);
    writeFileSync(join(dir, 'template.yaml'), TEMPLATE);
    const eddy = await startEddy({ memory: true, port: 0, httpPort: 0, template: join(dir, 'template.yaml'), log: false });
    const credentials = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' };
    const sns = new SNSClient({ endpoint: eddy.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
    const sqs = new SQSClient({ endpoint: eddy.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
    try {
      await sns.send(new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:000000000000:signups', Message: '{"user":"ada"}' }));
      const queueUrl = (await sqs.send(new GetQueueUrlCommand({ QueueName: 'crm-sync' }))).QueueUrl!;
      // Publish commits the queue's copy before it answers (docs/what-works.md § Topics); the long poll is only a bound.
      const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 5 }));
      assert.deepEqual(received.Messages?.map((m) => m.Body), ['{"user":"ada"}']);

      assert.ok(eddy.httpEndpoint, 'the application port serves the template\'s routes');
      const res = await fetch(`${eddy.httpEndpoint}/users/42`);
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { id: '42', route: 'GET /users/{id}' });
    } finally {
      sns.destroy();
      sqs.destroy();
      await eddy.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
