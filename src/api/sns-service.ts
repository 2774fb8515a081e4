import { confirmSubscription, getSubscriptionAttributes, listSubscriptions, listSubscriptionsByTopic, setSubscriptionAttributes, subscribe, unsubscribe } from '../topics/operations/subscriptions.js';
import { listTagsForResource, tagResource, untagResource } from '../topics/operations/tags.js';
import { createTopic, deleteTopic, getTopicAttributes, listTopics, setTopicAttributes } from '../topics/operations/topics.js';
import type { TopicsContext } from '../topics/topics-context.js';
import { topicsErrors } from '../topics/topics-errors.js';
import type { QueryOperation, QueryService } from './query-protocol/query-service.js';
import { bool, list, map, str, struct, type StructureShape } from './query-protocol/query-shapes.js';

/** Shapes from botocore's sns/2010-03-31 model [SEMANTICS E.1, E.2]. */
const TAG = struct({ Key: str, Value: str }, ['Key', 'Value']);
const TOPIC_ARN = struct({ TopicArn: str }, ['TopicArn']);
const SUBSCRIPTION_ARN = struct({ SubscriptionArn: str }, ['SubscriptionArn']);
const ATTRIBUTES = struct({ Attributes: map() });
const SUBSCRIPTIONS = struct({
  Subscriptions: list(struct({ SubscriptionArn: str, Owner: str, Protocol: str, Endpoint: str, TopicArn: str })),
  NextToken: str,
});
const NONE = struct({});

/**
 * SNS's actions as the query protocol carries them; `more` joins further operations (Publish and
 * PublishBatch, from sns-publish-operations.ts, which need the delivery side).
 */
export function snsService(ctx: TopicsContext, more: readonly [string, QueryOperation][] = []): QueryService {
  // Each handler gets input decoded by its shape (the casts restate what the shape guarantees).
  const op = <I>(input: StructureShape, output: StructureShape | undefined, handle: (input: I, request: { signed: boolean }) => Promise<object>): QueryOperation => ({
    input,
    ...(output !== undefined && { output }),
    handle: async (decoded, request) => (await handle(decoded as I, request)) as Record<string, unknown>,
  });
  const operations: [string, QueryOperation][] = [
    ['CreateTopic', op(struct({ Name: str, Attributes: map(), Tags: list(TAG), DataProtectionPolicy: str }, ['Name']), struct({ TopicArn: str }), (i: Parameters<typeof createTopic>[1]) => createTopic(ctx, i))],
    ['DeleteTopic', op(TOPIC_ARN, undefined, (i: { TopicArn: string }) => deleteTopic(ctx, i))],
    ['ListTopics', op(struct({ NextToken: str }), struct({ Topics: list(struct({ TopicArn: str })), NextToken: str }), (i: { NextToken?: string }) => listTopics(ctx, i))],
    ['GetTopicAttributes', op(TOPIC_ARN, ATTRIBUTES, (i: { TopicArn: string }) => getTopicAttributes(ctx, i))],
    ['SetTopicAttributes', op(struct({ TopicArn: str, AttributeName: str, AttributeValue: str }, ['TopicArn', 'AttributeName']), undefined, (i: Parameters<typeof setTopicAttributes>[1]) => setTopicAttributes(ctx, i))],
    [
      'Subscribe',
      op(struct({ TopicArn: str, Protocol: str, Endpoint: str, Attributes: map(), ReturnSubscriptionArn: bool }, ['TopicArn', 'Protocol']), struct({ SubscriptionArn: str }), (i: Parameters<typeof subscribe>[1]) =>
        subscribe(ctx, i),
      ),
    ],
    [
      'ConfirmSubscription',
      op(struct({ TopicArn: str, Token: str, AuthenticateOnUnsubscribe: str }, ['TopicArn', 'Token']), struct({ SubscriptionArn: str }), (i: Parameters<typeof confirmSubscription>[1], request) =>
        confirmSubscription(ctx, i, request),
      ),
    ],
    // SubscriptionArn is required by the model, but AWS answers its absence with its own InvalidParameter [O].
    ['Unsubscribe', op(struct({ SubscriptionArn: str }), undefined, (i: { SubscriptionArn?: string }) => unsubscribe(ctx, i))],
    ['ListSubscriptions', op(struct({ NextToken: str }), SUBSCRIPTIONS, (i: { NextToken?: string }) => listSubscriptions(ctx, i))],
    ['ListSubscriptionsByTopic', op(struct({ TopicArn: str, NextToken: str }, ['TopicArn']), SUBSCRIPTIONS, (i: { TopicArn: string; NextToken?: string }) => listSubscriptionsByTopic(ctx, i))],
    ['GetSubscriptionAttributes', op(SUBSCRIPTION_ARN, ATTRIBUTES, (i: { SubscriptionArn: string }) => getSubscriptionAttributes(ctx, i))],
    [
      'SetSubscriptionAttributes',
      op(struct({ SubscriptionArn: str, AttributeName: str, AttributeValue: str }, ['SubscriptionArn', 'AttributeName']), undefined, (i: Parameters<typeof setSubscriptionAttributes>[1]) =>
        setSubscriptionAttributes(ctx, i),
      ),
    ],
    ['TagResource', op(struct({ ResourceArn: str, Tags: list(TAG) }, ['ResourceArn', 'Tags']), NONE, (i: Parameters<typeof tagResource>[1]) => tagResource(ctx, i))],
    ['UntagResource', op(struct({ ResourceArn: str, TagKeys: list(str) }, ['ResourceArn', 'TagKeys']), NONE, (i: Parameters<typeof untagResource>[1]) => untagResource(ctx, i))],
    ['ListTagsForResource', op(struct({ ResourceArn: str }, ['ResourceArn']), struct({ Tags: list(TAG) }), (i: { ResourceArn: string }) => listTagsForResource(ctx, i))],
  ];
  return {
    signingName: 'sns',
    name: 'SNS',
    version: '2010-03-31',
    namespace: 'http://sns.amazonaws.com/doc/2010-03-31/',
    operations: new Map([...operations, ...more]),
    unsignedGetActions: new Set(['ConfirmSubscription', 'Unsubscribe']),
    internalError: () => topicsErrors.internal(),
  };
}
