import type { CorpusEntry, FuzzRequest, LiveState } from './fuzz-request.js';
import { marker } from './markers.js';

/**
 * A valid request of every SNS action Eddy serves (src/api/sns-service.ts): form-encoded query-protocol
 * bodies (the wire mutations then work on their bytes), signed in SigV4's form for the `sns` scope (the
 * fuzzed Eddy verifies no signature values). Topic `fuzz-kept` is made by the first entry.
 */
export const SNS_AUTHORIZATION = 'AWS4-HMAC-SHA256 Credential=AKIDFUZZ/20260101/us-east-1/sns/aws4_request, SignedHeaders=host;x-amz-date, Signature=00';

export function snsForm(action: string, params: Record<string, string>): FuzzRequest {
  const body = new URLSearchParams({ Action: action, Version: '2010-03-31', ...params }).toString();
  return {
    port: 'aws',
    method: 'POST',
    path: '/',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', authorization: SNS_AUTHORIZATION, 'x-amz-date': '20260101T000000Z' },
    body: Buffer.from(body, 'utf8'),
  };
}

const topic = (live: LiveState, name = 'fuzz-kept') => `arn:aws:sns:${live.region}:${live.account}:${name}`;
const queue = (live: LiveState, name: string) => `arn:aws:sqs:${live.region}:${live.account}:${name}`;
const subscription = (live: LiveState) => `${topic(live)}:00000000-0000-4000-8000-000000000000`;

export const snsCorpus: readonly CorpusEntry[] = [
  { name: 'SNS CreateTopic (kept)', build: () => snsForm('CreateTopic', { Name: 'fuzz-kept' }) },
  {
    name: 'SNS CreateTopic',
    build: (n) =>
      snsForm('CreateTopic', {
        Name: `fuzz-${n}`,
        'Attributes.entry.1.key': 'DisplayName',
        'Attributes.entry.1.value': marker(n),
        'Tags.member.1.Key': 'fuzz',
        'Tags.member.1.Value': marker(n),
      }),
  },
  { name: 'SNS CreateTopic (FIFO)', build: (n) => snsForm('CreateTopic', { Name: `fuzz-${n}.fifo`, 'Attributes.entry.1.key': 'FifoTopic', 'Attributes.entry.1.value': 'true' }) },
  { name: 'SNS DeleteTopic', build: (n, live) => snsForm('DeleteTopic', { TopicArn: topic(live, `fuzz-${n - 1}`) }) },
  { name: 'SNS ListTopics', build: () => snsForm('ListTopics', {}) },
  { name: 'SNS GetTopicAttributes', build: (_n, live) => snsForm('GetTopicAttributes', { TopicArn: topic(live) }) },
  { name: 'SNS SetTopicAttributes', build: (n, live) => snsForm('SetTopicAttributes', { TopicArn: topic(live), AttributeName: 'DisplayName', AttributeValue: marker(n) }) },
  {
    name: 'SNS Subscribe',
    build: (n, live) =>
      snsForm('Subscribe', {
        TopicArn: topic(live),
        Protocol: 'sqs',
        Endpoint: queue(live, `fuzz-${n}`),
        'Attributes.entry.1.key': 'FilterPolicy',
        'Attributes.entry.1.value': JSON.stringify({ marker: [marker(n)] }),
        ReturnSubscriptionArn: 'true',
      }),
  },
  { name: 'SNS Subscribe (http)', build: (n, live) => snsForm('Subscribe', { TopicArn: topic(live), Protocol: 'http', Endpoint: `http://127.0.0.1:9/${marker(n)}` }) },
  { name: 'SNS ConfirmSubscription', build: (_n, live) => snsForm('ConfirmSubscription', { TopicArn: topic(live), Token: 'f'.repeat(128) }) },
  { name: 'SNS Unsubscribe', build: (_n, live) => snsForm('Unsubscribe', { SubscriptionArn: subscription(live) }) },
  { name: 'SNS ListSubscriptions', build: () => snsForm('ListSubscriptions', {}) },
  { name: 'SNS ListSubscriptionsByTopic', build: (_n, live) => snsForm('ListSubscriptionsByTopic', { TopicArn: topic(live) }) },
  { name: 'SNS GetSubscriptionAttributes', build: (_n, live) => snsForm('GetSubscriptionAttributes', { SubscriptionArn: subscription(live) }) },
  {
    name: 'SNS SetSubscriptionAttributes',
    build: (_n, live) => snsForm('SetSubscriptionAttributes', { SubscriptionArn: subscription(live), AttributeName: 'RawMessageDelivery', AttributeValue: 'true' }),
  },
  { name: 'SNS TagResource', build: (n, live) => snsForm('TagResource', { ResourceArn: topic(live), 'Tags.member.1.Key': 'fuzz', 'Tags.member.1.Value': marker(n) }) },
  { name: 'SNS UntagResource', build: (_n, live) => snsForm('UntagResource', { ResourceArn: topic(live), 'TagKeys.member.1': 'fuzz', 'TagKeys.member.2': 'other' }) },
  { name: 'SNS ListTagsForResource', build: (_n, live) => snsForm('ListTagsForResource', { ResourceArn: topic(live) }) },
  {
    name: 'SNS Publish',
    build: (n, live) =>
      snsForm('Publish', {
        TopicArn: topic(live),
        Message: marker(n),
        Subject: 'fuzz',
        'MessageAttributes.entry.1.Name': 'marker',
        'MessageAttributes.entry.1.Value.DataType': 'String',
        'MessageAttributes.entry.1.Value.StringValue': marker(n),
        'MessageAttributes.entry.2.Name': 'blob',
        'MessageAttributes.entry.2.Value.DataType': 'Binary',
        'MessageAttributes.entry.2.Value.BinaryValue': 'AQID',
      }),
  },
  { name: 'SNS Publish (json structure)', build: (n, live) => snsForm('Publish', { TargetArn: topic(live), MessageStructure: 'json', Message: JSON.stringify({ default: marker(n), sqs: 'q' }) }) },
  {
    name: 'SNS PublishBatch',
    build: (n, live) =>
      snsForm('PublishBatch', {
        TopicArn: topic(live),
        'PublishBatchRequestEntries.member.1.Id': 'a',
        'PublishBatchRequestEntries.member.1.Message': marker(n),
        'PublishBatchRequestEntries.member.2.Id': 'b',
        'PublishBatchRequestEntries.member.2.Message': marker(n),
        'PublishBatchRequestEntries.member.2.MessageAttributes.entry.1.Name': 'n',
        'PublishBatchRequestEntries.member.2.MessageAttributes.entry.1.Value.DataType': 'Number',
        'PublishBatchRequestEntries.member.2.MessageAttributes.entry.1.Value.StringValue': '5',
      }),
  },
];
