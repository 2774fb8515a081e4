import type { HttpMethod } from './config-types.js';
import { at, type ConfigChecker, type ConfigPath } from './config-checker.js';
import type { NormalizedEvent, NormalizedHttpEvent, NormalizedQueueEvent, NormalizedStreamEvent } from './normalized-config.js';
import { targetIds } from './target-ids.js';
import { validateBusEvent } from './validate-bus-events.js';
import { isFifoName, QUEUE_NAME } from './validate-queues.js';
import { validateSchedule } from './validate-rule-triggers.js';
import { TABLE_NAME } from './validate-tables.js';
import { TOPIC_NAME, validateSnsEvent } from '../topics/config/validate-topics.js';

const EVENT_KINDS = ['stream', 'queue', 'http', 'eventBridge', 'schedule', 'sns'] as const;
const STREAM_FIELDS = [
  'table', 'batchSize', 'maximumBatchingWindow', 'startingPosition', 'filterPatterns', 'maximumRetryAttempts',
  'maximumRecordAge', 'bisectBatchOnFunctionError', 'parallelizationFactor', 'tumblingWindow',
  'functionResponseTypes', 'onFailure', 'enabled',
];
const QUEUE_FIELDS = ['name', 'batchSize', 'maximumBatchingWindow', 'filterPatterns', 'functionResponseTypes', 'maximumConcurrency', 'enabled'];
export const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY'];
/** Lambda's filter limits: 5 patterns per mapping (the default quota), each at most 4096 characters of JSON. */
const MAX_FILTER_PATTERNS = 5;
const MAX_PATTERN_LENGTH = 4096;

/** One entry of function `fn`'s `events`: exactly one of `stream`, `queue`, `http`, `eventBridge`, `schedule`, `sns`. */
export function validateEvent(check: ConfigChecker, raw: unknown, path: ConfigPath, fn: string): NormalizedEvent | undefined {
  const event = check.object(raw, path, EVENT_KINDS);
  if (!event) return undefined;
  const kinds = EVENT_KINDS.filter((kind) => event[kind] !== undefined);
  if (kinds.length !== 1) {
    if (Object.keys(event).every((key) => (EVENT_KINDS as readonly string[]).includes(key))) {
      check.problem(path, `expected exactly one of ${EVENT_KINDS.join(', ')}, got ${kinds.length === 0 ? 'none' : kinds.join(', ')}`);
    }
    return undefined;
  }
  switch (kinds[0]!) {
    case 'stream': {
      const stream = validateStreamEvent(check, event['stream'], at(path, 'stream'));
      return stream && { stream };
    }
    case 'queue': {
      const queue = validateQueueEvent(check, event['queue'], at(path, 'queue'));
      return queue && { queue };
    }
    case 'http': {
      const http = validateHttpEvent(check, event['http'], at(path, 'http'));
      return http && { http };
    }
    case 'eventBridge': {
      const eventBridge = validateBusEvent(check, event['eventBridge'], at(path, 'eventBridge'), targetIds([{ function: fn }])[0]!);
      return eventBridge && { eventBridge };
    }
    case 'schedule': {
      const schedule = validateSchedule(check, event['schedule'], at(path, 'schedule'));
      return schedule === undefined ? undefined : { schedule };
    }
    case 'sns': {
      const sns = validateSnsEvent(check, event['sns'], at(path, 'sns'));
      return sns && { sns };
    }
  }
}

