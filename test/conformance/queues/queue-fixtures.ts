import { CreateQueueCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';

let counter = 0;

/** A queue name unique in this process (`.fifo` added for FIFO queues). */
export const uniqueQueue = (prefix: string, fifo = false): string => `${prefix}-${process.pid}-${++counter}${fifo ? '.fifo' : ''}`;

/** Creates a queue and returns its URL. */
export async function createQueue(sqs: SQSClient, name: string, attributes: Record<string, string> = {}): Promise<string> {
  const out = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  return out.QueueUrl!;
}

/** One ReceiveMessage with no wait; [] when nothing is there. */
export async function receive(sqs: SQSClient, QueueUrl: string, max = 10, more: { VisibilityTimeout?: number } = {}): Promise<Message[]> {
  const out = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: max, WaitTimeSeconds: 0, MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'], ...more }),
  );
  return out.Messages ?? [];
}

/** Asserts that `promise` rejects with an SDK error of this name and message (exact). */
export async function rejectsWith(promise: Promise<unknown>, name: string, message?: string | RegExp): Promise<void> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; message: string };
    if (e.name !== name) throw new Error(`expected ${name}, got ${e.name}: ${e.message}`);
    if (typeof message === 'string' && e.message !== message) throw new Error(`expected message ${JSON.stringify(message)}, got ${JSON.stringify(e.message)}`);
    if (message instanceof RegExp && !message.test(e.message)) throw new Error(`message ${JSON.stringify(e.message)} does not match ${message}`);
    return;
  }
  throw new Error(`expected ${name}, but the call succeeded`);
}
