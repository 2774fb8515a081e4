import { randomBytes } from 'node:crypto';
import { randomUuid } from '../../shared/random-uuid.js';
import type { StoredSubscription, SubscriptionState } from '../../storage/topic-store.js';
import { PAGE_SIZE, nextToken, positionOf } from '../pages.js';
import { applySubscriptionAttribute, subscriptionAttributes, subscriptionAttributesView } from '../subscription-attributes.js';
import { subscriptionArn, subscriptionOf, topicArn, topicNameOf } from '../topic-arns.js';
import type { TopicsContext } from '../topics-context.js';
import { topicsErrors } from '../topics-errors.js';
import { checkEndpoint, confirmedAtOnce } from './subscribe-endpoints.js';

/** Confirmation tokens are accepted for 2 days [SEMANTICS E.2 M][O]. */
const TOKEN_LIFETIME_MS = 2 * 24 * 60 * 60 * 1000;
/** Tokens are hex like AWS's (their length here is Eddy's). */
const TOKEN = /^[0-9a-f]{128}$/;
const PENDING = 'pending confirmation';

export interface SubscribeInput {
  TopicArn: string;
  Protocol: string;
  Endpoint?: string;
  Attributes?: Record<string, string>;
  ReturnSubscriptionArn?: boolean;
}

/**
 * Subscribe [SEMANTICS E.2, E.3]: same-account sqs and lambda (and application, firehose) are confirmed
 * at once; http/s, email, email-json and other accounts' endpoints wait for ConfirmSubscription with the
 * token the pending hook is given (answer `pending confirmation` unless ReturnSubscriptionArn). sms is
 * accepted and logged. The same protocol and endpoint again give the same ARN if the normalised
 * attributes are equal.
 */
export async function subscribe(ctx: TopicsContext, input: SubscribeInput): Promise<{ SubscriptionArn: string }> {
  const d = ctx.deployment;
  const name = topicNameOf(d, input.TopicArn);
  const topic = await ctx.store.getTopic(name);
  if (!topic) throw topicsErrors.topicNotFound();
  const endpoint = checkEndpoint(d, input.Protocol, input.Endpoint, topic.fifo);
  const facts = { protocol: input.Protocol, endpoint, topic };
  const attributes = subscriptionAttributes(input.Attributes ?? {}, facts, d);
  const now = ctx.clock.now();
  const atOnce = confirmedAtOnce(d, input.Protocol, endpoint);
  const created: SubscriptionState = {
    id: randomUuid(),
    topic: name,
    protocol: input.Protocol,
    endpoint,
    owner: d.account,
    attributes,
    pending: !atOnce,
    ...(atOnce ? { authenticated: true } : { token: randomBytes(64).toString('hex'), tokenExpiresAt: now + TOKEN_LIFETIME_MS }),
  };
  const pending = created.token === undefined ? undefined : { topicArn: input.TopicArn, subscriptionArn: subscriptionArn(d, name, created.id), protocol: input.Protocol, endpoint, token: created.token };
  const confirmation = pending && ctx.hooks?.confirmation?.(pending);
  const { subscription, isNew } = await ctx.store.writeSubscription({
    key: { topic: name, protocol: input.Protocol, endpoint },
    now,
    decide(current, stored) {
      if (!stored) throw topicsErrors.topicNotFound();
      if (!current) return { subscription: created, ...(confirmation && { deliveries: [confirmation] }), result: { subscription: created, isNew: true } };
      if (!sameAttributes(current.attributes, attributes)) {
        throw topicsErrors.invalidParameter('Invalid parameter: Attributes Reason: Subscription already exists with different attributes');
      }
      return { result: { subscription: current as SubscriptionState, isNew: false } };
    },
  });
  const arn = subscriptionArn(d, name, subscription.id);
  if (isNew) {
    ctx.hooks?.topicChanged?.(name);
    if (input.Protocol === 'sms') ctx.logger.info(`topics: ${arn} subscribes the phone number ${endpoint}; Eddy sends no SMS (messages to it are only logged)`);
    if (subscription.pending && subscription.token !== undefined) {
      ctx.hooks?.subscriptionPending?.({ topicArn: input.TopicArn, subscriptionArn: arn, protocol: input.Protocol, endpoint, token: subscription.token });
    }
  }
  return { SubscriptionArn: subscription.pending && input.ReturnSubscriptionArn !== true ? PENDING : arn };
}

const sameAttributes = (a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([key, value]) => b[key] === value);

/**
 * ConfirmSubscription [SEMANTICS E.2]: idempotent while the token lives. A token not shaped like one is
 * `Invalid token` (through the API) or `Invalid parameter: Token` (the unsigned SubscribeURL GET); a
 * well-formed one Eddy did not give for this topic, or expired, `Invalid parameter: Token`.
 */
