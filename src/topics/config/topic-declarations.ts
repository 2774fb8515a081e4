// What a config declares of topics and subscriptions, read by every config check; apply-topics.ts, which
// writes them, is loaded only for a config that has any.
import { at } from '../../config/config-checker.js';
import { configRules } from '../../config/config-rules.js';
import { asyncInvokeTopicReferences } from '../../config/apply-async-invoke.js';
import type { NormalizedConfig } from '../../config/normalized-config.js';
import type { NormalizedTopicSubscription } from './topic-config.js';

/** A subscription the config declares: a topic's, or a function's `sns` event (a lambda subscription). */
export interface ConfigSubscription extends NormalizedTopicSubscription {
  readonly topic: string;
  /** Where the config declares it, for messages. */
  readonly path: string;
}

/** Every subscription of the config: its topics' and its functions' `sns` events. */
export function configSubscriptions(config: NormalizedConfig): ConfigSubscription[] {
  const fromTopics = Object.entries(config.topics ?? {}).flatMap(([topic, t]) => t.subscriptions.map((s, i) => ({ ...s, topic, path: at(at(at('topics', topic), 'subscriptions'), i) })));
  const fromFunctions = Object.entries(config.functions).flatMap(([name, fn]) =>
    fn.events.flatMap((event, i) =>
      'sns' in event
        ? [{ kind: 'function' as const, target: name, protocol: 'lambda', topic: event.sns.topic, attributes: event.sns.attributes, path: at(at(at(at('functions', name), 'events'), i), 'sns'), ...(event.sns.deadLetter !== undefined && { deadLetter: event.sns.deadLetter }) }]
        : [],
    ),
  );
  return [...fromTopics, ...fromFunctions];
}

/** Where the config names a topic as a target: rules' targets, pipes' targets and dead letters, schedules' targets, stream events' onFailure. */
export function topicReferences(config: NormalizedConfig): { topic: string; path: string }[] {
  const out: { topic: string; path: string }[] = [];
  for (const { rule, path } of configRules(config)) {
    rule.targets.forEach((target, index) => 'topic' in target && out.push({ topic: target.topic, path: at(at(at(path, 'targets'), index), 'topic') }));
  }
  for (const [name, pipe] of Object.entries(config.pipes ?? {})) {
    if ('topic' in pipe.refs.target) out.push({ topic: pipe.refs.target.topic, path: at(at(at('pipes', name), 'target'), 'topic') });
    if (pipe.refs.deadLetterTopic !== undefined) out.push({ topic: pipe.refs.deadLetterTopic, path: at(at(at(at('pipes', name), 'source'), 'deadLetter'), 'topic') });
  }
  for (const [name, schedule] of Object.entries(config.schedules ?? {})) {
    if (schedule.refs.topic !== undefined) out.push({ topic: schedule.refs.topic, path: at(at(at('schedules', name), 'target'), 'topic') });
  }
  for (const [name, fn] of Object.entries(config.functions)) {
    fn.events.forEach((event, index) => {
      const onFailure = 'stream' in event ? event.stream.onFailure : undefined;
      if (onFailure && 'topic' in onFailure) out.push({ topic: onFailure.topic, path: at(at(at(at(at(at('functions', name), 'events'), index), 'stream'), 'onFailure'), 'topic') });
    });
  }
  out.push(...asyncInvokeTopicReferences(config));
  return out;
}

/** `signups sqs queue crm-sync`: one subscription's identity on its topic (SNS's key: protocol and endpoint). */
export const subscriptionKey = (s: ConfigSubscription): string => `${s.topic} ${s.protocol} ${s.kind} ${s.target}`;

/** What an edited config drops: its topics and subscriptions no longer declared. */
export function topicsRemoved(before: NormalizedConfig, after: NormalizedConfig): { topics: string[]; subscriptions: ConfigSubscription[] } {
  const topics = Object.keys(before.topics ?? {}).filter((name) => !(name in (after.topics ?? {})));
  const kept = new Set(configSubscriptions(after).map((s) => subscriptionKey(s)));
  const gone = new Set(topics);
  const subscriptions = configSubscriptions(before).filter((s) => !kept.has(subscriptionKey(s)) && !gone.has(s.topic));
  return { topics, subscriptions };
}