/** Ranges are those of CreateEventSourceMapping for DynamoDB streams (SEMANTICS.md §B.2). */
function validateStreamEvent(check: ConfigChecker, raw: unknown, path: ConfigPath): NormalizedStreamEvent | undefined {
  const e = check.object(raw, path, STREAM_FIELDS);
  if (!e) return undefined;
  const field = (name: string) => at(path, name);
  const int = (name: string, min: number, max: number, fallback: number) =>
    e[name] === undefined ? fallback : check.integer(e[name], field(name), min, max);
  // The table may be declared in this config or created through the API: any valid name is accepted
  // here; the mapping finds (or waits for) its stream when applied.
  const table = check.present(e['table'], field('table')) ? check.string(e['table'], field('table'), TABLE_NAME) : undefined;
  const batchSize = int('batchSize', 1, 10_000, 100);
  const maximumBatchingWindow = int('maximumBatchingWindow', 0, 300, 0);
  // AT_TIMESTAMP is for Kinesis and Kafka; CreateEventSourceMapping refuses it for DynamoDB streams.
  const startingPosition = e['startingPosition'] === undefined
    ? 'TRIM_HORIZON'
    : check.oneOf(e['startingPosition'], field('startingPosition'), ['TRIM_HORIZON', 'LATEST'] as const);
  const patterns = filterPatterns(check, e['filterPatterns'], field('filterPatterns'));
  const maximumRetryAttempts = int('maximumRetryAttempts', -1, 10_000, -1);
  let maximumRecordAge: number | undefined = -1;
  if (e['maximumRecordAge'] !== undefined) {
    const age = e['maximumRecordAge'];
    const ok = age === -1 || (typeof age === 'number' && Number.isInteger(age) && age >= 60 && age <= 604_800);
    maximumRecordAge = ok ? (age as number) : check.expected(field('maximumRecordAge'), '-1 or an integer from 60 to 604800', age);
  }
  const bisect = e['bisectBatchOnFunctionError'] === undefined ? false : check.boolean(e['bisectBatchOnFunctionError'], field('bisectBatchOnFunctionError'));
  const parallelizationFactor = int('parallelizationFactor', 1, 10, 1);
  const tumblingWindow = int('tumblingWindow', 0, 900, 0);
  const types = responseTypes(check, e['functionResponseTypes'], field('functionResponseTypes'));
  let onFailure: { queue: string } | { topic: string } | undefined | null = null;
  if (e['onFailure'] !== undefined) {
    const target = check.object(e['onFailure'], field('onFailure'), ['queue', 'topic']);
    // Like tables, the destination queue or topic may come from this config or from the API (Lambda takes SQS queues and SNS topics).
    if (target && target['topic'] !== undefined && target['queue'] === undefined) {
      const topic = check.string(target['topic'], at(field('onFailure'), 'topic'), TOPIC_NAME);
      onFailure = topic === undefined ? undefined : { topic };
    } else if (target && target['topic'] !== undefined) {
      check.problem(field('onFailure'), 'expected exactly one of queue, topic, got queue, topic');
      onFailure = undefined;
    } else {
      const queuePath = at(field('onFailure'), 'queue');
      const queue = target && check.present(target['queue'], queuePath) ? check.string(target['queue'], queuePath, QUEUE_NAME) : undefined;
      onFailure = queue === undefined ? undefined : { queue };
    }
  }
  const enabled = e['enabled'] === undefined ? true : check.boolean(e['enabled'], field('enabled'));
  const out = {
    table,
    batchSize,
    maximumBatchingWindow,
    startingPosition,
    filterPatterns: patterns,
    maximumRetryAttempts,
    maximumRecordAge,
    bisectBatchOnFunctionError: bisect,
    parallelizationFactor,
    tumblingWindow,
    functionResponseTypes: types,
    ...(onFailure ? { onFailure } : {}),
    enabled,
  };
  if (onFailure === undefined || Object.values(out).some((value) => value === undefined)) return undefined;
  return out as NormalizedStreamEvent;
}

/** Ranges are those of CreateEventSourceMapping for SQS. */
function validateQueueEvent(check: ConfigChecker, raw: unknown, path: ConfigPath): NormalizedQueueEvent | undefined {
  const e = check.object(raw, path, QUEUE_FIELDS);
  if (!e) return undefined;
  const field = (name: string) => at(path, name);
  const name = check.present(e['name'], field('name')) ? check.string(e['name'], field('name'), QUEUE_NAME) : undefined;
  const maxBatch = name !== undefined && isFifoName(name) ? 10 : 10_000;
  const batchSize = e['batchSize'] === undefined ? 10 : check.integer(e['batchSize'], field('batchSize'), 1, maxBatch);
  const window = e['maximumBatchingWindow'] === undefined ? 0 : check.integer(e['maximumBatchingWindow'], field('maximumBatchingWindow'), 0, 300);
  if (batchSize !== undefined && batchSize > 10 && window === 0) {
    // As Lambda: "Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10".
    check.problem(field('maximumBatchingWindow'), `expected at least 1 when batchSize is over 10, got ${e['maximumBatchingWindow'] ?? 'nothing (0)'}`);
    return undefined;
  }
  const out: Record<string, unknown> = {
    name,
    batchSize,
    maximumBatchingWindow: window,
    filterPatterns: filterPatterns(check, e['filterPatterns'], field('filterPatterns')),
    functionResponseTypes: responseTypes(check, e['functionResponseTypes'], field('functionResponseTypes')),
    enabled: e['enabled'] === undefined ? true : check.boolean(e['enabled'], field('enabled')),
  };
  if (e['maximumConcurrency'] !== undefined) out['maximumConcurrency'] = check.integer(e['maximumConcurrency'], field('maximumConcurrency'), 2, 1000);
  if (Object.values(out).some((value) => value === undefined)) return undefined;
  return out as unknown as NormalizedQueueEvent;
}

