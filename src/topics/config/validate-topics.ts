import { at, type ConfigChecker, type ConfigPath } from '../../config/config-checker.js';
import { FUNCTION_NAME } from '../../config/validate-functions.js';
import { QUEUE_NAME } from '../../config/validate-queues.js';
import { ServiceError } from '../../shared/service-error.js';
import { normaliseSubscriptionDeliveryPolicy } from '../delivery-policy.js';
import { checkFilterPolicy, type FilterPolicyScope } from '../filter-policy/index.js';
import { validTopicName } from '../topic-arns.js';
import { topicAttributeValue } from '../topic-attributes.js';
import type { NormalizedSnsEvent, NormalizedTopic, NormalizedTopicSubscription, SubscriptionKind } from './topic-config.js';

const TOPIC_FIELDS = ['fifo', 'contentBasedDeduplication', 'displayName', 'attributes', 'tags', 'subscriptions'];
const KINDS: readonly SubscriptionKind[] = ['queue', 'function', 'http', 'email', 'emailJson'];
const OPTION_FIELDS = ['rawMessageDelivery', 'filterPolicy', 'filterPolicyScope', 'deadLetter', 'deliveryPolicy'];
const SNS_EVENT_FIELDS = ['topic', 'filterPolicy', 'filterPolicyScope', 'rawMessageDelivery', 'deadLetter'];
/** SNS's protocols for each kind (http's is its URL's scheme). */
const PROTOCOL: Record<SubscriptionKind, string> = { queue: 'sqs', function: 'lambda', http: 'http', email: 'email', emailJson: 'email-json' };
/** RawMessageDelivery is for sqs, http/s (and firehose) subscriptions only (SEMANTICS E.3; subscription-attributes.ts). */
const RAW_KINDS = new Set<SubscriptionKind>(['queue', 'http']);
export const TOPIC_NAME = { test: /^[A-Za-z0-9_-]{1,251}(\.fifo)?$/, what: 'a topic name (1 to 256 characters: letters, digits, _ -, .fifo at the end of a FIFO topic\'s)' };

/**
 * `topics:`: each topic's options and subscriptions checked as CreateTopic, Subscribe and
 * SetTopicAttributes would check them (attribute values through the topics domain's own checks, filter
 * policies with checkFilterPolicy), so a config that passes is applied without an SNS error. Names of
 * queues and functions are checked as names; whether they exist is checked before applying (apply-topics.ts).
 */
export function validateTopics(check: ConfigChecker, raw: unknown, path: ConfigPath): Record<string, NormalizedTopic> {
  const topics = check.object(raw, path);
  const out: Record<string, NormalizedTopic> = {};
  for (const [name, value] of Object.entries(topics ?? {})) {
    const p = at(path, name);
    const topic = check.object(value, p, TOPIC_FIELDS);
    if (!topic) continue;
    const fifo = topic['fifo'] === undefined ? false : check.boolean(topic['fifo'], at(p, 'fifo'));
    if (fifo === undefined) continue;
    if (!validTopicName(name, fifo)) {
      check.problem(p, fifo || name.endsWith('.fifo')
        ? `a FIFO topic's name ends in .fifo, and only a FIFO topic's (set fifo: true): ${TOPIC_NAME.what}`
        : `expected ${TOPIC_NAME.what}, got ${JSON.stringify(name)}`);
      continue;
    }
    const attributes = topicAttributes(check, topic, p, fifo);
    const tags = topic['tags'] === undefined ? {} : stringMap(check, topic['tags'], at(p, 'tags'));
    const subscriptions = topic['subscriptions'] === undefined ? [] : subscriptionsOf(check, topic['subscriptions'], at(p, 'subscriptions'), fifo);
    if (!attributes || !tags || !subscriptions) continue;
    out[name] = { fifo, attributes, tags, subscriptions };
  }
  return out;
}

/** A function's `sns` event (protocol lambda: no raw delivery, and no FIFO topic — checked when applied). */
export function validateSnsEvent(check: ConfigChecker, raw: unknown, path: ConfigPath): NormalizedSnsEvent | undefined {
  const event = check.object(raw, path, SNS_EVENT_FIELDS);
  if (!event) return undefined;
  const topic = check.present(event['topic'], at(path, 'topic')) ? check.string(event['topic'], at(path, 'topic'), TOPIC_NAME) : undefined;
  if (event['rawMessageDelivery'] === true) check.problem(at(path, 'rawMessageDelivery'), 'SNS does not deliver raw messages to functions (Delivery protocol [lambda] does not support raw message delivery)');
  else if (event['rawMessageDelivery'] !== undefined) check.boolean(event['rawMessageDelivery'], at(path, 'rawMessageDelivery'));
  const options = subscriptionOptions(check, { ...event, rawMessageDelivery: undefined }, path);
  if (topic === undefined || !options || event['rawMessageDelivery'] === true) return undefined;
  return { topic, ...options };
}

