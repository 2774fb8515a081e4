import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreatePipeCommand, type PipesClient } from '@aws-sdk/client-pipes';
import { DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { eventually } from '../../helpers/eventually.js';
import { ROLE, pipesClient, queue } from './pipes-fixtures.js';

describe('Pipes runtime: a queue source', () => {
  let eddy: TestEddy;
  let pipes: PipesClient;
  before(async () => {
    eddy = await startTestEddy();
    pipes = pipesClient(eddy.endpoint);
  });
  after(async () => {
    pipes.destroy();
    await eddy.stop();
  });

  it('moves matching messages to the target through the template and deletes them from the source; others are deleted unsent', async () => {
    const source = await queue(eddy, 'pipe-source');
    const out = await queue(eddy, 'pipe-source-out');
    await pipes.send(
      new CreatePipeCommand({
        Name: 'queue-to-queue',
        Source: source.arn,
        SourceParameters: { SqsQueueParameters: { BatchSize: 5 }, FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ body: { kind: ['order'] } }) }] } },
        Target: out.arn,
        TargetParameters: { InputTemplate: '{"order": <$.body.id>, "from": <aws.pipes.source-arn>}' },
        RoleArn: ROLE,
      }),
    );
    await eddy.sqs.send(new SendMessageCommand({ QueueUrl: source.url, MessageBody: JSON.stringify({ kind: 'note', id: 'n-1' }) }));
    await eddy.sqs.send(new SendMessageCommand({ QueueUrl: source.url, MessageBody: JSON.stringify({ kind: 'order', id: 'o-1' }) }));
    const got = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: out.url, WaitTimeSeconds: 10 }));
    assert.deepEqual(JSON.parse(got.Messages![0]!.Body!), { order: 'o-1', from: source.arn });
    await eddy.sqs.send(new DeleteMessageCommand({ QueueUrl: out.url, ReceiptHandle: got.Messages![0]!.ReceiptHandle! }));
    await eventually('the source queue empty', async () => {
      const attributes = (await eddy.sqs.send(new GetQueueAttributesCommand({ QueueUrl: source.url, AttributeNames: ['All'] }))).Attributes!;
      return attributes['ApproximateNumberOfMessages'] === '0' && attributes['ApproximateNumberOfMessagesNotVisible'] === '0' ? true : undefined;
    });
    assert.equal((await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: out.url, WaitTimeSeconds: 0 }))).Messages, undefined, 'the note was filtered out');
  });
});
