import { busArn, DEFAULT_BUS } from '../bus/bus-arns.js';
import type { BusContext } from '../bus/bus-context.js';
import { queueArn } from '../queues/queue-url.js';
import type { QueuesContext } from '../queues/queues-context.js';
import type { Deployment } from '../shared/arns.js';
import type { TableContext } from '../table/table-context.js';
import { topicArn } from '../topics/topic-arns.js';
import { functionArn } from '../lambda/function-names.js';
import type { EventInvokeConfig } from '../lambda/event-invoke-config.js';
import { at } from './config-checker.js';
import type { AsyncDestinationConfig, AsyncInvokeConfig } from './config-types.js';
import type { NormalizedConfig } from './normalized-config.js';

/**
 * What the config's `asyncInvoke` destinations name that exists nowhere: a queue, a function or a bus
 * must be in the config or in storage (topics are checked with the other topic references,
 * apply-topics.ts). `FILE: path: what is missing`, as the other reference checks.
 */
export async function checkAsyncInvokeReferences(config: NormalizedConfig, targets: { tables: TableContext; queues: QueuesContext; bus?: BusContext }): Promise<string[]> {
  const problems: string[] = [];
  const exists = {
    queue: async (name: string) => name in config.queues || (await targets.queues.store.get(name)) !== undefined,
    function: async (name: string) => name in config.functions || (await targets.tables.engine.functions.get(name)) !== undefined,
    bus: async (name: string) => name === DEFAULT_BUS || name in config.buses || (targets.bus !== undefined && (await targets.bus.store.getDocument('bus', '', name)) !== undefined),
  };
  for (const [name, fn] of Object.entries(config.functions)) {
    const places: [string[], AsyncDestinationConfig | undefined][] = [
      [['asyncInvoke', 'onSuccess'], fn.asyncInvoke?.onSuccess],
      [['asyncInvoke', 'onFailure'], fn.asyncInvoke?.onFailure],
      [['deadLetter'], fn.deadLetter],
    ];
    for (const [fields, target] of places) {
      if (target === undefined || 'topic' in target) continue;
      const [kind, value] = Object.entries(target)[0] as ['queue' | 'function' | 'bus', string];
      if (!(await exists[kind](value))) problems.push(`${config.file}: ${[...fields, kind].reduce(at, at('functions', name))}: ${kind} ${value} does not exist in this config or in storage`);
    }
  }
  return problems;
}

/** The topics the config's functions send asynchronous records and dead letters to, with their paths (for checkTopics). */
export function asyncInvokeTopicReferences(config: NormalizedConfig): { topic: string; path: string }[] {
  return Object.entries(config.functions).flatMap(([name, fn]) => {
    const path = at('functions', name);
    const out: { topic: string; path: string }[] = [];
    for (const outcome of ['onSuccess', 'onFailure'] as const) {
      const target = fn.asyncInvoke?.[outcome];
      if (target && 'topic' in target) out.push({ topic: target.topic, path: at(at(at(path, 'asyncInvoke'), outcome), 'topic') });
    }
    if (fn.deadLetter && 'topic' in fn.deadLetter) out.push({ topic: fn.deadLetter.topic, path: at(at(path, 'deadLetter'), 'topic') });
    return out;
  });
}

/** A destination's ARN in this deployment, as PutFunctionEventInvokeConfig takes it. */
export function destinationArn(d: Deployment, target: AsyncDestinationConfig): string {
  if ('queue' in target) return queueArn(d, target.queue);
  if ('topic' in target) return topicArn(d, target.topic);
  if ('function' in target) return functionArn(d, target.function);
  return busArn(d, target.bus);
}

/** The stored document of a config's `asyncInvoke`: what PutFunctionEventInvokeConfig would store, marked as the config's. */
export function eventInvokeDocument(d: Deployment, config: AsyncInvokeConfig): EventInvokeConfig {
  return {
    ...(config.maximumRetryAttempts !== undefined && { MaximumRetryAttempts: config.maximumRetryAttempts }),
    ...(config.maximumEventAge !== undefined && { MaximumEventAgeInSeconds: config.maximumEventAge }),
    DestinationConfig: {
      OnSuccess: config.onSuccess ? { Destination: destinationArn(d, config.onSuccess) } : {},
      OnFailure: config.onFailure ? { Destination: destinationArn(d, config.onFailure) } : {},
    },
    FromConfig: true,
  };
}

/**
 * Makes each config function's $LATEST event invoke config the config's `asyncInvoke` (visible to
 * GetFunctionEventInvokeConfig, as a template's AWS::Lambda::EventInvokeConfig is on AWS): written when
 * it differs, removed when the config no longer sets it — only one the config wrote (a config set
 * through the API is left alone). Returns the functions whose config was written or removed.
 */
export async function applyAsyncInvokes(config: NormalizedConfig, tables: TableContext): Promise<{ written: string[]; removed: string[] }> {
  const store = tables.engine.eventInvokeConfigs;
  const out = { written: [] as string[], removed: [] as string[] };
  for (const [name, fn] of Object.entries(config.functions)) {
    const stored = await store.get<EventInvokeConfig>(name, '$LATEST');
    if (fn.asyncInvoke === undefined) {
      if (stored?.config.FromConfig && (await store.delete(name, '$LATEST'))) out.removed.push(name);
      continue;
    }
    const wanted = eventInvokeDocument(tables.deployment, fn.asyncInvoke);
    if (stored && JSON.stringify(stored.config) === JSON.stringify(wanted)) continue;
    await store.write<EventInvokeConfig>(name, '$LATEST', tables.clock.now(), () => wanted);
    out.written.push(name);
  }
  return out;
}

/** Removes what the config wrote for functions dropped from it (a config set through the API is left alone). */
export async function removeAsyncInvokes(names: readonly string[], tables: TableContext): Promise<void> {
  const store = tables.engine.eventInvokeConfigs;
  for (const name of names) {
    const stored = await store.get<EventInvokeConfig>(name, '$LATEST');
    if (stored?.config.FromConfig) await store.delete(name, '$LATEST');
  }
}
