import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreatePipeCommand, type PipesClient } from '@aws-sdk/client-pipes';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { ROLE, pipesClient, queue, streamTable } from './pipes-fixtures.js';

describe('Pipes runtime: a target that refuses records', () => {
  let eddy: TestEddy;
  let pipes: PipesClient;
  before(async () => {
    eddy = await startTestEddy({ triggers: { retryBaseMs: 5, retryMaxMs: 20 } });
    pipes = pipesClient(eddy.endpoint);
  });
  after(async () => {
    pipes.destroy();
    await eddy.stop();
  });

  it('retries up to MaximumRetryAttempts, then sends the failure record to DeadLetterConfig and goes on', async () => {
    const stream = await streamTable(eddy, 'Refused');
    // A FIFO queue takes no message without a group id: every delivery is refused.
    const fifoUrl = (await eddy.sqs.send(new CreateQueueCommand({ QueueName: 'refusing.fifo', Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true' } }))).QueueUrl!;
    const fifoArn = (await eddy.sqs.send(new GetQueueAttributesCommand({ QueueUrl: fifoUrl, AttributeNames: ['QueueArn'] }))).Attributes!['QueueArn']!;
    const dlq = await queue(eddy, 'pipe-dlq');
    await pipes.send(
      new CreatePipeCommand({
        Name: 'refused',
        Source: stream,
        SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'TRIM_HORIZON', MaximumRetryAttempts: 2, DeadLetterConfig: { Arn: dlq.arn } } },
        Target: fifoArn,
        RoleArn: ROLE,
      }),
    );
    await eddy.ddb.send(new PutItemCommand({ TableName: 'Refused', Item: { id: { S: 'r-1' } } }));
    const got = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq.url, WaitTimeSeconds: 10 }));
    const record = JSON.parse(got.Messages![0]!.Body!);
    assert.equal(record.requestContext.condition, 'RetryAttemptsExhausted');
    assert.equal(record.requestContext.approximateInvokeCount, 3);
    assert.equal(record.requestContext.functionArn, 'arn:aws:pipes:us-east-1:000000000000:pipe/refused');
    assert.equal(record.DDBStreamBatchInfo.batchSize, 1);
    assert.equal(record.DDBStreamBatchInfo.streamArn, stream);
    assert.equal((await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: fifoUrl, WaitTimeSeconds: 0 }))).Messages, undefined);
  });
});
