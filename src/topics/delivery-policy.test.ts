import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceError } from '../shared/service-error.js';
import { effectiveSubscriptionDeliveryPolicy, effectiveTopicDeliveryPolicy, normaliseSubscriptionDeliveryPolicy, normaliseTopicDeliveryPolicy } from './delivery-policy.js';
import { subscriptionOf, topicNameOf, validTopicName } from './topic-arns.js';

const D = { region: 'eu-west-1', account: '111122223333' };
const refused = (message: RegExp) => (error: unknown) => error instanceof ServiceError && error.code === 'InvalidParameter' && message.test(error.message);

describe('DeliveryPolicy normalisation (SEMANTICS E.3)', () => {
  it('the topic form gains disableSubscriptionOverrides; the effective policy merges onto the default', () => {
    const stored = normaliseTopicDeliveryPolicy('{"http":{"defaultHealthyRetryPolicy":{"numRetries":7},"defaultThrottlePolicy":{"maxReceivesPerSecond":2}}}');
    assert.deepEqual(JSON.parse(stored), { http: { defaultHealthyRetryPolicy: { numRetries: 7 }, defaultThrottlePolicy: { maxReceivesPerSecond: 2 }, disableSubscriptionOverrides: false } });
    const effective = JSON.parse(effectiveTopicDeliveryPolicy(stored)).http;
    assert.deepEqual(effective.defaultHealthyRetryPolicy, { minDelayTarget: 20, maxDelayTarget: 20, numRetries: 7, numMaxDelayRetries: 0, numNoDelayRetries: 0, numMinDelayRetries: 0, backoffFunction: 'linear' });
    assert.deepEqual(effective.defaultRequestPolicy, { headerContentType: 'text/plain; charset=UTF-8' });
    assert.deepEqual(effective.defaultThrottlePolicy, { maxReceivesPerSecond: 2 });
  });

  it('the subscription form is echoed with every member; its effective policy takes the topic defaults', () => {
    const stored = normaliseSubscriptionDeliveryPolicy('{"requestPolicy":{"headerContentType":"application/json"}}', 'Invalid parameter: ');
    assert.equal(stored, '{"healthyRetryPolicy":null,"sicklyRetryPolicy":null,"throttlePolicy":null,"requestPolicy":{"headerContentType":"application/json"},"guaranteed":false}');
    const effective = JSON.parse(effectiveSubscriptionDeliveryPolicy(stored, undefined));
    assert.equal(effective.healthyRetryPolicy.numRetries, 3);
    assert.deepEqual(effective.requestPolicy, { headerContentType: 'application/json' });
  });

  it('refuses what is not a policy', () => {
    assert.throws(() => normaliseTopicDeliveryPolicy('{'), refused(/^Invalid parameter: DeliveryPolicy: failed to parse JSON\. /));
    assert.throws(() => normaliseTopicDeliveryPolicy('[]'), refused(/failed to parse JSON/));
    assert.throws(() => normaliseTopicDeliveryPolicy('{"http":{"defaultHealthyRetryPolicy":{"backoffFunction":"cubic"}}}'), refused(/backoffFunction/));
    assert.throws(() => normaliseSubscriptionDeliveryPolicy('{"healthyRetryPolicy":{"numRetries":-1}}', 'Invalid parameter: Attributes Reason: '), refused(/^Invalid parameter: Attributes Reason: DeliveryPolicy: numRetries/));
  });
});

describe('topic and subscription ARNs (SEMANTICS E.2)', () => {
  it('names: 1–256 of [A-Za-z0-9_-], FIFO with .fifo', () => {
    assert.ok(validTopicName('a_b-C9', false));
    assert.ok(validTopicName('orders.fifo', true));
    assert.ok(!validTopicName('orders.fifo', false));
    assert.ok(!validTopicName('orders', true));
    assert.ok(!validTopicName(`${'a'.repeat(252)}.fifo`, true));
  });

  it('reads names and ids from ARNs of this region and account, refusing others as SNS does', () => {
    assert.equal(topicNameOf(D, 'arn:aws:sns:eu-west-1:111122223333:orders'), 'orders');
    assert.deepEqual(subscriptionOf(D, 'arn:aws:sns:eu-west-1:111122223333:orders:abc'), { topic: 'orders', id: 'abc' });
    assert.throws(() => topicNameOf(D, 'arn:aws:sns:us-east-1:111122223333:orders'), refused(/^Invalid parameter: TopicArn$/));
    assert.throws(() => topicNameOf(D, 'nope'), refused(/^Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1$/));
    assert.throws(() => subscriptionOf(D, 'arn:aws:sns:eu-west-1:111122223333:orders'), refused(/^Invalid parameter: SubscriptionId$/));
  });
});