function topicAttributes(check: ConfigChecker, topic: Record<string, unknown>, p: ConfigPath, fifo: boolean): Record<string, string> | undefined {
  const given = topic['attributes'] === undefined ? {} : stringMap(check, topic['attributes'], at(p, 'attributes'));
  if (!given) return undefined;
  const attributes: Record<string, string> = {};
  let ok = true;
  const put = (name: string, value: string, where: ConfigPath) => {
    try {
      const stored = topicAttributeValue(name, value, fifo);
      if (stored !== undefined) attributes[name] = stored;
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      check.problem(where, error.message === 'Invalid parameter: AttributeName' ? `${name} is not an attribute SetTopicAttributes takes${fifo ? '' : ' on a standard topic'}` : error.message);
      ok = false;
    }
  };
  for (const [name, value] of Object.entries(given)) {
    if (name === 'FifoTopic') {
      check.problem(at(at(p, 'attributes'), name), 'use fifo: true');
      ok = false;
    } else put(name, value, at(at(p, 'attributes'), name));
  }
  if (topic['contentBasedDeduplication'] !== undefined) {
    const on = check.boolean(topic['contentBasedDeduplication'], at(p, 'contentBasedDeduplication'));
    if (on === undefined) ok = false;
    else if (!fifo) {
      check.problem(at(p, 'contentBasedDeduplication'), 'a FIFO topic\'s only (set fifo: true)');
      ok = false;
    } else put('ContentBasedDeduplication', String(on), at(p, 'contentBasedDeduplication'));
  }
  if (topic['displayName'] !== undefined) {
    const name = check.string(topic['displayName'], at(p, 'displayName'));
    if (name === undefined) ok = false;
    else put('DisplayName', name, at(p, 'displayName'));
  }
  return ok ? attributes : undefined;
}

function subscriptionsOf(check: ConfigChecker, raw: unknown, path: ConfigPath, fifo: boolean): NormalizedTopicSubscription[] | undefined {
  if (!Array.isArray(raw)) return check.expected(path, 'a list of subscriptions', raw);
  const out = raw.map((item, i) => subscriptionOf(check, item, at(path, i), fifo));
  const seen = new Map<string, number>();
  out.forEach((s, i) => {
    if (!s) return;
    const key = `${s.kind} ${s.target}`;
    if (seen.has(key)) check.problem(at(path, i), `the same ${s.kind} as subscriptions[${seen.get(key)}]: a topic has one subscription per endpoint`);
    else seen.set(key, i);
  });
  return out.every((s) => s !== undefined) && seen.size === out.length ? (out as NormalizedTopicSubscription[]) : undefined;
}

function subscriptionOf(check: ConfigChecker, raw: unknown, path: ConfigPath, fifo: boolean): NormalizedTopicSubscription | undefined {
  const s = check.object(raw, path, [...KINDS, ...OPTION_FIELDS]);
  if (!s) return undefined;
  const kinds = KINDS.filter((kind) => s[kind] !== undefined);
  if (kinds.length !== 1) {
    check.problem(path, `expected exactly one of ${KINDS.join(', ')}, got ${kinds.length === 0 ? 'none' : kinds.join(', ')}`);
    return undefined;
  }
  const kind = kinds[0]!;
  const where = at(path, kind);
  const target = targetOf(check, kind, s[kind], where);
  const options = subscriptionOptions(check, s, path);
  if (target === undefined || !options) return undefined;
  if (s['rawMessageDelivery'] === true && !RAW_KINDS.has(kind)) {
    check.problem(at(path, 'rawMessageDelivery'), `SNS delivers raw messages to queues and http endpoints only (Delivery protocol [${PROTOCOL[kind]}] does not support raw message delivery)`);
    return undefined;
  }
  // Only sqs subscribes to a FIFO topic (SEMANTICS E.3; subscribe-endpoints.ts); a FIFO queue only to a FIFO topic.
  if (fifo && kind !== 'queue') return check.expected(path, 'a queue subscription (only queues subscribe to a FIFO topic)', `${kind} ${target}`);
  if (!fifo && kind === 'queue' && target.endsWith('.fifo')) return check.expected(where, 'a standard queue (FIFO queues subscribe to FIFO topics only)', target);
  const protocol = kind === 'http' ? (target.startsWith('https:') ? 'https' : 'http') : PROTOCOL[kind];
  return { kind, target, protocol, ...options };
}

