// A CloudFormation template's bus, rule (InputPath to a queue) and pipe (queue → bus), mapped into a config and
// run: PutEvents through the EventBridge client reaches the queue as the event's detail, and a message sent to
// the pipe's source queue comes through the pipe and the rule the same way.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetQueueUrlCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { startTestEddy } from '../../../test/helpers/eddy.js';

const TEMPLATE = `
Resources:
  AppBus:
    Type: AWS::Events::EventBus
    Properties: { Name: app }
  Incoming:
    Type: AWS::SQS::Queue
    Properties: { QueueName: incoming }
  Out:
    Type: AWS::SQS::Queue
    Properties: { QueueName: out }
  ShopEvents:
    Type: AWS::Events::Rule
    Properties:
      EventBusName: !Ref AppBus
      EventPattern: { source: [shop], detail: { id: [{ prefix: 'OID#' }] } }
      Targets:
        - Id: out
          Arn: !GetAtt Out.Arn
          InputPath: $.detail
  IncomingToBus:
    Type: AWS::Pipes::Pipe
    Properties:
      RoleArn: arn:aws:iam::000000000000:role/pipes
      Source: !GetAtt Incoming.Arn
      SourceParameters: { SqsQueueParameters: { BatchSize: 1 } }
      Target: !GetAtt AppBus.Arn
      TargetParameters:
        InputTemplate: '{"id": "<$.body>", "via": "pipe"}'
        EventBridgeEventBusParameters: { Source: shop, DetailType: Forwarded }
`;

describe('a template with a bus, a rule and a pipe, run', () => {
  it('PutEvents and a message through the pipe reach the queue as the rule transforms them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eddy-template-bus-'));
    writeFileSync(join(dir, 'template.yaml'), TEMPLATE);
    const eddy = await startTestEddy({ template: join(dir, 'template.yaml') });
    assert.deepEqual(eddy.config?.template?.notices, []);
    try {
      const put = await eddy.events.send(
        new PutEventsCommand({
          Entries: [
            { EventBusName: 'app', Source: 'shop', DetailType: 'OrderPlaced', Detail: '{"id":"OID#1","total":5}' },
            { EventBusName: 'app', Source: 'shop', DetailType: 'UserSignedUp', Detail: '{"id":"UID#1"}' },
          ],
        }),
      );
      assert.equal(put.FailedEntryCount, 0);
      const out = (await eddy.sqs.send(new GetQueueUrlCommand({ QueueName: 'out' }))).QueueUrl!;
      const first = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: out, WaitTimeSeconds: 5, MaxNumberOfMessages: 10 }));
      assert.deepEqual(first.Messages?.map((m) => JSON.parse(m.Body!)), [{ id: 'OID#1', total: 5 }]);

      const incoming = (await eddy.sqs.send(new GetQueueUrlCommand({ QueueName: 'incoming' }))).QueueUrl!;
      await eddy.sqs.send(new SendMessageCommand({ QueueUrl: incoming, MessageBody: 'OID#2' }));
      await eddy.sqs.send(new SendMessageCommand({ QueueUrl: incoming, MessageBody: 'UID#2' }));
      // The pipe polls its source; the long poll waits for the message the rule lets through.
      const piped = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: out, WaitTimeSeconds: 10, MaxNumberOfMessages: 10 }));
      assert.deepEqual(piped.Messages?.map((m) => JSON.parse(m.Body!)), [{ id: 'OID#2', via: 'pipe' }]);
    } finally {
      await eddy.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
