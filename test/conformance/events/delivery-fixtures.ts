import { PutRuleCommand, PutTargetsCommand, type Target } from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand, type Message } from '@aws-sdk/client-sqs';
import type { TestEddy } from '../../helpers/eddy.js';
import { eventually } from '../../helpers/eventually.js';
import { uniqueName } from './events-fixtures.js';

export const queueArnOf = (name: string): string => `arn:aws:sqs:us-east-1:000000000000:${name}`;
export const functionArnOf = (name: string): string => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;

export interface TestQueue {
  readonly name: string;
  readonly url: string;
  readonly arn: string;
}

/** A new queue (a unique name from `prefix`; `.fifo` names get FIFO attributes with content-based deduplication unless given). */
export async function newQueue(eddy: TestEddy, prefix: string, attributes: Record<string, string> = {}): Promise<TestQueue> {
  const fifo = prefix.endsWith('.fifo');
  const name = fifo ? `${uniqueName(prefix.slice(0, -5))}.fifo` : uniqueName(prefix);
  const Attributes = fifo ? { FifoQueue: 'true', ContentBasedDeduplication: 'true', ...attributes } : attributes;
  const { QueueUrl } = await eddy.sqs.send(new CreateQueueCommand({ QueueName: name, Attributes }));
  return { name, url: QueueUrl!, arn: queueArnOf(name) };
}

/** A rule with `pattern` on `bus` (default bus when undefined) and these targets; returns its name. */
export async function newRule(eddy: TestEddy, bus: string | undefined, pattern: object, targets: Target[]): Promise<string> {
  const Name = uniqueName('rule');
  await eddy.events.send(new PutRuleCommand({ Name, EventBusName: bus, EventPattern: JSON.stringify(pattern) }));
  if (targets.length > 0) await eddy.events.send(new PutTargetsCommand({ Rule: Name, EventBusName: bus, Targets: targets }));
  return Name;
}

/** Waits until `count` messages have been received from the queue (each deleted once read), and returns them in arrival order. */
export async function receiveMessages(eddy: TestEddy, queue: TestQueue, count: number, timeoutMs = 20_000): Promise<Message[]> {
  const seen: Message[] = [];
  await eventually(
    `${count} messages on ${queue.name}`,
    async () => {
      const out = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.url, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'], AttributeNames: ['All'] }));
      for (const message of out.Messages ?? []) {
        seen.push(message);
        await eddy.sqs.send(new DeleteMessageCommand({ QueueUrl: queue.url, ReceiptHandle: message.ReceiptHandle }));
      }
      return seen.length >= count ? seen : undefined;
    },
    { timeoutMs },
  );
  return seen;
}

/** The messages on a queue now (none waited for), deleted once read. */
export async function drainMessages(eddy: TestEddy, queue: TestQueue): Promise<Message[]> {
  const messages: Message[] = [];
  for (;;) {
    const out = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.url, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'] }));
    if (!out.Messages?.length) return messages;
    for (const message of out.Messages) {
      messages.push(message);
      await eddy.sqs.send(new DeleteMessageCommand({ QueueUrl: queue.url, ReceiptHandle: message.ReceiptHandle }));
    }
  }
}
