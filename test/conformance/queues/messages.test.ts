import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  ChangeMessageVisibilityBatchCommand,
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { ManualClock } from '../../../src/shared/clock.js';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { createQueue, receive, rejectsWith, uniqueQueue } from './queue-fixtures.js';

const md5 = (data: string | Buffer) => createHash('md5').update(data).digest('hex');

/** MD5OfMessageAttributes as SQS documents it, built by hand for the test. */
function attributesMd5(attributes: Record<string, { DataType: string; StringValue?: string; BinaryValue?: Uint8Array }>): string {
  const parts: Buffer[] = [];
  const withLength = (bytes: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    parts.push(length, bytes);
  };
  for (const name of Object.keys(attributes).sort()) {
    const value = attributes[name]!;
    withLength(Buffer.from(name));
    withLength(Buffer.from(value.DataType));
    if (value.BinaryValue) {
      parts.push(Buffer.from([2]));
      withLength(Buffer.from(value.BinaryValue));
    } else {
      parts.push(Buffer.from([1]));
      withLength(Buffer.from(value.StringValue!));
    }
  }
  return md5(Buffer.concat(parts));
}

describe('SQS messages: send, receive, visibility, delete', () => {
  let eddy: TestEddy;
  const clock = new ManualClock(Date.UTC(2026, 6, 1, 12));
  before(async () => {
    eddy = await startTestEddy({ clock });
  });
  after(() => eddy.stop());

  it('sends and receives a message with attributes, MD5s and system attributes', async () => {
    const url = await createQueue(eddy.sqs, uniqueQueue('basic'));
    const MessageAttributes = {
      city: { DataType: 'String', StringValue: 'Zürich' },
      count: { DataType: 'Number', StringValue: '42' },
      blob: { DataType: 'Binary', BinaryValue: new Uint8Array([0, 1, 2, 255]) },
    };
    const sent = await eddy.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'héllo 👋', MessageAttributes }));
    assert.equal(sent.MD5OfMessageBody, md5('héllo 👋'));
    assert.equal(sent.MD5OfMessageAttributes, attributesMd5(MessageAttributes));
    assert.match(sent.MessageId!, /^[0-9a-f-]{36}$/);
    assert.equal(sent.SequenceNumber, undefined);
    clock.advance(1500);
    const [message] = await receive(eddy.sqs, url);
    assert.equal(message!.MessageId, sent.MessageId);
    assert.equal(message!.Body, 'héllo 👋');
    assert.equal(message!.MD5OfBody, md5('héllo 👋'));
    assert.equal(message!.MD5OfMessageAttributes, sent.MD5OfMessageAttributes);
    assert.deepEqual(message!.MessageAttributes!['blob']!.BinaryValue, new Uint8Array([0, 1, 2, 255]));
    assert.deepEqual(message!.MessageAttributes!['city'], { DataType: 'String', StringValue: 'Zürich' });
    assert.deepEqual(
      { ...message!.Attributes },
      {
        SenderId: '000000000000',
        SentTimestamp: String(clock.now() - 1500),
        ApproximateReceiveCount: '1',
        ApproximateFirstReceiveTimestamp: String(clock.now()),
      },
    );
  });

  it('returns only the message attributes asked for', async () => {
    const url = await createQueue(eddy.sqs, uniqueQueue('select'));
    await eddy.sqs.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: 'x',
        MessageAttributes: { 'a.one': { DataType: 'String', StringValue: '1' }, b: { DataType: 'String', StringValue: '2' } },
      }),
    );
    const out = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MessageAttributeNames: ['a.*'] }));
    const [message] = out.Messages!;
    assert.deepEqual(Object.keys(message!.MessageAttributes!), ['a.one']);
    assert.equal(message!.MD5OfMessageAttributes, attributesMd5({ 'a.one': { DataType: 'String', StringValue: '1' } }));
    assert.equal(message!.Attributes, undefined);
  });

  it('hides a received message for its visibility timeout, then delivers it again with a new receipt', async () => {
    const url = await createQueue(eddy.sqs, uniqueQueue('visibility'), { VisibilityTimeout: '30' });
    await eddy.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'again' }));
    const [first] = await receive(eddy.sqs, url);
    assert.deepEqual(await receive(eddy.sqs, url), []);
    clock.advance(29_999);
    assert.deepEqual(await receive(eddy.sqs, url), []);
    clock.advance(1);
    const [second] = await receive(eddy.sqs, url);
    assert.equal(second!.MessageId, first!.MessageId);
    assert.notEqual(second!.ReceiptHandle, first!.ReceiptHandle);
    assert.equal(second!.Attributes!.ApproximateReceiveCount, '2');
    assert.equal(second!.Attributes!.ApproximateFirstReceiveTimestamp, first!.Attributes!.ApproximateFirstReceiveTimestamp);
    // The first receipt is stale: deleting with it succeeds and deletes nothing.
    await eddy.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: first!.ReceiptHandle }));
    clock.advance(30_000);
    const [third] = await receive(eddy.sqs, url, 10, { VisibilityTimeout: 5 });
    assert.equal(third!.MessageId, first!.MessageId);
    await eddy.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: third!.ReceiptHandle }));
    clock.advance(5000);
    assert.deepEqual(await receive(eddy.sqs, url), []);
    // Deleting again succeeds.
    await eddy.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: third!.ReceiptHandle }));
  });

  it('changes the visibility of a message in flight; MessageNotInflight once it is visible', async () => {
    const url = await createQueue(eddy.sqs, uniqueQueue('change'));
    await eddy.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' }));
    const [message] = await receive(eddy.sqs, url);
    await eddy.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: message!.ReceiptHandle, VisibilityTimeout: 100 }));
    clock.advance(99_000);
    assert.deepEqual(await receive(eddy.sqs, url), []);
    await eddy.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: message!.ReceiptHandle, VisibilityTimeout: 0 }));
    const [again] = await receive(eddy.sqs, url);
    assert.equal(again!.MessageId, message!.MessageId);
    await eddy.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: again!.ReceiptHandle, VisibilityTimeout: 0 }));
    await rejectsWith(
      eddy.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: again!.ReceiptHandle, VisibilityTimeout: 10 })),
      'MessageNotInflight',
    );
  });

  it('delays messages by DelaySeconds or the queue default', async () => {
    const url = await createQueue(eddy.sqs, uniqueQueue('delay'), { DelaySeconds: '10' });
    await eddy.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'queue-delay' }));
    await eddy.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'no-delay', DelaySeconds: 0 }));
    await eddy.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'long-delay', DelaySeconds: 20 }));
    assert.deepEqual((await receive(eddy.sqs, url)).map((m) => m.Body), ['no-delay']);
    clock.advance(10_000);
    assert.deepEqual((await receive(eddy.sqs, url)).map((m) => m.Body), ['queue-delay']);
    clock.advance(10_000);
    assert.deepEqual((await receive(eddy.sqs, url)).map((m) => m.Body), ['long-delay']);
  });

  it('sends, deletes and changes visibility in batches, each entry on its own', async () => {
    const url = await createQueue(eddy.sqs, uniqueQueue('batch'), { MaximumMessageSize: '1024' });
    const sent = await eddy.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'a', MessageBody: 'one' },
          { Id: 'b', MessageBody: 'x'.repeat(1025) },
          { Id: 'c', MessageBody: 'three', DelaySeconds: 0 },
        ],
      }),
    );
    assert.deepEqual(sent.Successful!.map((s) => [s.Id, s.MD5OfMessageBody]), [['a', md5('one')], ['c', md5('three')]]);
    assert.equal(sent.Failed!.length, 1);
    assert.equal(sent.Failed![0]!.Id, 'b');
    assert.equal(sent.Failed![0]!.SenderFault, true);
    assert.equal(sent.Failed![0]!.Code, 'InvalidParameterValue');
    const messages = await receive(eddy.sqs, url);
    assert.deepEqual(messages.map((m) => m.Body), ['one', 'three']);
    const changed = await eddy.sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'one', ReceiptHandle: messages[0]!.ReceiptHandle, VisibilityTimeout: 0 },
          { Id: 'bad', ReceiptHandle: 'not-a-handle', VisibilityTimeout: 0 },
        ],
      }),
    );
    assert.deepEqual(changed.Successful!.map((s) => s.Id), ['one']);
    assert.deepEqual(changed.Failed!.map((f) => [f.Id, f.Code]), [['bad', 'ReceiptHandleIsInvalid']]);
    const deleted = await eddy.sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: url,
        Entries: messages.map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle })),
      }),
    );
    // "one" was made visible again but not received since: its receipt is still the latest and deletes it.
    assert.deepEqual(deleted.Successful!.map((s) => s.Id), ['d0', 'd1']);
    assert.deepEqual(deleted.Failed, []);
    assert.deepEqual(await receive(eddy.sqs, url), []);
  });

  it('refuses malformed batches as SQS does', async () => {
    const url = await createQueue(eddy.sqs, uniqueQueue('badbatch'));
    await rejectsWith(eddy.sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [] })), 'EmptyBatchRequest');
    const eleven = Array.from({ length: 11 }, (_, i) => ({ Id: `e${i}`, MessageBody: 'x' }));
    await rejectsWith(eddy.sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: eleven })), 'TooManyEntriesInBatchRequest');
    await rejectsWith(
      eddy.sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: 'same', MessageBody: 'a' }, { Id: 'same', MessageBody: 'b' }] })),
      'BatchEntryIdsNotDistinct',
    );
    await rejectsWith(eddy.sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: 'no spaces', MessageBody: 'a' }] })), 'InvalidBatchEntryId');
  });

  it('refuses bad receives, bodies, attributes and receipt handles', async () => {
    const url = await createQueue(eddy.sqs, uniqueQueue('bad'));
    await rejectsWith(
      eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 11 })),
      'InvalidParameterValue',
      'Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.',
    );
    await rejectsWith(eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 21 })), 'InvalidParameterValue');
    await rejectsWith(eddy.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'bad \u0000 char' })), 'InvalidMessageContents');
    await rejectsWith(
      eddy.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageAttributes: { 'AWS.reserved': { DataType: 'String', StringValue: 'v' } } })),
      'InvalidParameterValue',
    );
    await rejectsWith(
      eddy.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: 'garbage' })),
      'ReceiptHandleIsInvalid',
      'The input receipt handle "garbage" is not a valid receipt handle.',
    );
  });
});
