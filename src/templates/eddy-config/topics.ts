// AWS::SNS::Topic → `topics`; its inline Subscription list and each AWS::SNS::Subscription (SAM's SNS event
// arrives as one) → the topic's `subscriptions` (SEMANTICS.md E.3; CloudFormation's AWS::SNS::Topic and
// AWS::SNS::Subscription property lists). AWS::SNS::TopicPolicy is not emulated: Eddy checks no resource policies.
import { isDeepStrictEqual } from 'node:util';
import type { TopicConfig, TopicSubscriptionConfig, TopicSubscriptionOptions } from '../../topics/config/topic-config.js';
import type { TemplateResource } from '../cloudformation/index.js';
import type { MappingContext } from './mapping-context.js';
import { booleanProperty, listProperty, objectProperty, stringProperty, type ResourceMapper } from './resource-mapper.js';
import { arnTarget, jsonObject } from './target-arns.js';

type Path = (string | number)[];

/**
 * Topic properties kept as the attributes SetTopicAttributes takes (src/topics/topic-attributes.ts), as text.
 * DeliveryPolicy is not in CloudFormation's AWS::SNS::Topic schema; it is read as SetTopicAttributes takes it.
 */
const ATTRIBUTES = ['SignatureVersion', 'TracingConfig', 'KmsMasterKeyId', 'FifoThroughputScope', 'MaximumMessageSize', 'ArchivePolicy', 'DataProtectionPolicy', 'DeliveryPolicy'];
/** Kept, but what they change is not emulated: said once per topic. */
const NOT_APPLIED: Record<string, string> = {
  ArchivePolicy: 'Eddy does not archive or replay messages',
  DataProtectionPolicy: 'Eddy does not audit, mask or block message data',
  DeliveryStatusLogging: 'Eddy writes no delivery status logs',
};
/** DeliveryStatusLogging's Protocol → the prefix of its feedback attributes (`SQSSuccessFeedbackRoleArn`, …). */
const LOGGING_PREFIX: Record<string, string> = { 'http/s': 'HTTP', sqs: 'SQS', lambda: 'Lambda', firehose: 'Firehose', application: 'Application' };
/** Protocols SNS takes that Eddy has no endpoint for: the subscription is left out. */
const SKIPPED_PROTOCOLS = new Set(['sms', 'application', 'firehose']);
const PROTOCOLS = ['sqs', 'lambda', 'http', 'https', 'email', 'email-json', 'sms', 'application', 'firehose'];

export const mapTopic: ResourceMapper = (resource, ctx) => {
  const topic: TopicConfig = {};
  if (booleanProperty(resource, ctx, 'FifoTopic')) topic.fifo = true;
  const dedup = booleanProperty(resource, ctx, 'ContentBasedDeduplication');
  if (dedup !== undefined) topic.contentBasedDeduplication = dedup;
  const displayName = stringProperty(resource, ctx, 'DisplayName');
  if (displayName !== undefined) topic.displayName = displayName;
  const attributes: Record<string, string> = {};
  for (const key of ATTRIBUTES) {
    const value = resource.properties[key];
    if (value !== undefined) attributes[key] = attributeText(resource, ctx, value, [key]);
  }
  Object.assign(attributes, deliveryStatusLogging(resource, ctx));
  if (Object.keys(attributes).length > 0) topic.attributes = attributes;
  for (const [key, why] of Object.entries(NOT_APPLIED)) {
    if (resource.properties[key] !== undefined) ctx.notice(`Topic ${resource.logicalId}: ${key} is kept but not applied: ${why}`);
  }
  const tags = tagsOf(resource, ctx);
  if (tags) topic.tags = tags;
  const subscriptions: TopicSubscriptionConfig[] = [];
  (listProperty(resource, ctx, 'Subscription') ?? []).forEach((raw, i) => {
    const entry = objectProperty(resource, ctx, '', raw, ['Subscription', i])!;
    const target = subscriptionTarget(resource, ctx, entry['Protocol'], entry['Endpoint'], ['Subscription', i]);
    if (target) addSubscription(resource, ctx, subscriptions, target, ['Subscription', i]);
  });
  if (subscriptions.length > 0) topic.subscriptions = subscriptions;
  ctx.config.topics[ctx.nameOf(resource)] = topic;
};

