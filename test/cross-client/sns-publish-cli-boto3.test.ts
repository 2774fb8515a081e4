import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createVerify, X509Certificate } from 'node:crypto';
import { startTestEddy, type TestEddy } from '../helpers/eddy.js';
import { env, needsAwsCli, needsBoto3, run } from '../helpers/other-clients.js';

const ACCOUNT = '000000000000';

type Envelope = Record<string, unknown> & { MessageAttributes?: Record<string, { Type: string; Value: string }> };

/** What an SNS validator does with an envelope: fetch SigningCertURL, rebuild the string to sign (§E.4), verify. */
async function verifies(envelope: Envelope): Promise<boolean> {
  const cert = new X509Certificate(await (await fetch(String(envelope['SigningCertURL']))).text());
  const signed = ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type']
    .filter((key) => envelope[key] !== undefined)
    .map((key) => `${key}\n${String(envelope[key])}\n`)
    .join('');
  return createVerify('RSA-SHA1').update(signed).verify(cert.publicKey, String(envelope['Signature']), 'base64');
}

/** The fields every signed standard-topic Notification envelope has, in AWS's order (SEMANTICS §E.4). */
function assertEnvelope(envelope: Envelope, expected: { MessageId: string; TopicArn: string; Message: string; Subject?: string }, endpoint: string): void {
  const keys = ['Type', 'MessageId', 'TopicArn', ...(expected.Subject === undefined ? [] : ['Subject']), 'Message', 'Timestamp', 'SignatureVersion', 'Signature', 'SigningCertURL', 'UnsubscribeURL'];
  assert.deepEqual(Object.keys(envelope).filter((key) => key !== 'MessageAttributes'), keys);
  assert.equal(envelope['Type'], 'Notification');
  const { MessageId, TopicArn, Message, Subject } = envelope;
  assert.deepEqual({ MessageId, TopicArn, Message, ...(Subject !== undefined && { Subject }) }, expected);
  assert.match(String(envelope['Timestamp']), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.equal(envelope['SignatureVersion'], '1');
  assert.ok(String(envelope['SigningCertURL']).startsWith(`${endpoint}/_eddy/sns/SimpleNotificationService-`));
  assert.ok(String(envelope['UnsubscribeURL']).startsWith(`${endpoint}/?Action=Unsubscribe&SubscriptionArn=${expected.TopicArn}:`));
}

describe('SNS Publish from boto3 and the AWS CLI, read back from an sqs subscription', () => {
  let eddy: TestEddy;
  before(async () => {
    eddy = await startTestEddy();
  });
  after(() => eddy.stop());

  it('boto3 publish and publish_batch (String, Number, Binary attributes): MessageIds answered, envelopes and raw copies read back with receive_message', { skip: needsBoto3 }, async () => {
    const script = `
import base64, json, sys, time, boto3
sns = boto3.client('sns', endpoint_url=sys.argv[1], region_name='us-east-1')
sqs = boto3.client('sqs', endpoint_url=sys.argv[1], region_name='us-east-1')
enveloped = sqs.create_queue(QueueName='boto-envelope')['QueueUrl']
raw = sqs.create_queue(QueueName='boto-raw')['QueueUrl']
topic = sns.create_topic(Name='boto-publish')['TopicArn']
arn = lambda url: sqs.get_queue_attributes(QueueUrl=url, AttributeNames=['QueueArn'])['Attributes']['QueueArn']
sns.subscribe(TopicArn=topic, Protocol='sqs', Endpoint=arn(enveloped))
sns.subscribe(TopicArn=topic, Protocol='sqs', Endpoint=arn(raw), Attributes={'RawMessageDelivery': 'true'})
attrs = {'kind': {'DataType': 'String', 'StringValue': 'audit <&>'}, 'n': {'DataType': 'Number', 'StringValue': '5.25'},
         'blob': {'DataType': 'Binary', 'BinaryValue': b'\\x00\\x01\\xff'}}
one = sns.publish(TopicArn=topic, Message='order 42 shipped', Subject='Shipped', MessageAttributes=attrs)
batch = sns.publish_batch(TopicArn=topic, PublishBatchRequestEntries=[
  {'Id': 'a', 'Message': 'first of the batch'},
  {'Id': 'b', 'Message': '{"id": 2}', 'Subject': 'second', 'MessageAttributes': {'kind': {'DataType': 'String', 'StringValue': 'batch'}}},
])
def drain(url, count):
    got, deadline = [], time.time() + 10
    while len(got) < count and time.time() < deadline:
        got += sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1, MessageAttributeNames=['All']).get('Messages', [])
    return got
def raw_copy(m):
    a = {k: {'DataType': v['DataType'], 'Value': v.get('StringValue', list(v.get('BinaryValue', b'')))} for k, v in m.get('MessageAttributes', {}).items()}
    return {'body': m['Body'], 'attributes': a}
print(json.dumps({'topic': topic, 'one': one['MessageId'], 'successful': batch['Successful'], 'failed': batch['Failed'],
  'envelopes': [json.loads(m['Body']) for m in drain(enveloped, 3)], 'raw': [raw_copy(m) for m in drain(raw, 3)]}))
`;
    const { stdout } = await run('python3', ['-c', script, eddy.endpoint], { env });
    const out = JSON.parse(stdout) as { topic: string; one: string; successful: { Id: string; MessageId: string }[]; failed: unknown[]; envelopes: Envelope[]; raw: { body: string; attributes: Record<string, { DataType: string; Value: unknown }> }[] };
    const TopicArn = `arn:aws:sns:us-east-1:${ACCOUNT}:boto-publish`;
    assert.equal(out.topic, TopicArn);
    assert.match(out.one, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.deepEqual(out.successful.map((s) => s.Id), ['a', 'b']);
    assert.deepEqual(out.failed, []);
    const [a, b] = out.successful.map((s) => s.MessageId);
    assert.equal(new Set([out.one, a, b]).size, 3, 'every message has its own id');

    const byId = new Map(out.envelopes.map((e) => [String(e['MessageId']), e]));
    assert.equal(out.envelopes.length, 3);
    const first = byId.get(out.one)!;
    assertEnvelope(first, { MessageId: out.one, TopicArn, Message: 'order 42 shipped', Subject: 'Shipped' }, eddy.endpoint);
    assert.deepEqual(first.MessageAttributes, {
      kind: { Type: 'String', Value: 'audit <&>' },
      n: { Type: 'Number', Value: '5.25' },
      blob: { Type: 'Binary', Value: Buffer.from([0, 1, 255]).toString('base64') },
    });
    assertEnvelope(byId.get(a!)!, { MessageId: a!, TopicArn, Message: 'first of the batch' }, eddy.endpoint);
    assert.equal(byId.get(a!)!.MessageAttributes, undefined, 'no attributes, no MessageAttributes key');
    assertEnvelope(byId.get(b!)!, { MessageId: b!, TopicArn, Message: '{"id": 2}', Subject: 'second' }, eddy.endpoint);
    assert.deepEqual(byId.get(b!)!.MessageAttributes, { kind: { Type: 'String', Value: 'batch' } });
    for (const envelope of out.envelopes) assert.ok(await verifies(envelope), `the signature of ${String(envelope['MessageId'])} verifies`);

    // Raw delivery: the message as the body, its attributes as SQS message attributes (binary bytes intact).
    const raw = new Map(out.raw.map((m) => [m.body, m.attributes]));
    assert.deepEqual([...raw.keys()].sort(), ['first of the batch', 'order 42 shipped', '{"id": 2}']);
    assert.deepEqual(raw.get('order 42 shipped'), {
      kind: { DataType: 'String', Value: 'audit <&>' },
      n: { DataType: 'Number', Value: '5.25' },
      blob: { DataType: 'Binary', Value: [0, 1, 255] },
    });
    assert.deepEqual(raw.get('first of the batch'), {});
    assert.deepEqual(raw.get('{"id": 2}'), { kind: { DataType: 'String', Value: 'batch' } });
  });

  it('AWS CLI sns publish --message-attributes: the MessageId answered is the envelope\'s, read back with sqs receive-message', { skip: needsAwsCli }, async () => {
    const aws = async (...args: string[]) => JSON.parse((await run('aws', [...args, '--endpoint-url', eddy.endpoint, '--output', 'json'], { env })).stdout || '{}');
    const { QueueUrl } = await aws('sqs', 'create-queue', '--queue-name', 'cli-publish-sink');
    const { TopicArn } = await aws('sns', 'create-topic', '--name', 'cli-publish');
    await aws('sns', 'subscribe', '--topic-arn', TopicArn, '--protocol', 'sqs', '--notification-endpoint', `arn:aws:sqs:us-east-1:${ACCOUNT}:cli-publish-sink`);
    const { MessageId } = await aws(
      'sns', 'publish', '--topic-arn', TopicArn, '--subject', 'From the CLI', '--message', 'hello from the CLI',
      '--message-attributes', JSON.stringify({ team: { DataType: 'String', StringValue: 'pay' }, retries: { DataType: 'Number', StringValue: '3' }, tags: { DataType: 'String.Array', StringValue: '["a","b"]' } }),
    );
    assert.match(MessageId, /^[0-9a-f-]{36}$/);
    const { Messages } = await aws('sqs', 'receive-message', '--queue-url', QueueUrl, '--max-number-of-messages', '10', '--wait-time-seconds', '5');
    assert.equal(Messages.length, 1);
    const envelope = JSON.parse(Messages[0].Body) as Envelope;
    assertEnvelope(envelope, { MessageId, TopicArn, Message: 'hello from the CLI', Subject: 'From the CLI' }, eddy.endpoint);
    assert.deepEqual(envelope.MessageAttributes, {
      team: { Type: 'String', Value: 'pay' },
      retries: { Type: 'Number', Value: '3' },
      tags: { Type: 'String.Array', Value: '["a","b"]' },
    });
    assert.ok(await verifies(envelope));
    // A bad attribute type is SNS's typed error through the CLI (§E.4), and nothing reaches the queue.
    await assert.rejects(
      run('aws', ['sns', 'publish', '--topic-arn', TopicArn, '--message', 'x', '--message-attributes', JSON.stringify({ n: { DataType: 'Text', StringValue: 'abc' } }), '--endpoint-url', eddy.endpoint], { env }),
      (error: { stderr: string }) => /\(ParameterValueInvalid\).*invalid message attribute type/.test(error.stderr),
    );
    await aws('sqs', 'delete-message', '--queue-url', QueueUrl, '--receipt-handle', Messages[0].ReceiptHandle);
    assert.equal((await aws('sqs', 'receive-message', '--queue-url', QueueUrl)).Messages, undefined);
  });
});
