import type { Deployment } from '../shared/arns.js';
import type { StoredSubscription, StoredTopic } from '../storage/topic-store.js';
import { checkFilterPolicy, filterPolicyErrorMessage } from './filter-policy/index.js';
import { effectiveSubscriptionDeliveryPolicy, normaliseSubscriptionDeliveryPolicy } from './delivery-policy.js';
import { subscriptionArn, topicArn } from './topic-arns.js';
import { topicsErrors } from './topics-errors.js';

/** Attributes Subscribe and SetSubscriptionAttributes take [SEMANTICS E.3 M]. */
const SETTABLE = new Set(['DeliveryPolicy', 'FilterPolicy', 'FilterPolicyScope', 'RawMessageDelivery', 'RedrivePolicy', 'SubscriptionRoleArn', 'ReplayPolicy']);
/** Protocols raw delivery applies to; others are refused (wording unconfirmed). */
const RAW_PROTOCOLS = new Set(['sqs', 'http', 'https', 'firehose']);

export type Via = 'Subscribe' | 'SetSubscriptionAttributes';

/** Where a subscription attribute is checked: which subscription, on which topic. */
export interface SubscriptionFacts {
  readonly protocol: string;
  readonly endpoint: string;
  readonly topic: StoredTopic;
}

const SQS_ARN = /^arn:aws[a-z-]*:sqs:([a-z0-9-]+):([0-9]{12}):([A-Za-z0-9_-]{1,80}(?:\.fifo)?)$/;

/** `Invalid parameter: ` from SetSubscriptionAttributes, `Invalid parameter: Attributes Reason: ` from Subscribe [SEMANTICS E.2 O]. */
const prefixOf = (via: Via) => (via === 'Subscribe' ? 'Invalid parameter: Attributes Reason: ' : 'Invalid parameter: ');

/**
 * Applies one attribute to `attributes` (a copy the caller owns), checked and normalised: booleans lower
 * case, FilterPolicyScope filled in beside a FilterPolicy, policies reshaped; `''` removes FilterPolicy,
 * DeliveryPolicy and RedrivePolicy [O].
 */
export function applySubscriptionAttribute(attributes: Record<string, string>, name: string, value: string, facts: SubscriptionFacts, via: Via, d: Deployment): void {
  const prefix = prefixOf(via);
  if (!SETTABLE.has(name)) throw topicsErrors.invalidParameter(via === 'Subscribe' ? `${prefix}Unknown attribute ${name}` : 'Invalid parameter: AttributeName');
  switch (name) {
    case 'RawMessageDelivery': {
      if (!/^(true|false)$/i.test(value)) throw topicsErrors.invalidParameter(`${prefix}RawMessageDelivery: Invalid value [${value}]. Must be true or false.`);
      if (value.toLowerCase() === 'true' && !RAW_PROTOCOLS.has(facts.protocol)) {
        throw topicsErrors.invalidParameter(`${prefix}Delivery protocol [${facts.protocol}] does not support raw message delivery.`);
      }
      attributes[name] = value.toLowerCase();
      return;
    }
    case 'FilterPolicyScope': {
      if (value !== 'MessageAttributes' && value !== 'MessageBody') {
        throw topicsErrors.invalidParameter(`${prefix}FilterPolicyScope: Invalid value [${value}]. Please use either MessageBody or MessageAttributes`);
      }
      const policy = attributes['FilterPolicy'];
      if (policy !== undefined) checkPolicy(policy, value, via);
      attributes[name] = value;
      return;
    }
    case 'FilterPolicy': {
      if (value === '') {
        delete attributes['FilterPolicy'];
        delete attributes['FilterPolicyScope'];
        return;
      }
      const scope = (attributes['FilterPolicyScope'] ?? 'MessageAttributes') as 'MessageAttributes' | 'MessageBody';
      checkPolicy(value, scope, via);
      attributes[name] = value;
      attributes['FilterPolicyScope'] = scope;
      return;
    }
    case 'DeliveryPolicy':
      if (value === '') delete attributes[name];
      else attributes[name] = normaliseSubscriptionDeliveryPolicy(value, prefix);
      return;
    case 'RedrivePolicy':
      if (value === '') delete attributes[name];
      else attributes[name] = redrivePolicy(value, facts, prefix, d);
      return;
    default:
      attributes[name] = value;
  }
}