export const mapSubscription: ResourceMapper = (resource, ctx) => {
  const topicArn = stringProperty(resource, ctx, 'TopicArn', true);
  const name = namedBy(resource, ctx, topicArn, ['TopicArn'], 'topic', "a topic's ARN");
  const target = subscriptionTarget(resource, ctx, resource.properties['Protocol'], resource.properties['Endpoint'], []);
  if (!target) return;
  const subscription = { ...target, ...subscriptionOptions(resource, ctx) } as TopicSubscriptionConfig;
  // The topic may come later in the template.
  ctx.later(() => {
    const topic = ctx.config.topics[name] ??
      ctx.fail(resource, ['TopicArn'], `${topicArn} is not a topic of this template: Eddy subscribes endpoints to the template's own AWS::SNS::Topic resources only`);
    const list = [...(topic.subscriptions ?? [])];
    addSubscription(resource, ctx, list, subscription, []);
    topic.subscriptions = list;
  });
};

/** What the subscription delivers to, in the config's terms; undefined (with a notice) for a protocol Eddy does not deliver to. */
function subscriptionTarget(resource: TemplateResource, ctx: MappingContext, protocol: unknown, endpoint: unknown, path: Path): TopicSubscriptionConfig | undefined {
  if (typeof protocol !== 'string' || !PROTOCOLS.includes(protocol)) {
    return ctx.fail(resource, [...path, 'Protocol'], `Protocol must be one of ${PROTOCOLS.join(', ')}, got ${JSON.stringify(protocol)}`);
  }
  if (SKIPPED_PROTOCOLS.has(protocol)) {
    const which = path.length ? `Topic ${resource.logicalId}, Subscription ${path.at(-1)}` : `Subscription ${resource.logicalId}`;
    ctx.notice(`${which}: protocol ${protocol} is not emulated, the subscription is left out`);
    return undefined;
  }
  const where = [...path, 'Endpoint'];
  if (typeof endpoint !== 'string') return ctx.fail(resource, where, `Endpoint must be a string, got ${JSON.stringify(endpoint)}`);
  switch (protocol) {
    case 'sqs':
      return { queue: namedBy(resource, ctx, endpoint, where, 'queue', "a queue's ARN for protocol sqs") };
    case 'lambda':
      // A qualified ARN (an alias's or version's) names its function: config functions are not published.
      return { function: namedBy(resource, ctx, endpoint, where, 'function', "a function's ARN for protocol lambda") };
    case 'http':
    case 'https':
      // SNS takes the protocol from Protocol and refuses an Endpoint of the other scheme; the config reads it from the URL.
      if (!endpoint.startsWith(`${protocol}://`)) return ctx.fail(resource, where, `Endpoint must be an ${protocol}:// URL for protocol ${protocol}, got ${JSON.stringify(endpoint)}`);
      return { http: endpoint };
    case 'email':
      return { email: endpoint };
    default:
      return { emailJson: endpoint };
  }
}

/** Subscribe's attributes of an AWS::SNS::Subscription (SEMANTICS.md E.3: the settable ones). */
function subscriptionOptions(resource: TemplateResource, ctx: MappingContext): TopicSubscriptionOptions {
  const options: TopicSubscriptionOptions = {};
  const raw = booleanProperty(resource, ctx, 'RawMessageDelivery');
  if (raw !== undefined) options.rawMessageDelivery = raw;
  const filterPolicy = jsonProperty(resource, ctx, 'FilterPolicy');
  if (filterPolicy) options.filterPolicy = filterPolicy;
  const scope = stringProperty(resource, ctx, 'FilterPolicyScope');
  if (scope !== undefined) options.filterPolicyScope = scope as TopicSubscriptionOptions['filterPolicyScope'];
  const redrive = jsonProperty(resource, ctx, 'RedrivePolicy');
  if (redrive) options.deadLetter = { queue: namedBy(resource, ctx, redrive['deadLetterTargetArn'], ['RedrivePolicy', 'deadLetterTargetArn'], 'queue', "a queue's ARN") };
  const deliveryPolicy = jsonProperty(resource, ctx, 'DeliveryPolicy');
  if (deliveryPolicy) options.deliveryPolicy = deliveryPolicy;
  if (resource.properties['ReplayPolicy'] !== undefined) ctx.notice(`Subscription ${resource.logicalId}: ReplayPolicy is not applied: Eddy does not archive or replay messages`);
  return options;
}

