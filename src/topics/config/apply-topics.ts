import type { ApplyRecorder } from '../../config/apply-report.js';
import { at } from '../../config/config-checker.js';
import type { NormalizedConfig } from '../../config/normalized-config.js';
import { queueArn } from '../../queues/queue-url.js';
import type { Deployment } from '../../shared/arns.js';
import { randomUuid } from '../../shared/random-uuid.js';
import { ServiceError } from '../../shared/service-error.js';
import type { StoredTopic, SubscriptionState } from '../../storage/topic-store.js';
import { checkEndpoint } from '../operations/subscribe-endpoints.js';
import { subscriptionAttributes } from '../subscription-attributes.js';
import type { TopicsContext } from '../topics-context.js';
import type { NormalizedTopicSubscription } from './topic-config.js';
import { configSubscriptions, topicReferences, type ConfigSubscription } from './topic-declarations.js';

/** What the config needs to apply its topics: the topics' context, and whether queues and functions exist outside the config. */
export interface TopicTargets {
  readonly context: TopicsContext;
  queueExists(name: string): Promise<boolean>;
  functionExists(name: string): Promise<boolean>;
}

/** The subscription's endpoint: a queue's or function's ARN in this deployment, the URL or the address. */
export function endpointOf(d: Deployment, s: Pick<NormalizedTopicSubscription, 'kind' | 'target'>): string {
  if (s.kind === 'queue') return queueArn(d, s.target);
  if (s.kind === 'function') return `arn:aws:lambda:${d.region}:${d.account}:function:${s.target}`;
  return s.target;
}

/** Subscribe's attributes of a config subscription, its dead-letter queue as a RedrivePolicy. */
function wantedAttributes(d: Deployment, s: ConfigSubscription): Record<string, string> {
  return { ...s.attributes, ...(s.deadLetter !== undefined && { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: queueArn(d, s.deadLetter) }) }) };
}

/**
 * Problems before anything is written (reads only): a topic (a subscription's, a function's sns event's or a
 * rule target's), queue or function named that exists neither
 * in the config nor in storage, a topic declared FIFO (or standard) that is stored as the other kind, a
 * function subscribing to a FIFO topic, and what Subscribe would refuse of a subscription.
 */
export async function checkTopics(config: NormalizedConfig, targets: TopicTargets): Promise<string[]> {
  const problems: string[] = [];
  const problem = (path: string, message: string) => problems.push(`${config.file}: ${path}: ${message}`);
  const missing = (kind: string, name: string) => `${kind} ${name} does not exist in this config or in storage`;
  const store = targets.context.store;
  const d = targets.context.deployment;
  const topics = new Map<string, StoredTopic | undefined>();
  for (const [name, topic] of Object.entries(config.topics ?? {})) {
    const stored = await store.getTopic(name);
    if (stored && stored.fifo !== topic.fifo) problem(at('topics', name), `the stored topic is ${stored.fifo ? 'FIFO' : 'standard'}: a topic's type cannot change (delete it through the API first)`);
    topics.set(name, { name, fifo: topic.fifo, attributes: topic.attributes, tags: topic.tags, version: 0, createdAt: 0, subscriptionsDeleted: 0 });
  }
  for (const { topic, path } of topicReferences(config)) {
    if (!topics.has(topic)) topics.set(topic, await store.getTopic(topic));
    if (!topics.get(topic)) problem(path, missing('topic', topic));
  }
  for (const s of configSubscriptions(config)) {
    let topic = topics.get(s.topic);
    if (!topics.has(s.topic)) topics.set(s.topic, (topic = await store.getTopic(s.topic)));
    if (!topic) {
      problem(at(s.path, 'topic'), missing('topic', s.topic));
      continue;
    }
    if (s.kind === 'queue' && !(s.target in config.queues) && !(await targets.queueExists(s.target))) problem(at(s.path, 'queue'), missing('queue', s.target));
    if (s.kind === 'function' && !(s.target in config.functions) && !(await targets.functionExists(s.target))) problem(at(s.path, 'function'), missing('function', s.target));
    if (s.deadLetter !== undefined && !(s.deadLetter in config.queues) && !(await targets.queueExists(s.deadLetter))) problem(at(at(s.path, 'deadLetter'), 'queue'), missing('queue', s.deadLetter));
    try {
      const endpoint = checkEndpoint(d, s.protocol, endpointOf(d, s), topic.fifo);
      subscriptionAttributes(wantedAttributes(d, s), { protocol: s.protocol, endpoint, topic }, d);
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      problem(s.path, error.message === `Invalid parameter: Invalid protocol type: ${s.protocol}` ? `only queues subscribe to a FIFO topic (${s.topic} is FIFO)` : error.message);
    }
  }
  return problems;
}

