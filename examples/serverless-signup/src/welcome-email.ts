/** Stream consumer of sign-ups (INSERT records only, by the event's filter): one welcome email each, queued in the outbox. */
import { GetQueueUrlCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { inOrder, type BatchResponse, type StreamEvent, type StreamRecord } from './lambda-types.js';
import { userFromImage } from './user.js';

const sqs = new SQSClient({});
let outboxUrl: Promise<string> | undefined;
const outbox = () => (outboxUrl ??= sqs.send(new GetQueueUrlCommand({ QueueName: process.env.OUTBOX_QUEUE })).then((r) => r.QueueUrl!));

async function send(record: StreamRecord): Promise<void> {
  const user = userFromImage(record.dynamodb.NewImage!);
  const email = {
    // The user id names the message, so a relay can drop the copy an at-least-once redelivery queues.
    messageId: `welcome-${user.id}`,
    from: process.env.MAIL_FROM,
    to: user.email,
    subject: `Welcome, ${user.name}!`,
    text: `Hello ${user.name},\n\nthank you for signing up${user.company ? ` for ${user.company}` : ''}.\n`,
  };
  await sqs.send(new SendMessageCommand({ QueueUrl: await outbox(), MessageBody: JSON.stringify(email) }));
}

export const handler = (event: StreamEvent): Promise<BatchResponse> => inOrder(event, send);
