import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateTopicCommand, GetSubscriptionAttributesCommand, PublishCommand, SubscribeCommand, type SNSClient } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueUrlCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { ManualClock } from '../../../src/shared/clock.js';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { eventually } from '../../helpers/eventually.js';
import { startEndpoint, type TestEndpoint } from '../events/http-endpoint.js';
import { queueArnOf, snsClient, uniqueName } from './topics-fixtures.js';

/** The recorder function sends the event it got to the queue bus-seen. */
const config = fileURLToPath(new URL('../events/fixtures/bus.config.json', import.meta.url));

describe('SNS delivery to http, lambda and email subscriptions', () => {
  let eddy: TestEddy;
  let sns: SNSClient;
  let endpoint: TestEndpoint;
  const clock = new ManualClock(Date.UTC(2026, 6, 1, 12));
  const data = mkdtempSync(join(tmpdir(), 'eddy-sns-'));
  /** Which notification POSTs fail (by body text), with which status. */
  const failing = new Map<string, number>();
  before(async () => {
    eddy = await startTestEddy({ clock, config, data });
    sns = snsClient(eddy);
    endpoint = await startEndpoint((request) => {
      const message = request.headers['x-amz-sns-message-type'] === 'Notification' ? (JSON.parse(request.body) as { Message: string }).Message : '';
      return { status: failing.get(message) ?? 200 };
    });
  });
  after(async () => {
    sns.destroy();
    await endpoint.close();
    await eddy.stop();
    rmSync(data, { recursive: true, force: true });
  });

  const newTopic = async (prefix: string) => (await sns.send(new CreateTopicCommand({ Name: uniqueName(prefix) }))).TopicArn!;
  /** An http subscription confirmed the way a user does: the SubscriptionConfirmation POST arrives, its SubscribeURL is visited. */
  const confirmedHttp = async (TopicArn: string, path: string, Attributes?: Record<string, string>) => {
    const before = endpoint.requests.length;
    const { SubscriptionArn } = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'http', Endpoint: `${endpoint.url}${path}`, ReturnSubscriptionArn: true, ...(Attributes && { Attributes }) }));
    const [confirmation] = (await endpoint.received(before + 1)).slice(before);
    const visited = await fetch((JSON.parse(confirmation!.body) as { SubscribeURL: string }).SubscribeURL);
    assert.equal(visited.status, 200);
    return { SubscriptionArn: SubscriptionArn!, confirmation: confirmation! };
  };

  it('http: the SubscriptionConfirmation POST, its SubscribeURL confirms, then notifications with SNS headers', async () => {
    const TopicArn = await newTopic('hooks');
    const { SubscriptionArn, confirmation } = await confirmedHttp(TopicArn, '/new-user');
    assert.equal(confirmation.method, 'POST');
    assert.equal(confirmation.url, '/new-user');
    assert.equal(confirmation.headers['x-amz-sns-message-type'], 'SubscriptionConfirmation');
    assert.equal(confirmation.headers['x-amz-sns-topic-arn'], TopicArn);
    assert.equal(confirmation.headers['x-amz-sns-subscription-arn'], undefined);
    const document = JSON.parse(confirmation.body) as Record<string, string>;
    assert.deepEqual(Object.keys(document), ['Type', 'MessageId', 'Token', 'TopicArn', 'Message', 'SubscribeURL', 'Timestamp', 'SignatureVersion', 'Signature', 'SigningCertURL']);
    const { Attributes } = await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }));
    assert.equal(Attributes?.['PendingConfirmation'], 'false');
    const count = endpoint.requests.length;
    const { MessageId } = await sns.send(new PublishCommand({ TopicArn, Message: 'welcome', Subject: 'hi' }));
    const [notification] = (await endpoint.received(count + 1)).slice(count);
    assert.equal(notification!.headers['x-amz-sns-message-type'], 'Notification');
    assert.equal(notification!.headers['x-amz-sns-message-id'], MessageId);
    assert.equal(notification!.headers['x-amz-sns-topic-arn'], TopicArn);
    assert.equal(notification!.headers['x-amz-sns-subscription-arn'], SubscriptionArn);
    assert.equal(notification!.headers['content-type'], 'text/plain; charset=UTF-8');
    assert.equal(notification!.headers['user-agent'], 'Amazon Simple Notification Service Agent');
    const envelope = JSON.parse(notification!.body) as Record<string, string>;
    assert.deepEqual([envelope['Type'], envelope['Message'], envelope['Subject'], envelope['MessageId']], ['Notification', 'welcome', 'hi', MessageId]);
    // MessageStructure=json: the http entry for http subscriptions (§E.4).
    await sns.send(new PublishCommand({ TopicArn, MessageStructure: 'json', Message: JSON.stringify({ default: 'anyone', http: 'for http', sqs: 'for queues' }) }));
    const [structured] = (await endpoint.received(count + 2)).slice(count + 1);
    assert.equal((JSON.parse(structured!.body) as { Message: string }).Message, 'for http');
  });

  it('http: a 500-ing endpoint is retried by the DeliveryPolicy (3 retries 20 s apart), then dead-lettered with exactly the envelope', async () => {
    const TopicArn = await newTopic('failing');
    const dlqName = uniqueName('dlq');
    const { QueueUrl } = await eddy.sqs.send(new CreateQueueCommand({ QueueName: dlqName }));
    await confirmedHttp(TopicArn, '/down', { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: queueArnOf(dlqName) }) });
    failing.set('order 7', 500);
    const count = endpoint.requests.length;
    const { MessageId } = await sns.send(new PublishCommand({ TopicArn, Message: 'order 7', MessageAttributes: { kind: { DataType: 'String', StringValue: 'audit' } } }));
    await endpoint.received(count + 1);
    for (let retry = 1; retry <= 3; retry++) {
      await eddy.admin('/_eddy/topics/deliver');
      assert.equal(endpoint.requests.length, count + retry, `not retried before its time (retry ${retry})`);
      clock.advance(20_000);
      await eddy.admin('/_eddy/topics/deliver');
      await endpoint.received(count + retry + 1);
    }
    const attempts = endpoint.requests.slice(count);
    assert.equal(attempts.length, 4);
    assert.ok(attempts.every((request) => request.headers['x-amz-sns-message-id'] === MessageId), 'a retry keeps the MessageId');
    const { Messages } = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl, MessageAttributeNames: ['All'] }));
    assert.equal(Messages?.length, 1);
    assert.equal(Messages![0]!.Body, attempts[0]!.body, 'the dead-lettered copy is what the endpoint was sent');
    assert.equal(Messages![0]!.MessageAttributes, undefined, 'no error attributes are added');
    clock.advance(60_000);
    await eddy.admin('/_eddy/topics/deliver');
    assert.equal(endpoint.requests.length, count + 4, 'nothing more once dead-lettered');
  });

  it('http: a 404 is a client error, not retried', async () => {
    const TopicArn = await newTopic('gone');
    await confirmedHttp(TopicArn, '/gone');
    failing.set('lost', 404);
    const count = endpoint.requests.length;
    await sns.send(new PublishCommand({ TopicArn, Message: 'lost' }));
    await endpoint.received(count + 1);
    await eddy.admin('/_eddy/topics/deliver'); // the attempt under way is settled (else its lease would expire in the jump)
    clock.advance(120_000);
    await eddy.admin('/_eddy/topics/deliver');
    assert.equal(endpoint.requests.length, count + 1);
  });

  it('lambda: the function is invoked asynchronously with the SNS event', async () => {
    const TopicArn = await newTopic('signups');
    const SubscriptionArn = (await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'lambda', Endpoint: 'arn:aws:lambda:us-east-1:000000000000:function:recorder' }))).SubscriptionArn!;
    const { MessageId } = await sns.send(new PublishCommand({ TopicArn, Message: 'new user', MessageAttributes: { plan: { DataType: 'String', StringValue: 'pro' } } }));
    await sns.send(new PublishCommand({ TopicArn, MessageStructure: 'json', Message: JSON.stringify({ default: 'anyone', lambda: 'for functions' }) }));
    const { QueueUrl } = await eddy.sqs.send(new GetQueueUrlCommand({ QueueName: 'bus-seen' }));
    type SnsEvent = { Records: { EventSource: string; EventSubscriptionArn: string; Sns: Record<string, unknown> }[] };
    const events: SnsEvent[] = [];
    await eventually('both SNS events recorded', async () => {
      for (const m of (await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }))).Messages ?? []) events.push(JSON.parse(m.Body!) as SnsEvent);
      return events.length >= 2 ? true : undefined;
    });
    const event = events.find((e) => e.Records[0]!.Sns['MessageId'] === MessageId)!;
    assert.deepEqual(events.map((e) => e.Records[0]!.Sns['Message']).sort(), ['for functions', 'new user']);
    assert.equal(event.Records.length, 1);
    const [record] = event.Records;
    assert.equal(record!.EventSource, 'aws:sns');
    assert.equal(record!.EventSubscriptionArn, SubscriptionArn);
    assert.equal(record!.Sns['MessageId'], MessageId);
    assert.equal(record!.Sns['Message'], 'new user');
    assert.equal(record!.Sns['Subject'], null);
    assert.deepEqual(record!.Sns['MessageAttributes'], { plan: { Type: 'String', Value: 'pro' } });
    assert.ok(String(record!.Sns['SigningCertUrl']).startsWith(eddy.endpoint));
  });

  it('email: the confirmation and the messages are captured in <data>/sns-email/<topic>/, never sent', async () => {
    const TopicArn = await newTopic('mail');
    const topic = TopicArn.split(':').at(-1)!;
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'email', Endpoint: 'ops@example.com' }));
    const folder = join(data, 'sns-email', topic);
    const files = async () => (await readdir(folder).catch(() => [] as string[])).sort();
    const [confirmationFile] = await eventually('the captured confirmation', files, { accept: (names) => names.length === 1 });
    const confirmation = JSON.parse(await readFile(join(folder, confirmationFile!), 'utf8')) as { to: string; subject: string; body: string };
    assert.equal(confirmation.to, 'ops@example.com');
    const url = /(http:\/\/\S+Action=ConfirmSubscription\S+)/.exec(confirmation.body)![1]!;
    assert.equal((await fetch(url)).status, 200);
    await sns.send(new PublishCommand({ TopicArn, Message: 'disk almost full', Subject: 'alert' }));
    const names = await eventually('the captured message', files, { accept: (found) => found.length === 2 });
    const captured = (await Promise.all(names.map(async (name) => JSON.parse(await readFile(join(folder, name), 'utf8')) as { subject?: string; body: string })))
      .find((mail) => mail.body === 'disk almost full');
    assert.deepEqual([captured?.subject], ['alert']);
  });
});

