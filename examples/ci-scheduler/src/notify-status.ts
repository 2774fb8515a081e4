import { createHash } from 'node:crypto';
import { GetQueueUrlCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { requiredEnv } from './environment.js';
import { stringAttribute, type DynamoDBStreamEvent } from './lambda-types.js';

const sqs = new SQSClient({});
let queueUrl: string | undefined;

/**
 * The jobs stream trigger, filtered to the one change that matters: a MODIFY from `active` to `passed` or
 * `failed`. (A later duplicate webhook also modifies a finished job, but its old image is not `active`, so
 * it never reaches this function.) Each notification goes to a FIFO queue: one message group per
 * repository keeps a repository's notifications in order, and the deduplication id (job + status) drops
 * a second send of the same notification when a batch is redelivered within SQS's five-minute window.
 */
export const handler = async (event: DynamoDBStreamEvent): Promise<void> => {
  queueUrl ??= (await sqs.send(new GetQueueUrlCommand({ QueueName: requiredEnv('NOTIFICATIONS_QUEUE') }))).QueueUrl!;
  // One at a time, in stream order: that order is what the message group keeps.
  for (const record of event.Records) {
    const image = record.dynamodb.NewImage;
    const notification = {
      jobId: stringAttribute(image, 'jobId'),
      repo: stringAttribute(image, 'repo'),
      sha: stringAttribute(image, 'sha'),
      status: stringAttribute(image, 'status'),
      summary: stringAttribute(image, 'summary'),
      finishedAt: stringAttribute(image, 'finishedAt'),
    };
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: JSON.stringify(notification),
        MessageGroupId: notification.repo!,
        MessageDeduplicationId: deduplicationId(`${notification.jobId}#${notification.status}`),
      }),
    );
    console.log(`notified ${notification.jobId} ${notification.status}`);
  }
};

/** SQS takes up to 128 characters here; a longer job id + status goes as its SHA-256. */
function deduplicationId(text: string): string {
  return text.length <= 128 ? text : createHash('sha256').update(text).digest('hex');
}
