import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import {
  CreateEventSourceMappingCommand,
  DeleteEventSourceMappingCommand,
  GetEventSourceMappingCommand,
  LambdaClient,
  ListEventSourceMappingsCommand,
} from '@aws-sdk/client-lambda';
import { CreateQueueCommand, DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { startTestEddy, testCredentials, type TestEddy } from '../../helpers/eddy.js';

const config = fileURLToPath(new URL('./fixtures/eddy.config.ts', import.meta.url));

describe('queue triggers through the Lambda API', () => {
  let eddy: TestEddy;
  let lambda: LambdaClient;
  before(async () => {
    eddy = await startTestEddy({ config, triggers: { retryBaseMs: 5, retryMaxMs: 20 } });
    lambda = new LambdaClient({ endpoint: eddy.endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
  });
  after(async () => {
    lambda.destroy();
    await eddy.stop();
  });

  it('creates an SQS mapping with @aws-sdk/client-lambda; messages reach the function and are deleted', async () => {
    const { QueueUrl } = await eddy.sqs.send(new CreateQueueCommand({ QueueName: 'work' }));
    const created = await lambda.send(
      new CreateEventSourceMappingCommand({ FunctionName: 'queueRecorder', EventSourceArn: 'arn:aws:sqs:us-east-1:000000000000:work', BatchSize: 5 }),
    );
    assert.equal(created.BatchSize, 5);
    assert.equal(created.StartingPosition, undefined);
    assert.equal(created.EventSourceArn, 'arn:aws:sqs:us-east-1:000000000000:work');
    for (const body of ['one', 'two', 'three']) await eddy.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body }));
    const seenUrl = QueueUrl!.replace(/work$/, 'seen');
    const bodies: string[] = [];
    const deadline = Date.now() + 10_000;
    while (bodies.length < 3 && Date.now() < deadline) {
      const out = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: seenUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      for (const m of out.Messages ?? []) {
        const batch = JSON.parse(m.Body!) as { fn: string; arn: string; records: { event: string; pk: string }[] };
        assert.equal(batch.arn, 'arn:aws:sqs:us-east-1:000000000000:work');
        for (const r of batch.records) {
          assert.equal(r.event, 'aws:sqs');
          bodies.push(r.pk);
        }
        await eddy.sqs.send(new DeleteMessageCommand({ QueueUrl: seenUrl, ReceiptHandle: m.ReceiptHandle }));
      }
    }
    assert.deepEqual(bodies.sort(), ['one', 'three', 'two']);
    const left = async () => {
      const { Attributes } = await eddy.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
      );
      return Number(Attributes!.ApproximateNumberOfMessages) + Number(Attributes!.ApproximateNumberOfMessagesNotVisible);
    };
    const until = Date.now() + 5000;
    while ((await left()) > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(await left(), 0);
    assert.equal((await lambda.send(new GetEventSourceMappingCommand({ UUID: created.UUID }))).State, 'Enabled');
    const listed = await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: 'queueRecorder' }));
    assert.deepEqual(listed.EventSourceMappings!.map((m) => m.UUID), [created.UUID]);
    await lambda.send(new DeleteEventSourceMappingCommand({ UUID: created.UUID }));
  });

  it('refuses unknown queues and stream-only settings', async () => {
    await assert.rejects(
      lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'queueRecorder', EventSourceArn: 'arn:aws:sqs:us-east-1:000000000000:missing' })),
      { name: 'InvalidParameterValueException' },
    );
    await eddy.sqs.send(new CreateQueueCommand({ QueueName: 'strict' }));
    await assert.rejects(
      lambda.send(
        new CreateEventSourceMappingCommand({ FunctionName: 'queueRecorder', EventSourceArn: 'arn:aws:sqs:us-east-1:000000000000:strict', StartingPosition: 'LATEST' }),
      ),
      { name: 'InvalidParameterValueException' },
    );
  });
});