/**
 * Creates the config's topics or makes their attributes and tags the config's, then creates or updates
 * its subscriptions, confirmed at once whatever their protocol (the user declared them: no
 * SubscriptionConfirmation is sent to a config's http endpoint, nor captured for its email address —
 * Eddy's choice, documented in docs/configuration.md). Written through the topic store's conditional
 * writes as CreateTopic, SetTopicAttributes and Subscribe do; cached fan-outs are dropped after each.
 * Runs after queues and functions are applied.
 */
export async function applyTopics(config: NormalizedConfig, ctx: TopicsContext, recorder: ApplyRecorder): Promise<void> {
  const d = ctx.deployment;
  for (const [name, topic] of Object.entries(config.topics ?? {})) {
    const outcome = await ctx.store.writeTopic<'created' | 'updated' | 'unchanged'>({
      name,
      now: ctx.clock.now(),
      decide(current) {
        const wanted = { fifo: topic.fifo, attributes: { ...topic.attributes }, tags: { ...topic.tags } };
        if (!current) return { topic: wanted, result: 'created' };
        if (sameMap(current.attributes, wanted.attributes) && sameMap(current.tags, wanted.tags)) return { result: 'unchanged' };
        return { topic: { ...current, attributes: wanted.attributes, tags: wanted.tags }, result: 'updated' };
      },
    });
    if (outcome !== 'unchanged') ctx.hooks?.topicChanged?.(name);
    recorder.record(outcome, { kind: 'topic', name, changes: [] });
  }
  const touched = new Set<string>();
  for (const s of configSubscriptions(config)) {
    const endpoint = endpointOf(d, s);
    const outcome = await ctx.store.writeSubscription<'created' | 'updated' | 'unchanged'>({
      key: { topic: s.topic, protocol: s.protocol, endpoint },
      now: ctx.clock.now(),
      decide(current, stored) {
        if (!stored) throw new Error(`topic ${s.topic} is gone`); // checked to exist before applying
        const attributes = subscriptionAttributes(wantedAttributes(d, s), { protocol: s.protocol, endpoint, topic: stored }, d);
        if (current && !current.pending && sameMap(current.attributes, attributes)) return { result: 'unchanged' };
        const subscription: SubscriptionState = current
          ? { id: current.id, topic: current.topic, protocol: current.protocol, endpoint, owner: current.owner, attributes, pending: false, authenticated: true }
          : { id: randomUuid(), topic: s.topic, protocol: s.protocol, endpoint, owner: d.account, attributes, pending: false, authenticated: true };
        return { subscription, result: current ? 'updated' : 'created' };
      },
    });
    if (outcome !== 'unchanged') touched.add(s.topic);
    recorder.record(outcome, { kind: 'subscription', name: `${s.topic} → ${s.kind} ${s.target}`, changes: [] });
  }
  for (const topic of touched) ctx.hooks?.topicChanged?.(topic);
}

/**
 * `eddy dev`: subscriptions the config no longer has are deleted (by their topic, protocol and endpoint),
 * then topics it no longer has, with whatever subscriptions they still have.
 */
export async function removeTopics(ctx: TopicsContext, removed: { topics: readonly string[]; subscriptions: readonly ConfigSubscription[] }): Promise<void> {
  const d = ctx.deployment;
  for (const s of removed.subscriptions) {
    await ctx.store.writeSubscription<void>({
      key: { topic: s.topic, protocol: s.protocol, endpoint: endpointOf(d, s) },
      now: ctx.clock.now(),
      decide: (current) => ({ ...(current && { subscription: null }), result: undefined }),
    });
    ctx.hooks?.topicChanged?.(s.topic);
  }
  for (const name of removed.topics) {
    await ctx.store.writeTopic<void>({ name, now: ctx.clock.now(), decide: (current) => ({ ...(current && { topic: null }), result: undefined }) });
    ctx.hooks?.topicChanged?.(name);
  }
}

const sameMap = (a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([key, value]) => b[key] === value);
