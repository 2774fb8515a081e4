import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { ManualClock } from '../../../src/shared/clock.js';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { createQueue, receive, rejectsWith, uniqueQueue } from './queue-fixtures.js';

describe('SQS FIFO queues', () => {
  let eddy: TestEddy;
  const clock = new ManualClock(Date.UTC(2026, 6, 1, 12));
  before(async () => {
    eddy = await startTestEddy({ clock });
  });
  after(() => eddy.stop());

  const fifoQueue = (prefix: string, more: Record<string, string> = {}) =>
    createQueue(eddy.sqs, uniqueQueue(prefix, true), { FifoQueue: 'true', ...more });

  it('keeps order within a group and locks the group while a message is in flight', async () => {
    const url = await fifoQueue('order', { ContentBasedDeduplication: 'true' });
    for (const [group, body] of [['g1', 'a1'], ['g2', 'b1'], ['g1', 'a2'], ['g2', 'b2'], ['g1', 'a3']]) {
      await eddy.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body, MessageGroupId: group }));
    }
    const first = await receive(eddy.sqs, url, 1);
    assert.deepEqual(first.map((m) => m.Body), ['a1']);
    assert.equal(first[0]!.Attributes!.MessageGroupId, 'g1');
    assert.match(first[0]!.Attributes!.SequenceNumber!, /^\d{20}$/);
    // g1 is locked while a1 is in flight: only g2's messages come, in order.
    assert.deepEqual((await receive(eddy.sqs, url, 10)).map((m) => m.Body), ['b1', 'b2']);
    assert.deepEqual(await receive(eddy.sqs, url, 10), []);
    await eddy.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: first[0]!.ReceiptHandle }));
    assert.deepEqual((await receive(eddy.sqs, url, 10)).map((m) => m.Body), ['a2', 'a3']);
  });

  it('redelivers a group from its head when a visibility timeout ends', async () => {
    const url = await fifoQueue('redeliver', { ContentBasedDeduplication: 'true', VisibilityTimeout: '10' });
    for (const body of ['1', '2', '3']) await eddy.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body, MessageGroupId: 'g' }));
    assert.deepEqual((await receive(eddy.sqs, url, 2)).map((m) => m.Body), ['1', '2']);
    assert.deepEqual(await receive(eddy.sqs, url, 10), []);
    clock.advance(10_000);
    const again = await receive(eddy.sqs, url, 10);
    assert.deepEqual(again.map((m) => [m.Body, m.Attributes!.ApproximateReceiveCount]), [['1', '2'], ['2', '2'], ['3', '1']]);
  });

  it('gives concurrent consumers each group in order, never two of a group at once', async () => {
    const url = await fifoQueue('concurrent', { ContentBasedDeduplication: 'true' });
    const groups = ['a', 'b', 'c', 'd'];
    for (let i = 0; i < 10; i++) {
      await eddy.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: url,
          Entries: groups.map((g) => ({ Id: `${g}${i}`, MessageBody: `${g}-${i}`, MessageGroupId: g })),
        }),
      );
    }
    const seen = new Map<string, number[]>();
    const consumer = async () => {
      for (;;) {
        const out = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 3, MessageSystemAttributeNames: ['MessageGroupId'] }));
        const messages = out.Messages ?? [];
        if (messages.length === 0) return;
        // Messages of one receive from the same group are consecutive in that group.
        for (const m of messages) {
          const [group, n] = m.Body!.split('-');
          const list = seen.get(group!) ?? [];
          list.push(Number(n));
          seen.set(group!, list);
        }
        await Promise.all(messages.map((m) => eddy.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle }))));
      }
    };
    await Promise.all([consumer(), consumer(), consumer(), consumer()]);
    for (const group of groups) assert.deepEqual(seen.get(group), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], `group ${group}`);
  });

  it('deduplicates by id within five minutes, answering the first message id', async () => {
    const url = await fifoQueue('dedup');
    const send = (body: string) =>
      eddy.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body, MessageGroupId: 'g', MessageDeduplicationId: 'same-id' }));
    const first = await send('first');
    clock.advance(4 * 60_000);
    const second = await send('second');
    assert.equal(second.MessageId, first.MessageId);
    assert.equal(second.SequenceNumber, first.SequenceNumber);
    clock.advance(60_000);
    const third = await send('third');
    assert.notEqual(third.MessageId, first.MessageId);
    const bodies = (await receive(eddy.sqs, url, 10)).map((m) => [m.Body, m.Attributes!.MessageDeduplicationId]);
    assert.deepEqual(bodies, [['first', 'same-id'], ['third', 'same-id']]);
  });

  it('deduplicates by content hash with ContentBasedDeduplication', async () => {
    const url = await fifoQueue('content', { ContentBasedDeduplication: 'true' });
    const a = await eddy.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'same', MessageGroupId: 'g1' }));
    const b = await eddy.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'same', MessageGroupId: 'g2' }));
    assert.equal(b.MessageId, a.MessageId);
    const [only] = await receive(eddy.sqs, url, 10);
    assert.equal(only!.Attributes!.MessageDeduplicationId, '0967115f2813a3541eaef77de9d9d5773f1c0c04314b0bbfe4ff3b3b1c55b5d5');
  });

  it('requires MessageGroupId, and a deduplication id without content-based deduplication', async () => {
    const url = await fifoQueue('required');
    await rejectsWith(eddy.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageDeduplicationId: 'd' })), 'MissingParameter');
    await rejectsWith(
      eddy.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageGroupId: 'g' })),
      'InvalidParameterValue',
      'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
    );
    await rejectsWith(
      eddy.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageGroupId: 'g', MessageDeduplicationId: 'd', DelaySeconds: 5 })),
      'InvalidParameterValue',
    );
  });
});
