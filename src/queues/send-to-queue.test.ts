import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defaultDeployment } from '../shared/arns.js';
import { ManualClock } from '../shared/clock.js';
import { openSqliteEngine } from '../storage/sqlite/sqlite-engine.js';
import { createQueue } from './operations/queue-lifecycle.js';
import { receiveMessage } from './operations/receive-message.js';
import { sendMessage } from './operations/send-message.js';
import { queueArn } from './queue-url.js';
import { QueueDoesNotExistError, SqsError } from './rules/sqs-errors.js';
import { sendManyToQueue, sendToQueue } from './send-to-queue.js';
import { testQueuesContext } from './fixtures/test-queues-context.js';

interface Received {
  MessageId: string;
  Body: string;
  MD5OfBody: string;
  MD5OfMessageAttributes?: string;
  Attributes?: Record<string, string>;
  MessageAttributes?: Record<string, unknown>;
}

describe('sendToQueue: other contexts sending to a queue', () => {
  const clock = new ManualClock();
  const engine = openSqliteEngine({ path: ':memory:', now: () => clock.now() });
  const ctx = testQueuesContext(engine.queues, clock);
  const urlOf = (name: string) => `http://127.0.0.1:4566/${defaultDeployment.account}/${name}`;
  const receive = async (name: string, more: Record<string, unknown> = {}): Promise<Received[]> => {
    const answer = (await receiveMessage(ctx, {
      QueueUrl: urlOf(name),
      MaxNumberOfMessages: 10,
      MessageSystemAttributeNames: ['All'],
      MessageAttributeNames: ['All'],
      ...more,
    })) as { Messages?: Received[] };
    return answer.Messages ?? [];
  };

  before(async () => {
    await createQueue(ctx, { QueueName: 'targets' });
    await createQueue(ctx, { QueueName: 'by-arn' });
    await createQueue(ctx, { QueueName: 'waited-on' });
    await createQueue(ctx, { QueueName: 'delayed' });
    await createQueue(ctx, { QueueName: 'many' });
    await createQueue(ctx, { QueueName: 'many.fifo', Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true' } });
    await createQueue(ctx, { QueueName: 'orders.fifo', Attributes: { FifoQueue: 'true' } });
    await createQueue(ctx, { QueueName: 'content.fifo', Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true' } });
  });
  after(async () => {
    ctx.waiters.close();
    ctx.moveTasks.close();
    await engine.close();
  });

  it('sends a body with message attributes, as SendMessage would: same MD5s, received alike', async () => {
    const attributes = {
      source: { DataType: 'String', StringValue: 'orders' },
      count: { DataType: 'Number', StringValue: '3' },
      raw: { DataType: 'Binary', BinaryValue: Buffer.from('bytes').toString('base64') },
    };
    const sent = await sendToQueue(ctx, { queueName: 'targets', body: '{"id":1}', attributes });
    const wire = (await sendMessage(ctx, { QueueUrl: urlOf('targets'), MessageBody: '{"id":1}', MessageAttributes: attributes })) as Record<string, string>;
    assert.equal(sent.md5OfBody, wire['MD5OfMessageBody']);
    assert.equal(sent.md5OfAttributes, wire['MD5OfMessageAttributes']);
    assert.equal(sent.sequenceNumber, undefined);
    const messages = await receive('targets');
    assert.deepEqual(messages.map((m) => m.MessageId), [sent.messageId, wire['MessageId']]);
    assert.equal(messages[0]!.Body, '{"id":1}');
    assert.equal(messages[0]!.MD5OfMessageAttributes, sent.md5OfAttributes);
    assert.deepEqual(messages[0]!.MessageAttributes, messages[1]!.MessageAttributes);
    assert.deepEqual(messages[0]!.MessageAttributes, attributes);
  });

  it("finds a queue by its ARN; a missing queue, or an ARN of another account or region, is QueueDoesNotExistError", async () => {
    const sent = await sendToQueue(ctx, { queueArn: queueArn(defaultDeployment, 'by-arn'), body: 'via arn' });
    assert.deepEqual((await receive('by-arn')).map((m) => [m.MessageId, m.Body]), [[sent.messageId, 'via arn']]);
    const missing = (error: unknown) => {
      assert.ok(error instanceof QueueDoesNotExistError);
      assert.equal(error.code, 'QueueDoesNotExist');
      assert.equal(error.message, 'The specified queue does not exist.');
      return true;
    };
    await assert.rejects(sendToQueue(ctx, { queueName: 'nowhere', body: 'x' }), missing);
    await assert.rejects(sendToQueue(ctx, { queueArn: queueArn(defaultDeployment, 'nowhere'), body: 'x' }), missing);
    await assert.rejects(sendToQueue(ctx, { queueArn: queueArn({ ...defaultDeployment, account: '111111111111' }, 'by-arn'), body: 'x' }), missing);
    await assert.rejects(sendToQueue(ctx, { queueArn: queueArn({ ...defaultDeployment, region: 'eu-west-1' }, 'by-arn'), body: 'x' }), missing);
    await assert.rejects(sendToQueue(ctx, { queueArn: 'not-an-arn', body: 'x' }), missing);
  });

  it("refuses a message the queue refuses, with SendMessage's error", async () => {
    const refused = (code: string, message: string) => (error: unknown) => {
      assert.ok(error instanceof SqsError && !(error instanceof QueueDoesNotExistError));
      assert.equal(error.code, code);
      assert.equal(error.message, message);
      return true;
    };
    await assert.rejects(
      sendToQueue(ctx, { queueName: 'targets', body: 'bad \u0000 character' }),
      refused('InvalidMessageContents', 'Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF'),
    );
    await assert.rejects(
      sendToQueue(ctx, { queueName: 'targets', body: 'x', attributes: { n: { DataType: 'Number', StringValue: 'many' } } }),
      refused('InvalidParameterValue', "Can't inspect the value of message (user) attribute 'n' as a number: 'many'."),
    );
    await assert.rejects(
      sendToQueue(ctx, { queueName: 'targets', body: 'x', deduplicationId: 'd-1' }),
      refused('InvalidParameterValue', 'Value d-1 for parameter MessageDeduplicationId is invalid. Reason: The request includes a parameter that is not valid for this queue type.'),
    );
    await assert.rejects(
      sendToQueue(ctx, { queueName: 'orders.fifo', body: 'x', deduplicationId: 'd-1' }),
      refused('MissingParameter', 'The request must contain the parameter MessageGroupId.'),
    );
    await assert.rejects(
      sendToQueue(ctx, { queueName: 'orders.fifo', body: 'x', groupId: 'g' }),
      refused('InvalidParameterValue', 'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly'),
    );
    assert.deepEqual(await receive('targets'), []);
    assert.deepEqual(await receive('orders.fifo'), []);
  });

  it('sends to a FIFO queue by group, in order, with sequence numbers; a deduplication id repeated within the window is one message', async () => {
    const first = await sendToQueue(ctx, { queueName: 'orders.fifo', body: 'first', groupId: 'customer-1', deduplicationId: 'o-1' });
    const second = await sendToQueue(ctx, { queueName: 'orders.fifo', body: 'second', groupId: 'customer-1', deduplicationId: 'o-2' });
    const again = await sendToQueue(ctx, { queueName: 'orders.fifo', body: 'first, again', groupId: 'customer-1', deduplicationId: 'o-1' });
    assert.equal(again.messageId, first.messageId);
    assert.ok(BigInt(first.sequenceNumber!) < BigInt(second.sequenceNumber!));
    const messages = await receive('orders.fifo');
    assert.deepEqual(
      messages.map((m) => [m.Body, m.Attributes!['MessageGroupId'], m.Attributes!['MessageDeduplicationId'], m.Attributes!['SequenceNumber']]),
      [
        ['first', 'customer-1', 'o-1', first.sequenceNumber],
        ['second', 'customer-1', 'o-2', second.sequenceNumber],
      ],
    );
  });

  it('deduplicates by content on a queue with ContentBasedDeduplication', async () => {
    const first = await sendToQueue(ctx, { queueName: 'content.fifo', body: '{"event":1}', groupId: 'g' });
    const same = await sendToQueue(ctx, { queueName: 'content.fifo', body: '{"event":1}', groupId: 'g' });
    const other = await sendToQueue(ctx, { queueName: 'content.fifo', body: '{"event":2}', groupId: 'g' });
    assert.equal(same.messageId, first.messageId);
    assert.notEqual(other.messageId, first.messageId);
    assert.deepEqual((await receive('content.fifo')).map((m) => m.Body), ['{"event":1}', '{"event":2}']);
  });

  it('delays a message on a standard queue by delaySeconds', async () => {
    await sendToQueue(ctx, { queueName: 'delayed', body: 'later', delaySeconds: 60 });
    assert.deepEqual(await receive('delayed'), []);
    clock.advance(60_000);
    assert.deepEqual((await receive('delayed')).map((m) => m.Body), ['later']);
  });

  it('sends several messages to one queue in order, each refused alone, as SendMessage would refuse it', async () => {
    const outcomes = await sendManyToQueue(ctx, { queueArn: queueArn(defaultDeployment, 'many') }, [
      { body: 'one' },
      { body: 'bad \u0000 character' },
      { body: 'two', attributes: { n: { DataType: 'Number', StringValue: '2' } } },
      { body: 'x', deduplicationId: 'd-1' },
      { body: 'three' },
    ]);
    assert.deepEqual(
      outcomes.map((outcome) => ('error' in outcome ? (outcome.error as SqsError).code : 'sent')),
      ['sent', 'InvalidMessageContents', 'sent', 'InvalidParameterValue', 'sent'],
    );
    const sent = outcomes.flatMap((outcome) => ('sent' in outcome ? [outcome.sent] : []));
    const messages = await receive('many');
    assert.deepEqual(messages.map((m) => [m.MessageId, m.Body, m.MD5OfBody]), sent.map((s, i) => [s.messageId, ['one', 'two', 'three'][i], s.md5OfBody]));
    assert.equal(messages[1]!.MD5OfMessageAttributes, sent[1]!.md5OfAttributes);

    // A FIFO queue: in order, with sequence numbers; a message repeating an earlier one of the call is that one.
    const fifo = await sendManyToQueue(ctx, { queueName: 'many.fifo' }, [
      { body: 'a', groupId: 'g' },
      { body: 'b', groupId: 'g' },
      { body: 'a', groupId: 'g' },
      { body: 'c' },
    ]);
    const [a, b, again, noGroup] = fifo;
    assert.ok(a && 'sent' in a && b && 'sent' in b && again && 'sent' in again);
    assert.equal(again.sent.messageId, a.sent.messageId);
    assert.ok(BigInt(a.sent.sequenceNumber!) < BigInt(b.sent.sequenceNumber!));
    assert.ok(noGroup && 'error' in noGroup && (noGroup.error as SqsError).code === 'MissingParameter');
    assert.deepEqual((await receive('many.fifo')).map((m) => m.Body), ['a', 'b']);

    await assert.rejects(sendManyToQueue(ctx, { queueName: 'nowhere' }, [{ body: 'x' }]), QueueDoesNotExistError);
  });

  it('wakes a long poll waiting on the queue', async () => {
    const waiting = receive('waited-on', { WaitTimeSeconds: 20 });
    const sent = await sendToQueue(ctx, { queueName: 'waited-on', body: 'wake up' });
    assert.deepEqual((await waiting).map((m) => m.MessageId), [sent.messageId]);
  });
});