describe('SNS retries and time control', () => {
  it('eddy time advance makes the http retries due inside the jump, then the dead-letter queue gets the message', async () => {
    const eddy = await startTestEddy();
    const sns = snsClient(eddy);
    let notifications = 0;
    const endpoint = await startEndpoint((request) => {
      if (request.headers['x-amz-sns-message-type'] === 'SubscriptionConfirmation') void fetch((JSON.parse(request.body) as { SubscribeURL: string }).SubscribeURL);
      else notifications++;
      return { status: request.headers['x-amz-sns-message-type'] === 'Notification' ? 503 : 200 };
    });
    try {
      const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: uniqueName('jump') }));
      const dlqName = uniqueName('jump-dlq');
      const { QueueUrl } = await eddy.sqs.send(new CreateQueueCommand({ QueueName: dlqName }));
      const { SubscriptionArn } = await sns.send(new SubscribeCommand({
        TopicArn, Protocol: 'http', Endpoint: `${endpoint.url}/jump`, ReturnSubscriptionArn: true, Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: queueArnOf(dlqName) }) },
      }));
      await eventually('the subscription confirmed', async () =>
        (await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }))).Attributes?.['PendingConfirmation'] === 'false' ? true : undefined);
      await sns.send(new PublishCommand({ TopicArn, Message: 'jumped' }));
      await eventually('the first attempt', () => (notifications === 1 ? true : undefined));
      await eddy.admin('/_eddy/time/advance', { by: '2m' });
      assert.equal(notifications, 4, 'the 3 retries were made during the jump');
      const { Messages } = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl }));
      assert.equal((JSON.parse(Messages![0]!.Body!) as { Message: string }).Message, 'jumped');
    } finally {
      sns.destroy();
      await endpoint.close();
      await eddy.stop();
    }
  });
});
