import { isInvocationEndpoint } from '../bus/connections/connection-auth.js';
import { BUS_NAME, CONNECTION_NAME } from './bus-name-rules.js';
import { at, type ConfigChecker, type ConfigPath } from './config-checker.js';
import type { NormalizedTarget, NormalizedTargetResource } from './normalized-bus.js';
import { targetIds } from './target-ids.js';
import { TARGET_OPTIONS, validateTargetOptions } from './validate-target-options.js';
import { FUNCTION_NAME } from './validate-functions.js';
import { isFifoName, QUEUE_NAME } from './validate-queues.js';
import { TOPIC_NAME } from '../topics/config/validate-topics.js';

const KINDS = ['queue', 'function', 'bus', 'http', 'topic'] as const;
/** A rule holds at most this many targets (EventBridge's quota). */
export const MAX_TARGETS = 5;

/** A rule's `targets`: at most 5, each with its derived Id (target-ids.ts). */
export function validateTargets(check: ConfigChecker, raw: unknown, path: ConfigPath): NormalizedTarget[] | undefined {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) return check.expected(path, `a list of at most ${MAX_TARGETS} targets`, raw);
  if (raw.length > MAX_TARGETS) return check.expected(path, `a list of at most ${MAX_TARGETS} targets (EventBridge's limit per rule)`, `${raw.length} targets`);
  const resources = raw.map((target, i) => validateTargetResource(check, target, at(path, i)));
  if (resources.some((r) => r === undefined)) return undefined;
  const ids = targetIds(resources as NormalizedTargetResource[]);
  const targets = raw.map((target, i) => validateTargetOptions(check, target as Record<string, unknown>, at(path, i), ids[i]!));
  if (targets.some((t) => t === undefined)) return undefined;
  return targets.map((options, i) => ({ ...resources[i]!, ...options!, id: ids[i]! }));
}

/** One target: exactly one of queue, function, bus, http, topic (and messageGroupId with a queue or topic only). */
function validateTargetResource(check: ConfigChecker, raw: unknown, path: ConfigPath): NormalizedTargetResource | undefined {
  const target = check.object(raw, path, [...KINDS, 'messageGroupId', ...TARGET_OPTIONS]);
  if (!target) return undefined;
  const kinds = KINDS.filter((kind) => target[kind] !== undefined);
  if (kinds.length !== 1) {
    check.problem(path, `expected exactly one of ${KINDS.join(', ')}, got ${kinds.length === 0 ? 'none' : kinds.join(', ')}`);
    return undefined;
  }
  const kind = kinds[0]!;
  const group = target['messageGroupId'];
  if (group !== undefined && kind !== 'queue' && kind !== 'topic') {
    check.problem(at(path, 'messageGroupId'), 'only queue and topic targets take a messageGroupId');
    return undefined;
  }
  const value = target[kind];
  switch (kind) {
    case 'queue': {
      const queue = check.string(value, at(path, 'queue'), QUEUE_NAME);
      if (queue === undefined) return undefined;
      if (isFifoName(queue) && group === undefined) {
        check.problem(at(path, 'messageGroupId'), `required: messages sent to the FIFO queue ${queue} need a message group`);
        return undefined;
      }
      if (!isFifoName(queue) && group !== undefined) {
        check.problem(at(path, 'messageGroupId'), `only FIFO queues (names ending in .fifo) take one, and ${queue} is a standard queue`);
        return undefined;
      }
      if (group === undefined) return { queue };
      const messageGroupId = check.string(group, at(path, 'messageGroupId'), MESSAGE_GROUP_ID);
      return messageGroupId === undefined ? undefined : { queue, messageGroupId };
    }
    case 'function': {
      const name = check.string(value, at(path, 'function'), FUNCTION_NAME);
      return name === undefined ? undefined : { function: name };
    }
    case 'bus': {
      const bus = check.string(value, at(path, 'bus'), BUS_NAME);
      return bus === undefined ? undefined : { bus };
    }
    case 'http': {
      const http = validateHttpTarget(check, value, at(path, 'http'));
      return http && { http };
    }
    case 'topic': {
      // A FIFO topic's Publish needs a group; EventBridge's SqsParameters carries it (unconfirmed for topics, see topic-target.ts).
      const topic = check.string(value, at(path, 'topic'), TOPIC_NAME);
      if (topic === undefined) return undefined;
      if (isFifoName(topic) !== (group !== undefined)) {
        check.problem(at(path, 'messageGroupId'), isFifoName(topic) ? `required: messages published to the FIFO topic ${topic} need a message group` : `only FIFO topics (names ending in .fifo) take one, and ${topic} is a standard topic`);
        return undefined;
      }
      if (group === undefined) return { topic };
      const messageGroupId = check.string(group, at(path, 'messageGroupId'), MESSAGE_GROUP_ID);
      return messageGroupId === undefined ? undefined : { topic, messageGroupId };
    }
  }
}

/** SqsParameters.MessageGroupId: 1–100 characters (the model's bound; SQS's own is 128). */
const MESSAGE_GROUP_ID = { test: /^[\s\S]{1,100}$/, what: 'a message group id (1 to 100 characters)' };

const METHODS = ['POST', 'GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'DELETE'] as const;

/** `{ url, method?, connection }`: an API destination's endpoint and method, and the connection it uses. */
export function validateHttpTarget(check: ConfigChecker, raw: unknown, path: ConfigPath): Extract<NormalizedTargetResource, { http: unknown }>['http'] | undefined {
  const http = check.object(raw, path, ['url', 'method', 'connection']);
  if (!http) return undefined;
  const url = check.present(http['url'], at(path, 'url')) ? httpUrl(check, http['url'], at(path, 'url')) : undefined;
  const method = http['method'] === undefined ? 'POST' : check.oneOf(http['method'], at(path, 'method'), METHODS);
  const connection = check.present(http['connection'], at(path, 'connection')) ? check.string(http['connection'], at(path, 'connection'), CONNECTION_NAME) : undefined;
  return url === undefined || method === undefined || connection === undefined ? undefined : { url, method, connection };
}

/** An API destination's InvocationEndpoint: AWS takes https:// only; Eddy also http:// for local servers. */
function httpUrl(check: ConfigChecker, raw: unknown, path: ConfigPath): string | undefined {
  if (typeof raw === 'string' && isInvocationEndpoint(raw)) return raw;
  return check.expected(path, 'an https:// (or http://) URL, at most 2048 characters, written as sent (a space as %20)', raw);
}
