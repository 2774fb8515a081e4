import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateTopicCommand, DeleteTopicCommand, GetTopicAttributesCommand, ListTagsForResourceCommand, ListTopicsCommand, SetTopicAttributesCommand,
  TagResourceCommand, UntagResourceCommand, type SNSClient,
} from '@aws-sdk/client-sns';
import { signedHeaders, startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { ACCOUNT, rejectsWith, snsClient, topicArnOf, uniqueName } from './topics-fixtures.js';

describe('SNS topics over the query protocol', () => {
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

  /** A signed form POST, for what the SDK will not send; answers status and XML text. */
  const form = async (body: string) => {
    const headers = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
    const res = await fetch(eddy.endpoint, { method: 'POST', headers: signedHeaders('POST', eddy.endpoint, headers, body, 'sns'), body });
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
  };

  it('CreateTopic answers the ARN; a fresh topic has the default attributes of E.3', async () => {
    const name = uniqueName('fresh');
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: name }));
    assert.equal(TopicArn, topicArnOf(name));
    const { Attributes } = await sns.send(new GetTopicAttributesCommand({ TopicArn }));
    assert.deepEqual(
      { ...Attributes, Policy: undefined, EffectiveDeliveryPolicy: undefined },
      { Owner: ACCOUNT, TopicArn, DisplayName: '', SubscriptionsConfirmed: '0', SubscriptionsPending: '0', SubscriptionsDeleted: '0', Policy: undefined, EffectiveDeliveryPolicy: undefined },
    );
    const policy = JSON.parse(Attributes!['Policy']!);
    assert.deepEqual([policy.Version, policy.Id, policy.Statement[0].Sid, policy.Statement[0].Resource], ['2008-10-17', '__default_policy_ID', '__default_statement_ID', TopicArn]);
    assert.deepEqual(policy.Statement[0].Condition, { StringEquals: { 'AWS:SourceOwner': ACCOUNT } });
    assert.equal(JSON.parse(Attributes!['EffectiveDeliveryPolicy']!).http.defaultHealthyRetryPolicy.numRetries, 3);
    assert.equal(Attributes!['SignatureVersion'], undefined);
  });

  it('the raw answer is XML in the SNS namespace with a RequestId', async () => {
    const answer = await form(`Action=CreateTopic&Version=2010-03-31&Name=${uniqueName('raw')}`);
    assert.equal(answer.status, 200);
    assert.equal(answer.type, 'text/xml');
    assert.match(answer.text, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<CreateTopicResponse xmlns="http:\/\/sns.amazonaws.com\/doc\/2010-03-31\/"><CreateTopicResult><TopicArn>arn:aws:sns:us-east-1:000000000000:raw-[0-9-]+<\/TopicArn><\/CreateTopicResult><ResponseMetadata><RequestId>[0-9a-f-]{36}<\/RequestId><\/ResponseMetadata><\/CreateTopicResponse>$/);
  });

  it('FIFO topics need the .fifo suffix and FifoTopic=true; they report FifoTopic and ContentBasedDeduplication', async () => {
    const name = `${uniqueName('orders')}.fifo`;
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: name, Attributes: { FifoTopic: 'true', ContentBasedDeduplication: 'true' } }));
    const { Attributes } = await sns.send(new GetTopicAttributesCommand({ TopicArn }));
    assert.deepEqual([Attributes!['FifoTopic'], Attributes!['ContentBasedDeduplication']], ['true', 'true']);
    await rejectsWith(sns.send(new CreateTopicCommand({ Name: name })), 'InvalidParameterException', 400, 'Invalid parameter: Topic Name');
    await rejectsWith(sns.send(new CreateTopicCommand({ Name: uniqueName('plain'), Attributes: { FifoTopic: 'true' } })), 'InvalidParameterException', 400, 'Invalid parameter: Topic Name');
    for (const bad of ['', 'has space', 'a'.repeat(257), 'dot.ted']) {
      await rejectsWith(sns.send(new CreateTopicCommand({ Name: bad })), 'InvalidParameterException', 400, 'Invalid parameter: Topic Name');
    }
    await rejectsWith(sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: 'FifoTopic', AttributeValue: 'false' })), 'InvalidParameterException', 400, 'Invalid parameter: AttributeName');
  });

  it('CreateTopic is idempotent for the same or fewer attributes and tags, refused for different ones', async () => {
    const name = uniqueName('same');
    const Attributes = { DisplayName: 'Orders' };
    const Tags = [{ Key: 'team', Value: 'pay' }, { Key: 'env', Value: 'dev' }];
    const first = await sns.send(new CreateTopicCommand({ Name: name, Attributes, Tags }));
    for (const again of [{}, { Attributes }, { Attributes: { FifoTopic: 'false' } }, { Tags: [] }, { Tags: [Tags[0]!] }]) {
      assert.equal((await sns.send(new CreateTopicCommand({ Name: name, ...again }))).TopicArn, first.TopicArn);
    }
    await rejectsWith(
      sns.send(new CreateTopicCommand({ Name: name, Attributes: { DisplayName: 'Other' } })),
      'InvalidParameterException', 400, 'Invalid parameter: Attributes Reason: Topic already exists with different attributes',
    );
    await rejectsWith(
      sns.send(new CreateTopicCommand({ Name: name, Tags: [{ Key: 'new', Value: 'x' }] })),
      'InvalidParameterException', 400, 'Invalid parameter: Tags Reason: Topic already exists with different tags',
    );
    // Delete then recreate starts untagged.
    await sns.send(new DeleteTopicCommand({ TopicArn: first.TopicArn }));
    await sns.send(new CreateTopicCommand({ Name: name }));
    assert.deepEqual((await sns.send(new ListTagsForResourceCommand({ ResourceArn: first.TopicArn }))).Tags, []);
  });

  it('DeleteTopic is idempotent; a deleted topic is NotFound', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: uniqueName('gone') }));
    await sns.send(new DeleteTopicCommand({ TopicArn }));
    await sns.send(new DeleteTopicCommand({ TopicArn }));
    await rejectsWith(sns.send(new GetTopicAttributesCommand({ TopicArn })), 'NotFoundException', 404, 'Topic does not exist');
  });

  it('malformed and foreign ARNs are InvalidParameter', async () => {
    await rejectsWith(sns.send(new GetTopicAttributesCommand({ TopicArn: 'arn:aws:sns' })), 'InvalidParameterException', 400, 'Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 3');
    await rejectsWith(sns.send(new GetTopicAttributesCommand({ TopicArn: 'arn:aws:sns:eu-west-1:000000000000:t' })), 'InvalidParameterException', 400, 'Invalid parameter: TopicArn');
  });

  it('ListTopics pages by 100 with an opaque NextToken', async () => {
    const names = Array.from({ length: 105 }, (_, i) => `page-${String(i).padStart(3, '0')}`);
    for (const Name of names) await sns.send(new CreateTopicCommand({ Name }));
    const seen: string[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const page = await sns.send(new ListTopicsCommand({ ...(NextToken && { NextToken }) }));
      assert.ok(page.Topics!.length <= 100);
      seen.push(...page.Topics!.map((t) => t.TopicArn!));
      NextToken = page.NextToken;
      pages++;
    } while (NextToken);
    assert.ok(pages >= 2);
    for (const name of names) assert.ok(seen.includes(topicArnOf(name)), name);
    assert.equal(new Set(seen).size, seen.length);
    await rejectsWith(sns.send(new ListTopicsCommand({ NextToken: 'not-a-token' })), 'InvalidParameterException', 400, 'Invalid parameter: NextToken');
  });

  it('SetTopicAttributes sets the settable ones, normalises DeliveryPolicy, refuses read-only names and bad values', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: uniqueName('set') }));
    await sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: 'DisplayName', AttributeValue: 'Hello <&>' }));
    await sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: 'SignatureVersion', AttributeValue: '2' }));
    const policy = { http: { defaultHealthyRetryPolicy: { numRetries: 5, backoffFunction: 'exponential' } } };
    await sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: 'DeliveryPolicy', AttributeValue: JSON.stringify(policy) }));
    const { Attributes } = await sns.send(new GetTopicAttributesCommand({ TopicArn }));
    assert.deepEqual([Attributes!['DisplayName'], Attributes!['SignatureVersion']], ['Hello <&>', '2']);
    assert.deepEqual(JSON.parse(Attributes!['DeliveryPolicy']!), { http: { ...policy.http, disableSubscriptionOverrides: false } });
    const effective = JSON.parse(Attributes!['EffectiveDeliveryPolicy']!);
    assert.deepEqual([effective.http.defaultHealthyRetryPolicy.numRetries, effective.http.defaultHealthyRetryPolicy.minDelayTarget], [5, 20]);
    await sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: 'DeliveryPolicy', AttributeValue: '' }));
    assert.equal((await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes!['DeliveryPolicy'], undefined);
    for (const AttributeName of ['Owner', 'TopicArn', 'SubscriptionsConfirmed', 'EffectiveDeliveryPolicy', 'ContentBasedDeduplication', 'Nonsense']) {
      await rejectsWith(sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName, AttributeValue: 'x' })), 'InvalidParameterException', 400, 'Invalid parameter: AttributeName');
    }
    await rejectsWith(sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: 'SignatureVersion', AttributeValue: '3' })), 'InvalidParameterException', 400, /^Invalid parameter: SignatureVersion/);
    await rejectsWith(sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: 'DeliveryPolicy', AttributeValue: '{nope' })), 'InvalidParameterException', 400, /^Invalid parameter: DeliveryPolicy: failed to parse JSON\./);
    await rejectsWith(sns.send(new SetTopicAttributesCommand({ TopicArn: topicArnOf('nothing-here'), AttributeName: 'DisplayName', AttributeValue: 'x' })), 'NotFoundException', 404, 'Topic does not exist');
  });

  it('Tag / Untag / ListTagsForResource, with duplicate keys, the 50-tag limit and unknown resources refused', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: uniqueName('tags'), Tags: [{ Key: 'a', Value: '1' }] }));
    await sns.send(new TagResourceCommand({ ResourceArn: TopicArn, Tags: [{ Key: 'a', Value: '2' }, { Key: 'b', Value: '' }] }));
    const tags = (await sns.send(new ListTagsForResourceCommand({ ResourceArn: TopicArn }))).Tags!;
    assert.deepEqual(tags.sort((x, y) => x.Key!.localeCompare(y.Key!)), [{ Key: 'a', Value: '2' }, { Key: 'b', Value: '' }]);
    await sns.send(new UntagResourceCommand({ ResourceArn: TopicArn, TagKeys: ['a', 'missing'] }));
    assert.deepEqual((await sns.send(new ListTagsForResourceCommand({ ResourceArn: TopicArn }))).Tags, [{ Key: 'b', Value: '' }]);
    await rejectsWith(
      sns.send(new TagResourceCommand({ ResourceArn: TopicArn, Tags: [{ Key: 'x', Value: '1' }, { Key: 'x', Value: '2' }] })),
      'InvalidParameterException', 400, 'Invalid parameter: Duplicated keys are not allowed.',
    );
    const many = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    await rejectsWith(sns.send(new TagResourceCommand({ ResourceArn: TopicArn, Tags: many })), 'TagLimitExceededException', 400);
    await rejectsWith(sns.send(new ListTagsForResourceCommand({ ResourceArn: topicArnOf('no-such-topic') })), 'ResourceNotFoundException', 404);
    await rejectsWith(sns.send(new TagResourceCommand({ ResourceArn: topicArnOf('no-such-topic'), Tags: [{ Key: 'a', Value: 'b' }] })), 'ResourceNotFoundException', 404);
  });

  it('query-protocol errors: XML ErrorResponse with Type, Code and Message; unknown Action, missing Version, null members', async () => {
    const unknown = await form('Action=NoSuchThing&Version=2010-03-31');
    assert.equal(unknown.status, 400);
    assert.match(unknown.text, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<ErrorResponse xmlns="http:\/\/sns.amazonaws.com\/doc\/2010-03-31\/"><Error><Type>Sender<\/Type><Code>InvalidAction<\/Code><Message>Eddy does not provide SNS NoSuchThing; /);
    assert.match(unknown.text, /<RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>$/);
    const noVersion = await form('Action=ListTopics');
    assert.deepEqual([noVersion.status, /<Code>MissingParameter<\/Code>/.test(noVersion.text)], [400, true]);
    const nullName = await form('Action=CreateTopic&Version=2010-03-31');
    assert.equal(nullName.status, 400);
    assert.match(nullName.text, /<Code>ValidationError<\/Code><Message>1 validation error detected: Value null at &apos;name&apos; failed to satisfy constraint: Member must not be null<\/Message>/);
    const nullTag = await form(`Action=CreateTopic&Version=2010-03-31&Name=${uniqueName('t')}&Tags.member.1.Key=k`);
    assert.match(nullTag.text, /Value null at &apos;tags.1.member.value&apos;/);
  });
});
