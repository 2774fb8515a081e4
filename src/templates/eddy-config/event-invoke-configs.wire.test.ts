import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetFunctionEventInvokeConfigCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetQueueUrlCommand, ReceiveMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { startTestEddy, testCredentials, type TestEddy } from '../../../test/helpers/eddy.js';
import { eventually } from '../../../test/helpers/eventually.js';

/** A function that always throws, invoked asynchronously: no retry, its record to one queue and the event itself to another. */
const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  Failures:
    Type: AWS::SQS::Queue
  Dlq:
    Type: AWS::SQS::Queue
  Charge:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.handler
      Runtime: nodejs20.x
      DeadLetterQueue: { Type: SQS, TargetArn: !GetAtt Dlq.Arn }
      EventInvokeConfig:
        MaximumRetryAttempts: 0
        DestinationConfig:
          OnFailure: { Type: SQS, Destination: !GetAtt Failures.Arn }
`;

describe('a template function invoked with InvocationType Event fails: its record and its dead letter arrive', () => {
  let dir: string;
  let eddy: TestEddy;
  let lambda: LambdaClient;
  let dead: Message | undefined;
  let requestId: string | undefined;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'eddy-template-async-wire-'));
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'app.mjs'), 'export const handler = async () => { throw new Error("card declined"); };\n');
    writeFileSync(join(dir, 'template.yaml'), TEMPLATE);
    eddy = await startTestEddy({ template: join(dir, 'template.yaml'), data: join(dir, '.eddy') });
    lambda = new LambdaClient({ endpoint: eddy.endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
  });
  after(async () => {
    lambda?.destroy();
    await eddy?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const receive = async (queue: string): Promise<Message> => {
    const { QueueUrl } = await eddy.sqs.send(new GetQueueUrlCommand({ QueueName: queue }));
    const messages = await eventually(`a message on ${queue}`, async () => (await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl, MessageAttributeNames: ['All'] }))).Messages, {
      accept: (received) => received !== undefined && received.length > 0,
    });
    return messages![0]!;
  };

  it('GetFunctionEventInvokeConfig answers the template\'s settings', async () => {
    const config = await lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'Charge' }));
    assert.equal(config.FunctionArn, 'arn:aws:lambda:us-east-1:000000000000:function:Charge:$LATEST');
    assert.equal(config.MaximumRetryAttempts, 0);
    assert.deepEqual(config.DestinationConfig, { OnSuccess: {}, OnFailure: { Destination: 'arn:aws:sqs:us-east-1:000000000000:Failures' } });
  });

  it('after its one attempt, the invocation record reaches the OnFailure queue and the event itself the dead-letter queue', async () => {
    const answer = await lambda.send(new InvokeCommand({ FunctionName: 'Charge', InvocationType: 'Event', Payload: JSON.stringify({ orderId: 7 }) }));
    assert.equal(answer.StatusCode, 202);
    const record = JSON.parse((await receive('Failures')).Body!);
    assert.equal(record.requestContext.condition, 'RetriesExhausted');
    assert.equal(record.requestContext.approximateInvokeCount, 1);
    assert.deepEqual(record.requestPayload, { orderId: 7 });
    assert.equal(record.responsePayload.errorMessage, 'card declined');
    dead = await receive('Dlq');
    requestId = record.requestContext.requestId;
    assert.equal(dead.Body, JSON.stringify({ orderId: 7 }));
  });

  it('the dead letter carries RequestID, ErrorCode and ErrorMessage', () => {
    assert.equal(dead?.MessageAttributes?.['RequestID']?.StringValue, requestId);
    assert.equal(dead?.MessageAttributes?.['ErrorCode']?.StringValue, '200');
    assert.equal(dead?.MessageAttributes?.['ErrorMessage']?.StringValue, 'card declined');
  });
});