export async function confirmSubscription(
  ctx: TopicsContext,
  input: { TopicArn: string; Token: string; AuthenticateOnUnsubscribe?: string },
  how: { signed: boolean },
): Promise<{ SubscriptionArn: string }> {
  const d = ctx.deployment;
  const name = topicNameOf(d, input.TopicArn, 'TopicArn', 'Topic');
  if (input.AuthenticateOnUnsubscribe !== undefined && !/^(true|false)$/i.test(input.AuthenticateOnUnsubscribe)) {
    throw topicsErrors.invalidParameter('Invalid parameter: AuthenticateOnUnsubscribe');
  }
  if (!TOKEN.test(input.Token)) throw topicsErrors.invalidParameter(how.signed ? 'Invalid token' : 'Invalid parameter: Token');
  const now = ctx.clock.now();
  const id = await ctx.store.writeSubscription<string>({
    key: { token: input.Token },
    now,
    decide(current) {
      if (!current || current.topic !== name || (current.tokenExpiresAt ?? 0) < now) throw topicsErrors.invalidParameter('Invalid parameter: Token');
      if (!current.pending) return { result: current.id };
      return { subscription: { ...current, pending: false, authenticated: how.signed }, result: current.id };
    },
  });
  ctx.hooks?.topicChanged?.(name);
  return { SubscriptionArn: subscriptionArn(d, name, id) };
}

/** Unsubscribe: idempotent [SEMANTICS E.2]; no ARN is `Invalid parameter: SubscriptionArn Reason: no value for required parameter`. */
export async function unsubscribe(ctx: TopicsContext, input: { SubscriptionArn?: string }): Promise<Record<string, never>> {
  if (input.SubscriptionArn === undefined || input.SubscriptionArn === '') {
    throw topicsErrors.invalidParameter('Invalid parameter: SubscriptionArn Reason: no value for required parameter');
  }
  const { id } = subscriptionOf(ctx.deployment, input.SubscriptionArn);
  const removed = await ctx.store.writeSubscription<StoredSubscription | undefined>({
    key: { id },
    now: ctx.clock.now(),
    decide: (current) => (current ? { subscription: null, result: current } : { result: undefined }),
  });
  if (removed) {
    ctx.hooks?.topicChanged?.(removed.topic);
    const arns = { topicArn: topicArn(ctx.deployment, removed.topic), subscriptionArn: input.SubscriptionArn };
    ctx.hooks?.unsubscribed?.({ ...arns, protocol: removed.protocol, endpoint: removed.endpoint });
  }
  return {};
}

interface SubscriptionItem {
  SubscriptionArn: string;
  Owner: string;
  Protocol: string;
  Endpoint: string;
  TopicArn: string;
}

async function listPage(ctx: TopicsContext, topic: string | undefined, token: string | undefined): Promise<{ Subscriptions: SubscriptionItem[]; NextToken?: string }> {
  const position = positionOf(token);
  const after = position === undefined ? undefined : Number(position);
  if (after !== undefined && !Number.isSafeInteger(after)) throw topicsErrors.invalidParameter('Invalid parameter: NextToken');
  const rows = await ctx.store.listSubscriptions({ ...(topic !== undefined && { topic }), ...(after !== undefined && { after }), limit: PAGE_SIZE + 1 });
  const page = rows.slice(0, PAGE_SIZE);
  return {
    Subscriptions: page.map(({ subscription: s }) => ({
      // A pending subscription is listed as `PendingConfirmation` (AWS's, unconfirmed for every protocol).
      SubscriptionArn: s.pending ? 'PendingConfirmation' : subscriptionArn(ctx.deployment, s.topic, s.id),
      Owner: s.owner,
      Protocol: s.protocol,
      Endpoint: s.endpoint,
      TopicArn: topicArn(ctx.deployment, s.topic),
    })),
    ...(rows.length > PAGE_SIZE && { NextToken: nextToken(page.at(-1)!.position) }),
  };
}

export const listSubscriptions = (ctx: TopicsContext, input: { NextToken?: string }) => listPage(ctx, undefined, input.NextToken);

export async function listSubscriptionsByTopic(ctx: TopicsContext, input: { TopicArn: string; NextToken?: string }): Promise<{ Subscriptions: SubscriptionItem[]; NextToken?: string }> {
  const name = topicNameOf(ctx.deployment, input.TopicArn);
  if (!(await ctx.store.getTopic(name))) throw topicsErrors.topicNotFound();
  return listPage(ctx, name, input.NextToken);
}

export async function getSubscriptionAttributes(ctx: TopicsContext, input: { SubscriptionArn: string }): Promise<{ Attributes: Record<string, string> }> {
  const { id } = subscriptionOf(ctx.deployment, input.SubscriptionArn);
  const subscription = await ctx.store.getSubscription(id);
  if (!subscription) throw topicsErrors.subscriptionNotFound();
  return { Attributes: subscriptionAttributesView(ctx.deployment, subscription, await ctx.store.getTopic(subscription.topic)) };
}

export async function setSubscriptionAttributes(ctx: TopicsContext, input: { SubscriptionArn: string; AttributeName: string; AttributeValue?: string }): Promise<Record<string, never>> {
  const { id } = subscriptionOf(ctx.deployment, input.SubscriptionArn);
  const topic = await ctx.store.writeSubscription<string>({
    key: { id },
    now: ctx.clock.now(),
    decide(current, stored) {
      if (!current || !stored) throw topicsErrors.subscriptionNotFound();
      const attributes = { ...current.attributes };
      const facts = { protocol: current.protocol, endpoint: current.endpoint, topic: stored };
      applySubscriptionAttribute(attributes, input.AttributeName, input.AttributeValue ?? '', facts, 'SetSubscriptionAttributes', ctx.deployment);
      return { subscription: { ...current, attributes }, result: current.topic };
    },
  });
  ctx.hooks?.topicChanged?.(topic);
  return {};
}