function targetOf(check: ConfigChecker, kind: SubscriptionKind, value: unknown, where: ConfigPath): string | undefined {
  switch (kind) {
    case 'queue':
      return check.string(value, where, QUEUE_NAME);
    case 'function':
      return check.string(value, where, FUNCTION_NAME);
    case 'http': {
      const url = check.string(value, where, { test: /^https?:\/\/\S+$/, what: 'an http:// or https:// URL' });
      return url !== undefined && !URL.canParse(url) ? check.expected(where, 'an http:// or https:// URL', url) : url;
    }
    default:
      return check.string(value, where, { test: /^[^@\s]+@[^@\s]+$/, what: 'an email address' });
  }
}

/** rawMessageDelivery, filterPolicy(+Scope), deliveryPolicy and deadLetter as Subscribe's attributes. */
function subscriptionOptions(check: ConfigChecker, s: Record<string, unknown>, path: ConfigPath): { attributes: Record<string, string>; deadLetter?: string } | undefined {
  const attributes: Record<string, string> = {};
  let ok = true;
  if (s['rawMessageDelivery'] !== undefined) {
    const raw = check.boolean(s['rawMessageDelivery'], at(path, 'rawMessageDelivery'));
    if (raw === undefined) ok = false;
    else if (raw) attributes['RawMessageDelivery'] = 'true';
  }
  const scope = s['filterPolicyScope'] === undefined ? undefined : check.oneOf(s['filterPolicyScope'], at(path, 'filterPolicyScope'), ['MessageAttributes', 'MessageBody'] as const);
  if (s['filterPolicyScope'] !== undefined && scope === undefined) ok = false;
  if (s['filterPolicy'] !== undefined) {
    const policy = check.object(s['filterPolicy'], at(path, 'filterPolicy'));
    if (!policy) ok = false;
    else {
      const text = JSON.stringify(policy);
      const checked = checkFilterPolicy(text, (scope ?? 'MessageAttributes') as FilterPolicyScope);
      if (!checked.ok) {
        check.problem(at(path, 'filterPolicy'), checked.message);
        ok = false;
      } else {
        attributes['FilterPolicy'] = text;
        attributes['FilterPolicyScope'] = scope ?? 'MessageAttributes';
      }
    }
  } else if (scope !== undefined) {
    check.problem(at(path, 'filterPolicyScope'), 'needs a filterPolicy');
    ok = false;
  }
  if (s['deliveryPolicy'] !== undefined) {
    const policy = check.object(s['deliveryPolicy'], at(path, 'deliveryPolicy'));
    if (!policy) ok = false;
    else {
      try {
        attributes['DeliveryPolicy'] = normaliseSubscriptionDeliveryPolicy(JSON.stringify(policy), 'Invalid parameter: Attributes Reason: ');
      } catch (error) {
        if (!(error instanceof ServiceError)) throw error;
        check.problem(at(path, 'deliveryPolicy'), error.message);
        ok = false;
      }
    }
  }
  let deadLetter: string | undefined;
  if (s['deadLetter'] !== undefined) {
    const dl = check.object(s['deadLetter'], at(path, 'deadLetter'), ['queue']);
    deadLetter = dl && check.present(dl['queue'], at(at(path, 'deadLetter'), 'queue')) ? check.string(dl['queue'], at(at(path, 'deadLetter'), 'queue'), QUEUE_NAME) : undefined;
    if (deadLetter === undefined) ok = false;
  }
  return ok ? { attributes, ...(deadLetter !== undefined && { deadLetter }) } : undefined;
}

function stringMap(check: ConfigChecker, raw: unknown, path: ConfigPath): Record<string, string> | undefined {
  const map = check.object(raw, path);
  if (!map) return undefined;
  let ok = true;
  for (const [key, value] of Object.entries(map)) if (check.string(value, at(path, key)) === undefined) ok = false;
  return ok ? (map as Record<string, string>) : undefined;
}