function checkPolicy(text: string, scope: 'MessageAttributes' | 'MessageBody', via: Via): void {
  const checked = checkFilterPolicy(text, scope);
  if (!checked.ok) throw topicsErrors.invalidParameter(filterPolicyErrorMessage(checked, via));
}

/**
 * `{"deadLetterTargetArn": "<SQS queue ARN>"}`, the queue in this account and region [D]; a FIFO queue
 * subscribed to a FIFO topic needs a FIFO dead-letter queue [O].
 */
function redrivePolicy(text: string, facts: SubscriptionFacts, prefix: string, d: Deployment): string {
  let policy: unknown;
  try {
    policy = JSON.parse(text);
  } catch (error) {
    throw topicsErrors.invalidParameter(`${prefix}RedrivePolicy: failed to parse JSON. ${(error as Error).message}`);
  }
  const target = policy !== null && typeof policy === 'object' && !Array.isArray(policy) ? (policy as Record<string, unknown>)['deadLetterTargetArn'] : undefined;
  const match = typeof target === 'string' ? SQS_ARN.exec(target) : null;
  if (!match || match[1] !== d.region || match[2] !== d.account) throw topicsErrors.invalidParameter(`${prefix}RedrivePolicy: deadLetterTargetArn is an invalid arn`);
  if (facts.topic.fifo && facts.protocol === 'sqs' && facts.endpoint.endsWith('.fifo') && !match[3]!.endsWith('.fifo')) {
    throw topicsErrors.invalidParameter(`${prefix}RedrivePolicy: must use a FIFO queue as DLQ for a FIFO Subscription to a FIFO Topic.`);
  }
  return JSON.stringify(policy);
}

/** Subscribe's Attributes applied in order onto none, normalised as stored (so equal requests compare equal). */
export function subscriptionAttributes(given: Readonly<Record<string, string>>, facts: SubscriptionFacts, d: Deployment): Record<string, string> {
  const attributes: Record<string, string> = {};
  // The scope first, so a FilterPolicy is checked against the scope given with it.
  const names = Object.keys(given).sort((a, b) => Number(b === 'FilterPolicyScope') - Number(a === 'FilterPolicyScope'));
  for (const name of names) {
    if (name === 'FilterPolicyScope' && given['FilterPolicy'] !== undefined) attributes[name] = checkedScope(given[name]!);
    else applySubscriptionAttribute(attributes, name, given[name]!, facts, 'Subscribe', d);
  }
  return attributes;
}

function checkedScope(value: string): string {
  if (value !== 'MessageAttributes' && value !== 'MessageBody') {
    throw topicsErrors.invalidParameter(`Invalid parameter: Attributes Reason: FilterPolicyScope: Invalid value [${value}]. Please use either MessageBody or MessageAttributes`);
  }
  return value;
}

/** GetSubscriptionAttributes [SEMANTICS E.3 O]; SubscriptionPrincipal is the account's root (the caller's IAM ARN is not known: unconfirmed). */
export function subscriptionAttributesView(d: Deployment, s: StoredSubscription, topic: StoredTopic | undefined): Record<string, string> {
  const delivery = s.attributes['DeliveryPolicy'];
  return {
    ConfirmationWasAuthenticated: String(s.authenticated === true),
    Endpoint: s.endpoint,
    Owner: s.owner,
    PendingConfirmation: String(s.pending),
    Protocol: s.protocol,
    RawMessageDelivery: 'false',
    SubscriptionArn: subscriptionArn(d, s.topic, s.id),
    SubscriptionPrincipal: `arn:aws:iam::${d.account}:root`,
    TopicArn: topicArn(d, s.topic),
    ...s.attributes,
    ...(delivery !== undefined && { EffectiveDeliveryPolicy: effectiveSubscriptionDeliveryPolicy(delivery, topic?.attributes['DeliveryPolicy']) }),
  };
}