/** Adds `subscription` unless the same one is there; the same endpoint with other attributes is SNS's refusal. */
function addSubscription(resource: TemplateResource, ctx: MappingContext, list: TopicSubscriptionConfig[], subscription: TopicSubscriptionConfig, path: Path): void {
  const endpoint = endpointOf(subscription);
  const same = list.find((s) => isDeepStrictEqual(endpointOf(s), endpoint));
  if (!same) list.push(subscription);
  else if (!isDeepStrictEqual(same, subscription)) {
    // SNS answers a second Subscribe of an endpoint with other attributes so (src/topics/operations/subscriptions.ts).
    ctx.fail(resource, path, `${Object.entries(endpoint).map(([k, v]) => `${k} ${v}`).join('')} is already subscribed to this topic with other attributes (SNS: Subscription already exists with different attributes)`);
  }
}

function endpointOf(subscription: TopicSubscriptionConfig): Record<string, string> {
  const [key, value] = Object.entries(subscription).find(([k]) => ['queue', 'function', 'http', 'email', 'emailJson'].includes(k))!;
  return { [key]: value as string };
}

/** The name of the queue, function or topic an ARN names; fails naming what it is instead (a resource Eddy does not emulate, another service). */
function namedBy(resource: TemplateResource, ctx: MappingContext, value: unknown, path: Path, kind: 'queue' | 'function' | 'topic', expected: string): string {
  const target = arnTarget(value, ctx);
  if (target?.kind === kind) return target.name;
  const got = target?.kind === 'unsupported' ? target.what : JSON.stringify(value);
  return ctx.fail(resource, path, `${path.at(-1)} must be ${expected}, got ${got}`);
}

/** A Json property: an object, or (as the SNS API takes it) its JSON text; undefined when absent. */
function jsonProperty(resource: TemplateResource, ctx: MappingContext, key: string): Record<string, unknown> | undefined {
  const value = resource.properties[key];
  return value === undefined ? undefined : jsonObject(resource, ctx, value, [key]);
}

/** An attribute's text: Json properties as compact JSON, numbers and booleans as SNS writes them. */
function attributeText(resource: TemplateResource, ctx: MappingContext, value: unknown, path: Path): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return JSON.stringify(value);
  return ctx.fail(resource, path, `${path.at(-1)} must be a string or an object, got ${JSON.stringify(value)}`);
}

/** DeliveryStatusLogging: [{Protocol, SuccessFeedbackRoleArn, FailureFeedbackRoleArn, SuccessFeedbackSampleRate}] → the feedback attributes. */
function deliveryStatusLogging(resource: TemplateResource, ctx: MappingContext): Record<string, string> {
  const attributes: Record<string, string> = {};
  (listProperty(resource, ctx, 'DeliveryStatusLogging') ?? []).forEach((raw, i) => {
    const entry = objectProperty(resource, ctx, '', raw, ['DeliveryStatusLogging', i])!;
    const prefix = LOGGING_PREFIX[String(entry['Protocol'])] ??
      ctx.fail(resource, ['DeliveryStatusLogging', i, 'Protocol'], `Protocol must be one of ${Object.keys(LOGGING_PREFIX).join(', ')}, got ${JSON.stringify(entry['Protocol'])}`);
    for (const key of ['SuccessFeedbackRoleArn', 'FailureFeedbackRoleArn', 'SuccessFeedbackSampleRate']) {
      if (entry[key] !== undefined) attributes[`${prefix}${key}`] = attributeText(resource, ctx, entry[key], ['DeliveryStatusLogging', i, key]);
    }
  });
  return attributes;
}

/** Tags: [{Key, Value}] → `{ key: value }`. */
function tagsOf(resource: TemplateResource, ctx: MappingContext): Record<string, string> | undefined {
  const list = listProperty(resource, ctx, 'Tags');
  if (!list) return undefined;
  const tags: Record<string, string> = {};
  list.forEach((raw, i) => {
    const tag = objectProperty(resource, ctx, '', raw, ['Tags', i])!;
    if (typeof tag['Key'] !== 'string') ctx.fail(resource, ['Tags', i, 'Key'], `Key must be a string, got ${JSON.stringify(tag['Key'])}`);
    tags[tag['Key']] = attributeText(resource, ctx, tag['Value'] ?? '', ['Tags', i, 'Value']);
  });
  return tags;
}
