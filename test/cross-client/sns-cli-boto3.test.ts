import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestEddy, type TestEddy } from '../helpers/eddy.js';
import { env, needsAwsCli, needsBoto3, run } from '../helpers/other-clients.js';

describe('SNS topics from the AWS CLI and boto3 (query protocol, XML answers)', () => {
  let eddy: TestEddy;
  before(async () => {
    eddy = await startTestEddy();
  });
  after(() => eddy.stop());

  it('AWS CLI creates a topic, subscribes a queue, reads attributes and tags, and gets typed errors', { skip: needsAwsCli }, async () => {
    const aws = async (...args: string[]) => JSON.parse((await run('aws', [...args, '--endpoint-url', eddy.endpoint, '--output', 'json'], { env })).stdout || '{}');
    const { TopicArn } = await aws('sns', 'create-topic', '--name', 'cli-topic', '--attributes', 'DisplayName=From CLI', '--tags', 'Key=team,Value=pay');
    assert.equal(TopicArn, 'arn:aws:sns:us-east-1:000000000000:cli-topic');
    const { SubscriptionArn } = await aws('sns', 'subscribe', '--topic-arn', TopicArn, '--protocol', 'sqs', '--notification-endpoint', 'arn:aws:sqs:us-east-1:000000000000:cli-queue', '--attributes', 'RawMessageDelivery=true');
    assert.ok(SubscriptionArn.startsWith(`${TopicArn}:`));
    const { Attributes } = await aws('sns', 'get-topic-attributes', '--topic-arn', TopicArn);
    assert.deepEqual([Attributes.DisplayName, Attributes.SubscriptionsConfirmed], ['From CLI', '1']);
    const subscriptions = await aws('sns', 'list-subscriptions-by-topic', '--topic-arn', TopicArn);
    assert.deepEqual(subscriptions.Subscriptions.map((s: { Protocol: string }) => s.Protocol), ['sqs']);
    assert.deepEqual((await aws('sns', 'list-tags-for-resource', '--resource-arn', TopicArn)).Tags, [{ Key: 'team', Value: 'pay' }]);
    assert.ok((await aws('sns', 'list-topics')).Topics.some((t: { TopicArn: string }) => t.TopicArn === TopicArn));
    await assert.rejects(
      run('aws', ['sns', 'get-topic-attributes', '--topic-arn', 'arn:aws:sns:us-east-1:000000000000:missing', '--endpoint-url', eddy.endpoint], { env }),
      (error: { stderr: string }) => /\(NotFound\).*Topic does not exist/.test(error.stderr),
    );
  });

  it('boto3 creates FIFO and standard topics, subscribes, sets attributes and gets typed errors', { skip: needsBoto3 }, async () => {
    const script = `
import json, sys, boto3
from botocore.exceptions import ClientError
s = boto3.client('sns', endpoint_url=sys.argv[1], region_name='us-east-1')
fifo = s.create_topic(Name='boto.fifo', Attributes={'FifoTopic': 'true', 'ContentBasedDeduplication': 'true'})['TopicArn']
plain = s.create_topic(Name='boto-plain', Tags=[{'Key': 'k', 'Value': 'v <&>'}])['TopicArn']
sub = s.subscribe(TopicArn=plain, Protocol='sqs', Endpoint='arn:aws:sqs:us-east-1:000000000000:q', Attributes={'FilterPolicy': '{"plan": ["pro"]}'}, ReturnSubscriptionArn=True)['SubscriptionArn']
s.set_subscription_attributes(SubscriptionArn=sub, AttributeName='RawMessageDelivery', AttributeValue='true')
attrs = s.get_subscription_attributes(SubscriptionArn=sub)['Attributes']
pending = s.subscribe(TopicArn=plain, Protocol='http', Endpoint='http://127.0.0.1:9/hook')['SubscriptionArn']
topic = s.get_topic_attributes(TopicArn=fifo)['Attributes']
errors = []
for call in (lambda: s.get_topic_attributes(TopicArn='arn:aws:sns:us-east-1:000000000000:nope'),
             lambda: s.subscribe(TopicArn=plain, Protocol='sqs', Endpoint='https://sqs/queue'),
             lambda: s.confirm_subscription(TopicArn=plain, Token='randomtoken')):
    try:
        call()
    except ClientError as e:
        errors.append([e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode'], e.response['Error']['Message']])
s.unsubscribe(SubscriptionArn=sub)
print(json.dumps({'fifo': fifo, 'raw': attrs['RawMessageDelivery'], 'scope': attrs['FilterPolicyScope'], 'pending': pending,
  'fifoTopic': topic['FifoTopic'], 'cbd': topic['ContentBasedDeduplication'], 'tags': s.list_tags_for_resource(ResourceArn=plain)['Tags'],
  'deleted': s.get_topic_attributes(TopicArn=plain)['Attributes']['SubscriptionsDeleted'], 'errors': errors}))
`;
    const { stdout } = await run('python3', ['-c', script, eddy.endpoint], { env });
    assert.deepEqual(JSON.parse(stdout), {
      fifo: 'arn:aws:sns:us-east-1:000000000000:boto.fifo',
      raw: 'true',
      scope: 'MessageAttributes',
      pending: 'pending confirmation',
      fifoTopic: 'true',
      cbd: 'true',
      tags: [{ Key: 'k', Value: 'v <&>' }],
      deleted: '1',
      errors: [
        ['NotFound', 404, 'Topic does not exist'],
        ['InvalidParameter', 400, 'Invalid parameter: SQS endpoint ARN'],
        ['InvalidParameter', 400, 'Invalid token'],
      ],
    });
  });
});
