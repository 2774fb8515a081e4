import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreatePipeCommand, StartPipeCommand, StopPipeCommand, type PipesClient } from '@aws-sdk/client-pipes';
import { PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { untilReleased } from '../../helpers/consumer-position.js';
import { ROLE, busArn, pipesClient, queue, streamTable } from './pipes-fixtures.js';

describe('Pipes runtime: a DynamoDB stream to a bus or a queue', () => {
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

  /** Receives (and deletes) one message, waiting up to `seconds`; undefined when none came. */
  const receiveOne = async (url: string, seconds: number) => {
    const out = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: seconds, MaxNumberOfMessages: 1 }));
    const message = out.Messages?.[0];
    if (message) await eddy.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle! }));
    return message && JSON.parse(message.Body!);
  };
  const put = (table: string, id: string) => eddy.ddb.send(new PutItemCommand({ TableName: table, Item: { id: { S: id }, amount: { N: '12' } } }));

  it("puts each change on the bus with the pipe's Source and DetailType; StopPipe stops delivery and StartPipe resumes from the checkpoint", async () => {
    const stream = await streamTable(eddy, 'RuntimeOrders');
    const out = await queue(eddy, 'pipe-rule-out');
    await eddy.events.send(new PutRuleCommand({ Name: 'from-pipe', EventPattern: JSON.stringify({ source: ['shop.orders'] }) }));
    await eddy.events.send(new PutTargetsCommand({ Rule: 'from-pipe', Targets: [{ Id: 'q', Arn: out.arn }] }));
    await pipes.send(
      new CreatePipeCommand({
        Name: 'orders-to-bus',
        Source: stream,
        SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'TRIM_HORIZON', BatchSize: 10 } },
        Target: busArn('default'),
        TargetParameters: { EventBridgeEventBusParameters: { Source: 'shop.orders', DetailType: '$.eventName', Resources: ['$.eventSourceARN'] } },
        RoleArn: ROLE,
      }),
    );
    await put('RuntimeOrders', 'o-1');
    const first = await receiveOne(out.url, 10);
    assert.equal(first.source, 'shop.orders');
    assert.equal(first['detail-type'], 'INSERT');
    assert.deepEqual(first.resources, [stream]);
    assert.equal(first.detail.eventName, 'INSERT');
    assert.deepEqual(first.detail.dynamodb.NewImage, { id: { S: 'o-1' }, amount: { N: '12' } });
    assert.equal(first.detail.eventSourceARN, stream);

    const { Arn } = await pipes.send(new StopPipeCommand({ Name: 'orders-to-bus' }));
    // Its consumer stops in the background: until it has let its shard go, it could still deliver o-2.
    await untilReleased(eddy.endpoint, Arn!);
    await put('RuntimeOrders', 'o-2');
    assert.equal(await receiveOne(out.url, 1), undefined, 'a stopped pipe delivers nothing');

    await pipes.send(new StartPipeCommand({ Name: 'orders-to-bus' }));
    const resumed = await receiveOne(out.url, 10);
    assert.deepEqual(resumed.detail.dynamodb.Keys, { id: { S: 'o-2' } }, 'resumes after the checkpoint: o-1 is not delivered again');
    await put('RuntimeOrders', 'o-3');
    assert.deepEqual((await receiveOne(out.url, 10)).detail.dynamodb.Keys, { id: { S: 'o-3' } });
    assert.equal(await receiveOne(out.url, 0), undefined);

    // The admin API (`eddy mappings`) lists the pipe beside the mappings, with its shard's checkpoint.
    const { mappings } = (await (await fetch(`${eddy.endpoint}/_eddy/mappings`)).json()) as { mappings: any[] };
    const status = mappings.find((m) => m.functionName === 'pipe orders-to-bus');
    assert.equal(status.uuid, 'arn:aws:pipes:us-east-1:000000000000:pipe/orders-to-bus');
    assert.equal(status.kind, 'stream');
    assert.equal(status.sourceArn, stream);
    assert.equal(status.state, 'Enabled');
    assert.equal(status.target, 'bus default');
    assert.equal(status.enrichment, undefined);
    assert.equal(status.shards.length, 1);
    assert.ok(status.shards[0].checkpoint);
    assert.equal(status.shards[0].iteratorAgeMs, 0);
  });

  it('filters records with the pattern engine and renders InputTemplate per record onto a queue', async () => {
    const stream = await streamTable(eddy, 'RuntimeFiltered');
    const out = await queue(eddy, 'pipe-direct-out');
    await pipes.send(
      new CreatePipeCommand({
        Name: 'inserts-to-queue',
        Source: stream,
        SourceParameters: {
          DynamoDBStreamParameters: { StartingPosition: 'TRIM_HORIZON', BatchSize: 10 },
          FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ eventName: ['INSERT'] }) }] },
        },
        Target: out.arn,
        TargetParameters: { InputTemplate: '{"order": <$.dynamodb.Keys.id.S>, "amount": "<$.dynamodb.NewImage.amount.N>", "pipe": <aws.pipes.pipe-name>}' },
        RoleArn: ROLE,
      }),
    );
    await put('RuntimeFiltered', 'f-1');
    await eddy.ddb.send(new UpdateItemCommand({ TableName: 'RuntimeFiltered', Key: { id: { S: 'f-1' } }, UpdateExpression: 'SET amount = :t', ExpressionAttributeValues: { ':t': { N: '13' } } }));
    await put('RuntimeFiltered', 'f-2');
    assert.deepEqual(await receiveOne(out.url, 10), { order: 'f-1', amount: '12', pipe: 'inserts-to-queue' });
    assert.deepEqual(await receiveOne(out.url, 10), { order: 'f-2', amount: '12', pipe: 'inserts-to-queue' }, 'the MODIFY was filtered out');
    assert.equal(await receiveOne(out.url, 0), undefined);
  });

  it('puts records on a FIFO queue with MessageGroupId and MessageDeduplicationId read from each record', async () => {
    const stream = await streamTable(eddy, 'RuntimeFifo');
    const url = (await eddy.sqs.send(new CreateQueueCommand({ QueueName: 'pipe-out.fifo', Attributes: { FifoQueue: 'true' } }))).QueueUrl!;
    const arn = (await eddy.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }))).Attributes!['QueueArn']!;
    await pipes.send(
      new CreatePipeCommand({
        Name: 'to-fifo',
        Source: stream,
        SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'TRIM_HORIZON' } },
        Target: arn,
        TargetParameters: { SqsQueueParameters: { MessageGroupId: '$.dynamodb.Keys.id.S', MessageDeduplicationId: '$.eventID' } },
        RoleArn: ROLE,
      }),
    );
    await put('RuntimeFifo', 'g-1');
    const out = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 10, MessageSystemAttributeNames: ['MessageGroupId', 'MessageDeduplicationId'] }));
    const message = out.Messages![0]!;
    const body = JSON.parse(message.Body!);
    assert.equal(message.Attributes!['MessageGroupId'], 'g-1');
    assert.equal(message.Attributes!['MessageDeduplicationId'], body.eventID);
  });
});
