import { awsJson, type CorpusEntry, type FuzzRequest, type LiveState } from './fuzz-request.js';
import { entryMarker, marker } from './markers.js';

/**
 * A valid request of every SQS operation (src/api/sqs-service.ts). Messages go to `jobs`, `jobs-dlq`
 * and `jobs.fifo`, whose visibility timeout is 0, so the final receive sees every one; deletes,
 * purges and visibility changes touch `scratch` only, whose one message carries no marker.
 */

const sqs = (operation: string, json: unknown, accepts?: FuzzRequest['accepts']): FuzzRequest => awsJson(`AmazonSQS.${operation}`, json, accepts);
const url = (live: LiveState, name: string) => `${live.endpoint}/${live.account}/${name}`;
const arn = (live: LiveState, name: string) => `arn:aws:sqs:${live.region}:${live.account}:${name}`;
const policy = (m: string) => JSON.stringify({ Version: '2012-10-17', Id: m, Statement: [] });

const attributes = (m: string) => ({
  text: { DataType: 'String', StringValue: m },
  bytes: { DataType: 'Binary', BinaryValue: Buffer.from(m).toString('base64') },
  count: { DataType: 'Number.int', StringValue: '-12.5e3' },
});

const entry = (n: number, i: number, fifo: boolean) => ({
  Id: `e${i}`,
  MessageBody: `${entryMarker(n, i)} ✓`,
  MessageAttributes: attributes(entryMarker(n, i)),
  ...(fifo ? { MessageGroupId: entryMarker(n, i), MessageDeduplicationId: entryMarker(n, i) } : { DelaySeconds: 0 }),
});