/** `{ method, path, payloadFormat? }` or the shorthand `'POST /users'`. */
export function validateHttpEvent(check: ConfigChecker, raw: unknown, path: ConfigPath): NormalizedHttpEvent | undefined {
  if (typeof raw === 'string') {
    const match = /^(\S+) (\S+)$/.exec(raw);
    if (!match) return check.expected(path, `"METHOD /path" (e.g. "POST /users") or { method, path }`, raw);
    const method = check.oneOf(match[1], path, METHODS);
    const route = routePath(check, match[2], path);
    return method && route ? { method, path: route } : undefined;
  }
  const e = check.object(raw, path, ['method', 'path', 'payloadFormat']);
  if (!e) return undefined;
  const method = check.present(e['method'], at(path, 'method')) ? check.oneOf(e['method'], at(path, 'method'), METHODS) : undefined;
  const route = check.present(e['path'], at(path, 'path')) ? routePath(check, e['path'], at(path, 'path')) : undefined;
  if (e['payloadFormat'] === undefined) return method && route ? { method, path: route } : undefined;
  const format = check.oneOf(e['payloadFormat'], at(path, 'payloadFormat'), PAYLOAD_FORMATS);
  return method && route && format ? { method, path: route, payloadFormat: format } : undefined;
}

export const PAYLOAD_FORMATS = ['1.0', '2.0'] as const;

/** `/users/{id}`: literal segments, `{name}` parameters, and a greedy `{name+}` only at the end. */
export function routePath(check: ConfigChecker, raw: unknown, path: ConfigPath): string | undefined {
  const what = 'a path starting with / (segments: text, {param}, or a final {proxy+})';
  if (typeof raw !== 'string' || !/^\/[^\s?#]*$/.test(raw)) return check.expected(path, what, raw);
  const segments = raw.split('/').slice(1);
  const ok = segments.every(
    (segment, i) =>
      /^[^{}]*$/.test(segment) || /^\{[A-Za-z0-9_]+\}$/.test(segment) || (i === segments.length - 1 && /^\{[A-Za-z0-9_]+\+\}$/.test(segment)),
  );
  return ok ? raw : check.expected(path, what, raw);
}

function filterPatterns(check: ConfigChecker, raw: unknown, path: ConfigPath): Record<string, unknown>[] | undefined {
  if (raw === undefined) return [];
  if (!Array.isArray(raw) || raw.length > MAX_FILTER_PATTERNS) {
    return check.expected(path, `a list of at most ${MAX_FILTER_PATTERNS} event patterns`, raw);
  }
  let valid = true;
  raw.forEach((pattern, i) => {
    if (!check.object(pattern, at(path, i))) valid = false;
    else if (JSON.stringify(pattern).length > MAX_PATTERN_LENGTH) {
      check.problem(at(path, i), `a pattern is at most ${MAX_PATTERN_LENGTH} characters of JSON, got ${JSON.stringify(pattern).length}`);
      valid = false;
    }
  });
  return valid ? (raw as Record<string, unknown>[]) : undefined;
}

function responseTypes(check: ConfigChecker, raw: unknown, path: ConfigPath): 'ReportBatchItemFailures'[] | undefined {
  if (raw === undefined) return [];
  if (Array.isArray(raw) && raw.length <= 1 && raw.every((type) => type === 'ReportBatchItemFailures')) {
    return raw as 'ReportBatchItemFailures'[];
  }
  return check.expected(path, '[] or ["ReportBatchItemFailures"]', raw);
}
