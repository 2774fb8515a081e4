import type { TopicsContext } from '../topics/topics-context.js';
import { topicsErrors } from '../topics/topics-errors.js';
import type { QueryOperation, QueryService } from './query-protocol/query-service.js';
import { bool, list, map, str, struct, type StructureShape } from './query-protocol/query-shapes.js';
import { memoised } from './lazy-service.js';
import type * as Sns from './sns-operations.js';

/** The operations and their validation: only requests need them, so they are imported (and evaluated) on the first one. */
const operations = memoised(() => import('./sns-operations.js'));

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
  const op = <I>(input: StructureShape, output: StructureShape | undefined, handle: (o: typeof Sns, input: I, request: { signed: boolean }) => Promise<object>): QueryOperation => ({
    input,
    ...(output !== undefined && { output }),
    handle: async (decoded, request) => (await handle(await operations(), decoded as I, request)) as Record<string, unknown>,
  });
  const table: [string, QueryOperation][] = [
    ['CreateTopic', op(struct({ Name: str, Attributes: map(), Tags: list(TAG), DataProtectionPolicy: str }, ['Name']), struct({ TopicArn: str }), (o, i: Parameters<typeof Sns.createTopic>[1]) => o.createTopic(ctx, i))],
    ['DeleteTopic', op(TOPIC_ARN, undefined, (o, i: { TopicArn: string }) => o.deleteTopic(ctx, i))],
    ['ListTopics', op(struct({ NextToken: str }), struct({ Topics: list(struct({ TopicArn: str })), NextToken: str }), (o, i: { NextToken?: string }) => o.listTopics(ctx, i))],
    ['GetTopicAttributes', op(TOPIC_ARN, ATTRIBUTES, (o, i: { TopicArn: string }) => o.getTopicAttributes(ctx, i))],
    ['SetTopicAttributes', op(struct({ TopicArn: str, AttributeName: str, AttributeValue: str }, ['TopicArn', 'AttributeName']), undefined, (o, i: Parameters<typeof Sns.setTopicAttributes>[1]) => o.setTopicAttributes(ctx, i))],
    [
      'Subscribe',
      op(struct({ TopicArn: str, Protocol: str, Endpoint: str, Attributes: map(), ReturnSubscriptionArn: bool }, ['TopicArn', 'Protocol']), struct({ SubscriptionArn: str }), (o, i: Parameters<typeof Sns.subscribe>[1]) =>
        o.subscribe(ctx, i),
      ),
    ],
    [
      'ConfirmSubscription',
      op(struct({ TopicArn: str, Token: str, AuthenticateOnUnsubscribe: str }, ['TopicArn', 'Token']), struct({ SubscriptionArn: str }), (o, i: Parameters<typeof Sns.confirmSubscription>[1], request) =>
        o.confirmSubscription(ctx, i, request),
      ),
    ],
    // SubscriptionArn is required by the model, but AWS answers its absence with its own InvalidParameter [O].
    ['Unsubscribe', op(struct({ SubscriptionArn: str }), undefined, (o, i: { SubscriptionArn?: string }) => o.unsubscribe(ctx, i))],
    ['ListSubscriptions', op(struct({ NextToken: str }), SUBSCRIPTIONS, (o, i: { NextToken?: string }) => o.listSubscriptions(ctx, i))],
    ['ListSubscriptionsByTopic', op(struct({ TopicArn: str, NextToken: str }, ['TopicArn']), SUBSCRIPTIONS, (o, i: { TopicArn: string; NextToken?: string }) => o.listSubscriptionsByTopic(ctx, i))],
    ['GetSubscriptionAttributes', op(SUBSCRIPTION_ARN, ATTRIBUTES, (o, i: { SubscriptionArn: string }) => o.getSubscriptionAttributes(ctx, i))],
    [
      'SetSubscriptionAttributes',
      op(struct({ SubscriptionArn: str, AttributeName: str, AttributeValue: str }, ['SubscriptionArn', 'AttributeName']), undefined, (o, i: Parameters<typeof Sns.setSubscriptionAttributes>[1]) =>
        o.setSubscriptionAttributes(ctx, i),
      ),
    ],
    ['TagResource', op(struct({ ResourceArn: str, Tags: list(TAG) }, ['ResourceArn', 'Tags']), NONE, (o, i: Parameters<typeof Sns.tagResource>[1]) => o.tagResource(ctx, i))],
    ['UntagResource', op(struct({ ResourceArn: str, TagKeys: list(str) }, ['ResourceArn', 'TagKeys']), NONE, (o, i: Parameters<typeof Sns.untagResource>[1]) => o.untagResource(ctx, i))],
    ['ListTagsForResource', op(struct({ ResourceArn: str }, ['ResourceArn']), struct({ Tags: list(TAG) }), (o, i: { ResourceArn: string }) => o.listTagsForResource(ctx, i))],
  ];
  return {
    signingName: 'sns',
    name: 'SNS',
    version: '2010-03-31',
    namespace: 'http://sns.amazonaws.com/doc/2010-03-31/',
    operations: new Map([...table, ...more]),
    unsignedGetActions: new Set(['ConfirmSubscription', 'Unsubscribe']),
    internalError: () => topicsErrors.internal(),
  };
}
