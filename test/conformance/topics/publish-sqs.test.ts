import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createVerify, X509Certificate } from 'node:crypto';
import { CreateTopicCommand, PublishBatchCommand, PublishCommand, SubscribeCommand, type SNSClient } from '@aws-sdk/client-sns';
import { CreateQueueCommand, ReceiveMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { eventually } from '../../helpers/eventually.js';
import { queueArnOf, rejectsWith, snsClient, uniqueName } from './topics-fixtures.js';

describe('SNS Publish to sqs subscriptions', () => {
  let eddy: TestEddy;
  let sns: SNSClient;
  before(async () => {
    eddy = await startTestEddy();
    sns = snsClient(eddy);
  });
  after(async () => {
    sns.destroy();
    await eddy.stop();
  });

  const newTopic = async (prefix: string, attributes?: Record<string, string>) => {
    const fifo = attributes?.['FifoTopic'] === 'true';
    return (await sns.send(new CreateTopicCommand({ Name: `${uniqueName(prefix)}${fifo ? '.fifo' : ''}`, ...(attributes && { Attributes: attributes }) }))).TopicArn!;
  };
  const newQueue = async (prefix: string, fifo = false) => {
    const name = `${uniqueName(prefix)}${fifo ? '.fifo' : ''}`;
    const { QueueUrl } = await eddy.sqs.send(new CreateQueueCommand({ QueueName: name, ...(fifo && { Attributes: { FifoQueue: 'true' } }) }));
    return { url: QueueUrl!, arn: queueArnOf(name) };
  };
  const subscribe = async (TopicArn: string, queueArn: string, Attributes?: Record<string, string>) =>
    (await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queueArn, ...(Attributes && { Attributes }) }))).SubscriptionArn!;
  /** Everything on the queue now (the copies are on it when Publish answers: no waiting). */
  const drain = async (url: string): Promise<Message[]> => {
    const all: Message[] = [];
    for (;;) {
      const { Messages } = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'], AttributeNames: ['All'] }));
      if (!Messages?.length) return all;
      all.push(...Messages);
    }
  };

  it('puts the signed Notification envelope on the queue before Publish answers; the signature verifies with the served certificate', async () => {
    const TopicArn = await newTopic('orders');
    const queue = await newQueue('q');
    const SubscriptionArn = await subscribe(TopicArn, queue.arn);
    const { MessageId } = await sns.send(new PublishCommand({ TopicArn, Message: 'order 42 shipped', Subject: 'opt', MessageAttributes: { kind: { DataType: 'String', StringValue: 'audit' } } }));
    assert.match(MessageId!, /^[0-9a-f-]{36}$/);
    const [received, ...more] = await drain(queue.url);
    assert.equal(more.length, 0);
    const envelope = JSON.parse(received!.Body!) as Record<string, string>;
    assert.deepEqual(Object.keys(envelope), [
      'Type', 'MessageId', 'TopicArn', 'Subject', 'Message', 'Timestamp', 'SignatureVersion', 'Signature', 'SigningCertURL', 'UnsubscribeURL', 'MessageAttributes',
    ]);
    assert.equal(envelope['Type'], 'Notification');
    assert.equal(envelope['MessageId'], MessageId);
    assert.equal(envelope['TopicArn'], TopicArn);
    assert.equal(envelope['Message'], 'order 42 shipped');
    assert.deepEqual(envelope['MessageAttributes'], { kind: { Type: 'String', Value: 'audit' } });
    assert.equal(envelope['UnsubscribeURL'], `${eddy.endpoint}/?Action=Unsubscribe&SubscriptionArn=${SubscriptionArn}`);
    assert.deepEqual(received!.MessageAttributes, undefined, 'no SQS attributes on an enveloped copy');
    // What SNS validators do: fetch SigningCertURL, rebuild the string to sign, verify.
    assert.ok(envelope['SigningCertURL']!.startsWith(`${eddy.endpoint}/_eddy/sns/SimpleNotificationService-`));
    const cert = await fetch(envelope['SigningCertURL']!);
    assert.equal(cert.status, 200);
    const x509 = new X509Certificate(await cert.text());
    const signed = ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'].map((key) => `${key}\n${envelope[key]}\n`).join('');
    assert.ok(createVerify('RSA-SHA1').update(signed).verify(x509.publicKey, envelope['Signature']!, 'base64'));
    assert.ok(!createVerify('RSA-SHA1').update(signed.replace('42', '43')).verify(x509.publicKey, envelope['Signature']!, 'base64'));
    assert.equal((await fetch(`${eddy.endpoint}/_eddy/sns/SimpleNotificationService-0.pem`)).status, 404);
  });

  it('raw delivery: the message as the body and its attributes as SQS message attributes (binary included)', async () => {
    const TopicArn = await newTopic('raw');
    const queue = await newQueue('raw');
    await subscribe(TopicArn, queue.arn, { RawMessageDelivery: 'true' });
    await sns.send(new PublishCommand({
      TopicArn, Message: '{"id":1}',
      MessageAttributes: { kind: { DataType: 'String', StringValue: 'audit' }, n: { DataType: 'Number', StringValue: '5' }, blob: { DataType: 'Binary', BinaryValue: Uint8Array.from([1, 2, 3]) } },
    }));
    const [received] = await drain(queue.url);
    assert.equal(received!.Body, '{"id":1}');
    assert.equal(received!.MessageAttributes?.['kind']?.StringValue, 'audit');
    assert.equal(received!.MessageAttributes?.['n']?.DataType, 'Number');
    assert.deepEqual([...(received!.MessageAttributes?.['blob']?.BinaryValue ?? [])], [1, 2, 3]);
  });

  it('filter policies on attributes and on the body decide who gets what; MessageStructure=json sends the sqs entry', async () => {
    const TopicArn = await newTopic('filtered');
    const [pro, free, eu, all] = await Promise.all(['pro', 'free', 'eu', 'all'].map((name) => newQueue(name)));
    await subscribe(TopicArn, pro!.arn, { FilterPolicy: '{"plan":["pro"]}', RawMessageDelivery: 'true' });
    await subscribe(TopicArn, free!.arn, { FilterPolicy: '{"plan":[{"anything-but":"pro"}]}', RawMessageDelivery: 'true' });
    await subscribe(TopicArn, eu!.arn, { FilterPolicy: '{"address":{"country":["DE","FR"]}}', FilterPolicyScope: 'MessageBody', RawMessageDelivery: 'true' });
    await subscribe(TopicArn, all!.arn, { RawMessageDelivery: 'true' });
    const plan = (value: string) => ({ plan: { DataType: 'String', StringValue: value } });
    await sns.send(new PublishCommand({ TopicArn, Message: '{"address":{"country":"DE"}}', MessageAttributes: plan('pro') }));
    await sns.send(new PublishCommand({ TopicArn, Message: '{"address":{"country":"US"}}', MessageAttributes: plan('basic') }));
    await sns.send(new PublishCommand({ TopicArn, Message: 'not json' }));
    await sns.send(new PublishCommand({ TopicArn, MessageStructure: 'json', Message: JSON.stringify({ default: 'for everyone', sqs: 'for queues', email: 'for mail' }) }));
    const bodies = async (queue: { url: string }) => (await drain(queue.url)).map((m) => m.Body).sort();
    assert.deepEqual(await bodies(pro!), ['{"address":{"country":"DE"}}']);
    assert.deepEqual(await bodies(free!), ['{"address":{"country":"US"}}'], 'anything-but needs the attribute');
    assert.deepEqual(await bodies(eu!), ['{"address":{"country":"DE"}}']);
    assert.deepEqual(await bodies(all!), ['for queues', 'not json', '{"address":{"country":"DE"}}', '{"address":{"country":"US"}}'].sort());
  });

  it('FIFO topic → FIFO queue: group order, sequence numbers, duplicates accepted but not delivered', async () => {
    const TopicArn = await newTopic('orders', { FifoTopic: 'true', ContentBasedDeduplication: 'true' });
    const queue = await newQueue('orders', true);
    await subscribe(TopicArn, queue.arn, { RawMessageDelivery: 'true' });
    const sent = [];
    for (const body of ['a', 'b', 'a', 'c']) sent.push(await sns.send(new PublishCommand({ TopicArn, Message: body, MessageGroupId: 'g1' })));
    assert.equal(sent[2]!.MessageId, sent[0]!.MessageId, 'a duplicate answers with the first id');
    assert.equal(sent[2]!.SequenceNumber, sent[0]!.SequenceNumber);
    const sequences = [sent[0], sent[1], sent[3]].map((s) => BigInt(s!.SequenceNumber!));
    assert.ok(sequences.every((n, i) => i === 0 || n > sequences[i - 1]!), 'sequence numbers grow');
    assert.match(sent[0]!.SequenceNumber!, /^\d{20}$/);
    const received = await drain(queue.url);
    assert.deepEqual(received.map((m) => m.Body), ['a', 'b', 'c']);
    assert.equal(received[0]!.Attributes?.['MessageGroupId'], 'g1');
    assert.equal(received[0]!.Attributes?.['MessageDeduplicationId'], 'ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb');
    // The FIFO envelope: SequenceNumber after MessageId, no signature fields (§E.4).
    const enveloped = await newQueue('enveloped', true);
    await subscribe(TopicArn, enveloped.arn);
    const { SequenceNumber } = await sns.send(new PublishCommand({ TopicArn, Message: 'd', MessageGroupId: 'g2' }));
    const envelope = JSON.parse((await drain(enveloped.url))[0]!.Body!) as Record<string, string>;
    assert.deepEqual(Object.keys(envelope), ['Type', 'MessageId', 'SequenceNumber', 'TopicArn', 'Message', 'Timestamp', 'UnsubscribeURL']);
    assert.equal(envelope['SequenceNumber'], SequenceNumber);
  });

  it('FIFO deduplication is per topic by default (the same body in another group is dropped [O]), per group with FifoThroughputScope=MessageGroup', async () => {
    const byTopic = await newTopic('scope-topic', { FifoTopic: 'true', ContentBasedDeduplication: 'true' });
    const byGroup = await newTopic('scope-group', { FifoTopic: 'true', ContentBasedDeduplication: 'true', FifoThroughputScope: 'MessageGroup' });
    const received: string[][] = [];
    for (const TopicArn of [byTopic, byGroup]) {
      // The queue deduplicates per group too, so what SNS lets through reaches it.
      const name = `${uniqueName('scope')}.fifo`;
      const Attributes = { FifoQueue: 'true', DeduplicationScope: 'messageGroup', FifoThroughputLimit: 'perMessageGroupId' };
      const queue = { url: (await eddy.sqs.send(new CreateQueueCommand({ QueueName: name, Attributes }))).QueueUrl!, arn: queueArnOf(name) };
      await subscribe(TopicArn, queue.arn, { RawMessageDelivery: 'true' });
      for (const MessageGroupId of ['g1', 'g2']) await sns.send(new PublishCommand({ TopicArn, Message: 'same', MessageGroupId }));
      received.push((await drain(queue.url)).map((m) => m.Attributes?.['MessageGroupId'] ?? ''));
    }
    assert.deepEqual(received, [['g1'], ['g1', 'g2']]);
  });

  it('PublishBatch: per-entry results; a bad entry fails the request with Publish’s text; batch errors', async () => {
    const TopicArn = await newTopic('batch');
    const queue = await newQueue('batch');
    await subscribe(TopicArn, queue.arn, { RawMessageDelivery: 'true' });
    const { Successful, Failed } = await sns.send(new PublishBatchCommand({ TopicArn, PublishBatchRequestEntries: [{ Id: 'a', Message: 'one' }, { Id: 'b', Message: 'two' }] }));
    assert.deepEqual(Successful?.map((s) => s.Id), ['a', 'b']);
    assert.ok(Successful?.every((s) => /^[0-9a-f-]{36}$/.test(s.MessageId!)));
    assert.deepEqual(Failed ?? [], []);
    assert.deepEqual((await drain(queue.url)).map((m) => m.Body).sort(), ['one', 'two']);
    await rejectsWith(sns.send(new PublishBatchCommand({ TopicArn, PublishBatchRequestEntries: [{ Id: 'a', Message: 'x' }, { Id: 'a', Message: 'y' }] })), 'BatchEntryIdsNotDistinctException', 400);
    await rejectsWith(sns.send(new PublishBatchCommand({ TopicArn, PublishBatchRequestEntries: [{ Id: 'a', Message: 'x' }, { Id: 'b', Message: '' }] })), 'InvalidParameterException', 400, 'Invalid parameter: Empty message');
    await rejectsWith(
      sns.send(new PublishBatchCommand({ TopicArn, PublishBatchRequestEntries: Array.from({ length: 11 }, (_, i) => ({ Id: `e${i}`, Message: 'x' })) })),
      'TooManyEntriesInBatchRequestException', 400, 'The batch request contains more entries than permissible.',
    );
    assert.deepEqual(await drain(queue.url), [], 'a refused batch delivers nothing');
  });

  it('a queue that does not exist, is a client error: the RedrivePolicy queue gets the copy; a raw copy with more than 10 attributes is dropped', async () => {
    const TopicArn = await newTopic('missing');
    const dlq = await newQueue('dlq');
    const redrive = { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn }) };
    await subscribe(TopicArn, queueArnOf(uniqueName('never-made')), redrive);
    const live = await newQueue('live');
    await subscribe(TopicArn, live.arn, { RawMessageDelivery: 'true', ...redrive });
    const { MessageId } = await sns.send(new PublishCommand({ TopicArn, Message: 'lost?' }));
    const enveloped = await eventually('the dead-lettered envelope', async () => {
      const found = await drain(dlq.url);
      return found.length > 0 ? found : undefined;
    });
    assert.equal(enveloped!.length, 1);
    const envelope = JSON.parse(enveloped![0]!.Body!) as Record<string, string>;
    assert.deepEqual([envelope['Type'], envelope['MessageId'], envelope['Message']], ['Notification', MessageId, 'lost?']);
    assert.deepEqual((await drain(live.url)).map((m) => m.Body), ['lost?']);
    // A raw copy with more than 10 attributes cannot be an SQS message (§E.4 [D]): a client error; its dead-letter copy
    // would be the same raw message, so it is dropped (logged). The other subscription's copy is dead-lettered as before.
    const eleven = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`a${i}`, { DataType: 'String', StringValue: String(i) }]));
    await sns.send(new PublishCommand({ TopicArn, Message: 'too many attributes', MessageAttributes: eleven }));
    const dead = await eventually('the dead-lettered envelope', async () => {
      const found = await drain(dlq.url);
      return found.length > 0 ? found : undefined;
    });
    await eddy.admin('/_eddy/topics/deliver'); // and the attempts under way have ended
    assert.deepEqual(dead!.map((m) => (JSON.parse(m.Body!) as { Message: string }).Message), ['too many attributes']);
    assert.deepEqual(await drain(live.url), [], 'the queue got nothing');
  });

  it('Publish errors: unknown topic, unknown TargetArn, empty message; a phone number is accepted and not sent', async () => {
    await rejectsWith(sns.send(new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:000000000000:nope', Message: 'x' })), 'NotFoundException', 404, 'Topic does not exist');
    await rejectsWith(
      sns.send(new PublishCommand({ TargetArn: 'arn:aws:sns:us-east-1:000000000000:nope', Message: 'x' })),
      'InvalidParameterException', 400, 'Invalid parameter: TargetArn Reason: No endpoint found for the target arn specified',
    );
    const TopicArn = await newTopic('errors');
    await rejectsWith(sns.send(new PublishCommand({ TopicArn, Message: '' })), 'InvalidParameterException', 400, 'Invalid parameter: Empty message');
    assert.ok((await sns.send(new PublishCommand({ TargetArn: TopicArn, Message: 'by target' }))).MessageId);
    assert.ok((await sns.send(new PublishCommand({ PhoneNumber: '+15555550123', Message: 'hi' }))).MessageId);
  });
});