export const sqsCorpus: readonly CorpusEntry[] = [
  {
    name: 'SQS CreateQueue',
    build: (n, live) => sqs('CreateQueue', {
      QueueName: marker(n),
      Attributes: {
        VisibilityTimeout: '0',
        DelaySeconds: '0',
        Policy: policy(marker(n)),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arn(live, 'jobs-dlq'), maxReceiveCount: 5 }),
      },
      tags: { marker: marker(n) },
    }),
  },
  {
    name: 'SQS CreateQueue (FIFO)',
    build: (n) => sqs('CreateQueue', {
      QueueName: `${marker(n)}.fifo`,
      Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true', DeduplicationScope: 'messageGroup', FifoThroughputLimit: 'perMessageGroupId', VisibilityTimeout: '0' },
    }),
  },
  { name: 'SQS GetQueueUrl', build: (_n, live) => sqs('GetQueueUrl', { QueueName: 'jobs', QueueOwnerAWSAccountId: live.account }) },
  { name: 'SQS ListQueues', build: () => sqs('ListQueues', { QueueNamePrefix: 'jobs', MaxResults: 2, NextToken: Buffer.from(JSON.stringify({ after: 'a' })).toString('base64url') }) },
  { name: 'SQS DeleteQueue', build: (n, live) => sqs('DeleteQueue', { QueueUrl: live.createdQueues.pop() ?? url(live, `gone-${n}`) }) },
  {
    name: 'SQS GetQueueAttributes',
    build: (_n, live) => sqs('GetQueueAttributes', { QueueUrl: url(live, 'jobs'), AttributeNames: ['All', 'RedrivePolicy'] }),
  },
  {
    name: 'SQS SetQueueAttributes',
    build: (n, live) => sqs('SetQueueAttributes', { QueueUrl: url(live, 'scratch'), Attributes: { Policy: policy(marker(n)), MaximumMessageSize: '2048' } }),
  },
  { name: 'SQS PurgeQueue', build: (_n, live) => sqs('PurgeQueue', { QueueUrl: url(live, 'scratch') }) },
  { name: 'SQS TagQueue', build: (n, live) => sqs('TagQueue', { QueueUrl: url(live, 'scratch'), Tags: { [marker(n)]: marker(n) } }) },
  { name: 'SQS UntagQueue', build: (n, live) => sqs('UntagQueue', { QueueUrl: url(live, 'scratch'), TagKeys: [marker(n)] }) },
  { name: 'SQS ListQueueTags', build: (_n, live) => sqs('ListQueueTags', { QueueUrl: url(live, 'scratch') }) },
  {
    name: 'SQS SendMessage',
    build: (n, live) => sqs('SendMessage', {
      QueueUrl: url(live, 'jobs'),
      MessageBody: `${marker(n)} ✓ body`,
      DelaySeconds: 0,
      MessageAttributes: attributes(marker(n)),
      MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: 'Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1' } },
    }),
  },
  {
    name: 'SQS SendMessage (FIFO)',
    build: (n, live) => sqs('SendMessage', { QueueUrl: url(live, 'jobs.fifo'), MessageBody: marker(n), MessageGroupId: marker(n), MessageDeduplicationId: marker(n) }),
  },
  {
    name: 'SQS SendMessageBatch',
    build: (n, live) => sqs('SendMessageBatch', { QueueUrl: url(live, 'jobs-dlq'), Entries: [0, 1, 2].map((i) => entry(n, i, false)) }, 'successful-entries'),
  },
  {
    name: 'SQS SendMessageBatch (FIFO)',
    build: (n, live) => sqs('SendMessageBatch', { QueueUrl: url(live, 'jobs.fifo'), Entries: [0, 1].map((i) => entry(n, i, true)) }, 'successful-entries'),
  },
  {
    name: 'SQS ReceiveMessage',
    build: (_n, live) => sqs('ReceiveMessage', {
      QueueUrl: url(live, 'jobs'),
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 0,
      VisibilityTimeout: 0,
      MessageAttributeNames: ['All'],
      MessageSystemAttributeNames: ['All'],
      AttributeNames: ['ApproximateReceiveCount'],
    }),
  },
  {
    name: 'SQS ReceiveMessage (FIFO)',
    build: (n, live) => sqs('ReceiveMessage', { QueueUrl: url(live, 'jobs.fifo'), MaxNumberOfMessages: 3, VisibilityTimeout: 0, ReceiveRequestAttemptId: marker(n) }),
  },
  { name: 'SQS DeleteMessage', build: (_n, live) => sqs('DeleteMessage', { QueueUrl: url(live, 'scratch'), ReceiptHandle: live.scratchReceipt }) },
  {
    name: 'SQS DeleteMessageBatch',
    build: (_n, live) => sqs('DeleteMessageBatch', {
      QueueUrl: url(live, 'scratch'),
      Entries: [{ Id: 'a', ReceiptHandle: live.scratchReceipt }, { Id: 'b', ReceiptHandle: 'not-a-handle' }],
    }),
  },
  {
    name: 'SQS ChangeMessageVisibility',
    build: (_n, live) => sqs('ChangeMessageVisibility', { QueueUrl: url(live, 'scratch'), ReceiptHandle: live.scratchReceipt, VisibilityTimeout: 0 }),
  },
  {
    name: 'SQS ChangeMessageVisibilityBatch',
    build: (_n, live) => sqs('ChangeMessageVisibilityBatch', {
      QueueUrl: url(live, 'scratch'),
      Entries: [{ Id: 'a', ReceiptHandle: live.scratchReceipt, VisibilityTimeout: 0 }, { Id: 'b', ReceiptHandle: 'x', VisibilityTimeout: 1 }],
    }),
  },
  { name: 'SQS ListDeadLetterSourceQueues', build: (_n, live) => sqs('ListDeadLetterSourceQueues', { QueueUrl: url(live, 'jobs-dlq'), MaxResults: 5 }) },
  {
    name: 'SQS StartMessageMoveTask',
    build: (_n, live) => sqs('StartMessageMoveTask', { SourceArn: arn(live, 'jobs-dlq'), DestinationArn: arn(live, 'jobs'), MaxNumberOfMessagesPerSecond: 500 }),
  },
  { name: 'SQS ListMessageMoveTasks', build: (_n, live) => sqs('ListMessageMoveTasks', { SourceArn: arn(live, 'jobs-dlq'), MaxResults: 10 }) },
  { name: 'SQS CancelMessageMoveTask', build: (_n, live) => sqs('CancelMessageMoveTask', { TaskHandle: live.moveTaskHandle }) },
];
