import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ConfirmSubscriptionCommand, CreateTopicCommand, DeleteTopicCommand, GetSubscriptionAttributesCommand, GetTopicAttributesCommand, ListSubscriptionsByTopicCommand,
  ListSubscriptionsCommand, SetSubscriptionAttributesCommand, SubscribeCommand, UnsubscribeCommand, type SNSClient,
} from '@aws-sdk/client-sns';
import { ManualClock } from '../../../src/shared/clock.js';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { queueArnOf, rejectsWith, snsClient, topicArnOf, uniqueName } from './topics-fixtures.js';

const DAY = 24 * 60 * 60 * 1000;

describe('SNS subscriptions over the query protocol', () => {
  let eddy: TestEddy;
  let sns: SNSClient;
  const clock = new ManualClock(Date.UTC(2026, 6, 1, 12));
  /** SubscribeURLs Eddy logged for pending subscriptions (until deliveries send them), by endpoint. */
  const subscribeUrls = new Map<string, string>();
  const log = {
    info: (line: string) => {
      const found = /subscription of (\S+) to \S+ waits for its confirmation: (\S+)$/.exec(line);
      if (found) subscribeUrls.set(found[1]!, found[2]!);
    },
    warn: () => {},
    error: () => {},
    debug: () => {},
  };
  before(async () => {
    eddy = await startTestEddy({ clock, log });
    sns = snsClient(eddy);
  });
  after(async () => {
    sns.destroy();
    await eddy.stop();
  });

  const newTopic = async (prefix: string, fifo = false) =>
    (await sns.send(new CreateTopicCommand({ Name: fifo ? `${uniqueName(prefix)}.fifo` : uniqueName(prefix), ...(fifo && { Attributes: { FifoTopic: 'true' } }) }))).TopicArn!;
  const tokenOf = (endpoint: string) => new URL(subscribeUrls.get(endpoint)!).searchParams.get('Token')!;

  it('sqs and lambda of this account are confirmed at once; attributes are normalised and reported', async () => {
    const TopicArn = await newTopic('confirmed');
    const queue = queueArnOf(uniqueName('q'));
    const { SubscriptionArn } = await sns.send(
      new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queue, Attributes: { RawMessageDelivery: 'True', FilterPolicy: '{"plan":["pro"]}' } }),
    );
    assert.match(SubscriptionArn!, new RegExp(`^${TopicArn}:[0-9a-f-]{36}$`));
    const { Attributes } = await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }));
    assert.deepEqual(Attributes, {
      ConfirmationWasAuthenticated: 'true', Endpoint: queue, Owner: '000000000000', PendingConfirmation: 'false', Protocol: 'sqs', RawMessageDelivery: 'true',
      SubscriptionArn, SubscriptionPrincipal: 'arn:aws:iam::000000000000:root', TopicArn, FilterPolicy: '{"plan":["pro"]}', FilterPolicyScope: 'MessageAttributes',
    });
    // The same protocol and endpoint with equal normalised attributes: the same ARN; different ones: refused.
    const again = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queue, Attributes: { RawMessageDelivery: 'true', FilterPolicy: '{"plan":["pro"]}', FilterPolicyScope: 'MessageAttributes' } }));
    assert.equal(again.SubscriptionArn, SubscriptionArn);
    await rejectsWith(
      sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queue })),
      'InvalidParameterException', 400, 'Invalid parameter: Attributes Reason: Subscription already exists with different attributes',
    );
    const fn = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'lambda', Endpoint: 'arn:aws:lambda:us-east-1:000000000000:function:welcome' }));
    assert.notEqual(fn.SubscriptionArn, 'pending confirmation');
    const counts = (await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes!;
    assert.deepEqual([counts['SubscriptionsConfirmed'], counts['SubscriptionsPending']], ['2', '0']);
  });

  it('http is pending with a token: confirmed by ConfirmSubscription (idempotently) or by visiting the SubscribeURL; tokens last two days', async () => {
    const TopicArn = await newTopic('pending');
    const endpoint = `http://127.0.0.1:9/${uniqueName('hook')}`;
    assert.equal((await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'http', Endpoint: endpoint }))).SubscriptionArn, 'pending confirmation');
    let counts = (await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes!;
    assert.deepEqual([counts['SubscriptionsConfirmed'], counts['SubscriptionsPending']], ['0', '1']);
    const listed = (await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn }))).Subscriptions!;
    assert.deepEqual(listed, [{ SubscriptionArn: 'PendingConfirmation', Owner: '000000000000', Protocol: 'http', Endpoint: endpoint, TopicArn }]);
    const Token = tokenOf(endpoint);
    const confirmed = await sns.send(new ConfirmSubscriptionCommand({ TopicArn, Token }));
    assert.match(confirmed.SubscriptionArn!, new RegExp(`^${TopicArn}:[0-9a-f-]{36}$`));
    assert.equal((await sns.send(new ConfirmSubscriptionCommand({ TopicArn, Token }))).SubscriptionArn, confirmed.SubscriptionArn);
    counts = (await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes!;
    assert.deepEqual([counts['SubscriptionsConfirmed'], counts['SubscriptionsPending']], ['1', '0']);
    const attributes = (await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: confirmed.SubscriptionArn }))).Attributes!;
    assert.deepEqual([attributes['PendingConfirmation'], attributes['ConfirmationWasAuthenticated']], ['false', 'true']);

    // ReturnSubscriptionArn: the ARN at once, the subscription still pending; the unsigned SubscribeURL GET confirms it.
    const other = `https://127.0.0.1:9/${uniqueName('hook')}`;
    const returned = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'https', Endpoint: other, ReturnSubscriptionArn: true }));
    assert.equal((await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: returned.SubscriptionArn }))).Attributes!['PendingConfirmation'], 'true');
    const url = subscribeUrls.get(other)!;
    assert.ok(url.startsWith(`${eddy.endpoint}/?Action=ConfirmSubscription&TopicArn=${TopicArn}&Token=`), url);
    const visited = await fetch(url);
    assert.equal(visited.status, 200);
    assert.match(await visited.text(), new RegExp(`<ConfirmSubscriptionResult><SubscriptionArn>${returned.SubscriptionArn}</SubscriptionArn></ConfirmSubscriptionResult>`));
    const after = (await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: returned.SubscriptionArn }))).Attributes!;
    assert.deepEqual([after['PendingConfirmation'], after['ConfirmationWasAuthenticated']], ['false', 'false']);

    // A token two days old is no longer taken.
    const late = `http://127.0.0.1:9/${uniqueName('late')}`;
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'http', Endpoint: late }));
    clock.advance(2 * DAY + 1);
    await rejectsWith(sns.send(new ConfirmSubscriptionCommand({ TopicArn, Token: tokenOf(late) })), 'InvalidParameterException', 400, 'Invalid parameter: Token');
  });

  it('ConfirmSubscription errors: garbage and unknown tokens, bad topics', async () => {
    const TopicArn = await newTopic('confirm-errors');
    await rejectsWith(sns.send(new ConfirmSubscriptionCommand({ TopicArn, Token: 'randomtoken' })), 'InvalidParameterException', 400, 'Invalid token');
    await rejectsWith(sns.send(new ConfirmSubscriptionCommand({ TopicArn, Token: 'a'.repeat(128) })), 'InvalidParameterException', 400, 'Invalid parameter: Token');
    await rejectsWith(sns.send(new ConfirmSubscriptionCommand({ TopicArn: 'arn:aws:sns:eu-west-1:000000000000:x', Token: 'a'.repeat(128) })), 'InvalidParameterException', 400, 'Invalid parameter: Topic');
    const viaGet = await fetch(`${eddy.endpoint}/?Action=ConfirmSubscription&TopicArn=${encodeURIComponent(TopicArn)}&Token=abc123`);
    assert.equal(viaGet.status, 400);
    assert.match(await viaGet.text(), /<Code>InvalidParameter<\/Code><Message>Invalid parameter: Token<\/Message>/);
    // Only SubscribeURL and UnsubscribeURL are answered without a signature.
    const unsigned = await fetch(`${eddy.endpoint}/?Action=ListTopics&Version=2010-03-31`);
    assert.equal(unsigned.status, 400);
    assert.match(await unsigned.text(), /<Code>InvalidAction<\/Code>/);
  });

  it('Subscribe refuses unknown protocols, queue URLs, FIFO mismatches and unknown topics', async () => {
    const TopicArn = await newTopic('refusals');
    await rejectsWith(sns.send(new SubscribeCommand({ TopicArn, Protocol: 'carrier-pigeon', Endpoint: 'x' })), 'InvalidParameterException', 400, 'Invalid parameter: Amazon SNS does not support this protocol string: carrier-pigeon');
    await rejectsWith(sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: 'http://localhost:4566/000000000000/q' })), 'InvalidParameterException', 400, 'Invalid parameter: SQS endpoint ARN');
    await rejectsWith(
      sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queueArnOf('q.fifo') })),
      'InvalidParameterException', 400, 'Invalid parameter: Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics',
    );
    const fifo = await newTopic('fifo', true);
    const standardQueue = await sns.send(new SubscribeCommand({ TopicArn: fifo, Protocol: 'sqs', Endpoint: queueArnOf('standard') }));
    assert.notEqual(standardQueue.SubscriptionArn, 'pending confirmation');
    await rejectsWith(sns.send(new SubscribeCommand({ TopicArn: fifo, Protocol: 'lambda', Endpoint: 'arn:aws:lambda:us-east-1:000000000000:function:f' })), 'InvalidParameterException', 400);
    await rejectsWith(sns.send(new SubscribeCommand({ TopicArn: topicArnOf('no-such'), Protocol: 'sqs', Endpoint: queueArnOf('q') })), 'NotFoundException', 404, 'Topic does not exist');
    await rejectsWith(
      sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queueArnOf('q'), Attributes: { RawMessageDelivery: 'maybe' } })),
      'InvalidParameterException', 400, 'Invalid parameter: Attributes Reason: RawMessageDelivery: Invalid value [maybe]. Must be true or false.',
    );
    await rejectsWith(sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queueArnOf('q'), Attributes: { FilterPolicy: '{"a": ' } })), 'InvalidParameterException', 400, /^Invalid parameter: Attributes Reason: FilterPolicy: /);
  });

  it('SetSubscriptionAttributes: RawMessageDelivery, FilterPolicy and its scope, RedrivePolicy, DeliveryPolicy; refusals with AWS wording', async () => {
    const TopicArn = await newTopic('set-sub');
    const { SubscriptionArn } = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queueArnOf(uniqueName('q')) }));
    const set = (AttributeName: string, AttributeValue: string) => sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName, AttributeValue }));
    const get = async () => (await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }))).Attributes!;
    await set('RawMessageDelivery', 'TRUE');
    await set('FilterPolicyScope', 'MessageBody');
    await set('FilterPolicy', '{"order":{"kind":["book"]}}');
    await set('RedrivePolicy', JSON.stringify({ deadLetterTargetArn: queueArnOf('dlq') }));
    await set('DeliveryPolicy', '{"requestPolicy":{"headerContentType":"application/json"}}');
    let attributes = await get();
    assert.deepEqual([attributes['RawMessageDelivery'], attributes['FilterPolicyScope'], attributes['FilterPolicy']], ['true', 'MessageBody', '{"order":{"kind":["book"]}}']);
    assert.deepEqual(JSON.parse(attributes['RedrivePolicy']!), { deadLetterTargetArn: queueArnOf('dlq') });
    assert.deepEqual(JSON.parse(attributes['DeliveryPolicy']!), { healthyRetryPolicy: null, sicklyRetryPolicy: null, throttlePolicy: null, requestPolicy: { headerContentType: 'application/json' }, guaranteed: false });
    assert.ok(attributes['EffectiveDeliveryPolicy']);
    await set('FilterPolicy', '');
    attributes = await get();
    assert.equal(attributes['FilterPolicy'], undefined);
    await rejectsWith(set('RawMessageDelivery', 'x'), 'InvalidParameterException', 400, 'Invalid parameter: RawMessageDelivery: Invalid value [x]. Must be true or false.');
    await rejectsWith(set('FilterPolicyScope', 'Everything'), 'InvalidParameterException', 400, 'Invalid parameter: FilterPolicyScope: Invalid value [Everything]. Please use either MessageBody or MessageAttributes');
    await rejectsWith(set('RedrivePolicy', '{"deadLetterTargetArn":"not-an-arn"}'), 'InvalidParameterException', 400, 'Invalid parameter: RedrivePolicy: deadLetterTargetArn is an invalid arn');
    await rejectsWith(set('RedrivePolicy', '{oops'), 'InvalidParameterException', 400, /^Invalid parameter: RedrivePolicy: failed to parse JSON\. /);
    await rejectsWith(set('FilterPolicy', '[1]'), 'InvalidParameterException', 400, /^Invalid parameter: FilterPolicy: /);
    await rejectsWith(set('Endpoint', 'x'), 'InvalidParameterException', 400, 'Invalid parameter: AttributeName');
    await rejectsWith(
      sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: `${TopicArn}:00000000-0000-4000-8000-000000000000` })),
      'NotFoundException', 404, 'Subscription does not exist',
    );
  });

  it('Unsubscribe is idempotent and counted in SubscriptionsDeleted; DeleteTopic removes the subscriptions', async () => {
    const TopicArn = await newTopic('unsub');
    const { SubscriptionArn } = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queueArnOf(uniqueName('q')) }));
    await sns.send(new UnsubscribeCommand({ SubscriptionArn }));
    await sns.send(new UnsubscribeCommand({ SubscriptionArn }));
    assert.equal((await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes!['SubscriptionsDeleted'], '1');
    await rejectsWith(sns.send(new UnsubscribeCommand({ SubscriptionArn: TopicArn })), 'InvalidParameterException', 400, 'Invalid parameter: SubscriptionId');
    await rejectsWith(sns.send(new UnsubscribeCommand({ SubscriptionArn: 'arn:aws' })), 'InvalidParameterException', 400, 'Invalid parameter: SubscriptionArn Reason: An ARN must have at least 6 elements, not 2');
    const unsigned = await fetch(`${eddy.endpoint}/?Action=Unsubscribe`);
    assert.match(await unsigned.text(), /Invalid parameter: SubscriptionArn Reason: no value for required parameter/);

    const second = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queueArnOf(uniqueName('q')) }));
    // The unsigned UnsubscribeURL GET unsubscribes.
    const visited = await fetch(`${eddy.endpoint}/?Action=Unsubscribe&SubscriptionArn=${second.SubscriptionArn}`);
    assert.equal(visited.status, 200);
    await rejectsWith(sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: second.SubscriptionArn })), 'NotFoundException', 404);

    const third = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queueArnOf(uniqueName('q')) }));
    await sns.send(new DeleteTopicCommand({ TopicArn }));
    await rejectsWith(sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: third.SubscriptionArn })), 'NotFoundException', 404);
    await rejectsWith(sns.send(new ListSubscriptionsByTopicCommand({ TopicArn })), 'NotFoundException', 404, 'Topic does not exist');
  });

  it('ListSubscriptions pages by 100 across topics', async () => {
    const TopicArn = await newTopic('many');
    const arns = new Set<string>();
    for (let i = 0; i < 102; i++) arns.add((await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queueArnOf(`many-${i}`) }))).SubscriptionArn!);
    const seen: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await sns.send(new ListSubscriptionsCommand({ ...(NextToken && { NextToken }) }));
      assert.ok(page.Subscriptions!.length <= 100);
      seen.push(...page.Subscriptions!.map((s) => s.SubscriptionArn!));
      NextToken = page.NextToken;
    } while (NextToken);
    for (const arn of arns) assert.ok(seen.includes(arn));
    const byTopic = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn }));
    assert.equal(byTopic.Subscriptions!.length, 100);
    assert.ok(byTopic.NextToken);
  });
});
