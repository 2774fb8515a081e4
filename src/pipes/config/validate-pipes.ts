import { at, type ConfigChecker, type ConfigPath } from '../../config/config-checker.js';
import { defaultDeployment, type Deployment } from '../../shared/arns.js';
import { ServiceError } from '../../shared/service-error.js';
import { checkPipeRequest } from '../check-pipe-request.js';
import { createPipeShape } from '../pipe-shapes.js';
import { validateHttpTarget } from '../../config/validate-targets.js';
import type { NormalizedPipe, PipeHttpEndpoint } from './pipe-config.js';
import { placeholderDestinationArn, type PipeEndpointRole } from './pipe-http-endpoints.js';

const FIELDS = ['source', 'filter', 'enrichment', 'target', 'description', 'enabled', 'tags'];
const STREAM_FIELDS = ['stream', 'startingPosition', 'batchSize', 'maximumBatchingWindow', 'parallelizationFactor', 'maximumRetryAttempts', 'maximumRecordAge', 'onPartialBatchItemFailure', 'deadLetter'];
const QUEUE_FIELDS = ['queue', 'batchSize', 'maximumBatchingWindow'];
const TARGET_FIELDS = {
  bus: ['bus', 'source', 'detailType', 'resources', 'time', 'inputTemplate'],
  queue: ['queue', 'messageGroupId', 'messageDeduplicationId', 'inputTemplate'],
  topic: ['topic', 'messageGroupId', 'messageDeduplicationId', 'inputTemplate'],
  function: ['function', 'invocationType', 'inputTemplate'],
  http: ['http', 'httpParameters', 'inputTemplate'],
  apiDestination: ['apiDestination', 'httpParameters', 'inputTemplate'],
} as const;
const ENRICHMENT_FIELDS = {
  function: ['function', 'inputTemplate'],
  http: ['http', 'httpParameters', 'inputTemplate'],
  apiDestination: ['apiDestination', 'httpParameters', 'inputTemplate'],
} as const;
/** EventBridge's API destination names. */
const DESTINATION_NAME = { test: /^[.\-_A-Za-z0-9]{1,64}$/, what: '1–64 letters, digits, ., - or _' };
const HTTP_PARAMETER_MEMBERS = { pathParameterValues: 'PathParameterValues', headerParameters: 'HeaderParameters', queryStringParameters: 'QueryStringParameters' };
const NAME = { test: /^[.\-_A-Za-z0-9]{1,64}$/, what: '1–64 letters, digits, ., - or _' };
/** A stream label standing in for the one a table will have, while the config is only checked. */
const SOME_LABEL = '2000-01-01T00:00:00.000';

/** Config names to AWS members, per block: what is written is copied under AWS's name, unchecked here (the model checks it). */
const SOURCE_MEMBERS = {
  batchSize: 'BatchSize',
  maximumBatchingWindow: 'MaximumBatchingWindowInSeconds',
  parallelizationFactor: 'ParallelizationFactor',
  maximumRetryAttempts: 'MaximumRetryAttempts',
  maximumRecordAge: 'MaximumRecordAgeInSeconds',
  onPartialBatchItemFailure: 'OnPartialBatchItemFailure',
  startingPosition: 'StartingPosition',
};
const TARGET_MEMBERS = {
  source: 'Source',
  detailType: 'DetailType',
  resources: 'Resources',
  time: 'Time',
  messageGroupId: 'MessageGroupId',
  messageDeduplicationId: 'MessageDeduplicationId',
  invocationType: 'InvocationType',
};
const TARGET_BLOCKS = { bus: 'EventBridgeEventBusParameters', queue: 'SqsQueueParameters', topic: 'SqsQueueParameters', function: 'LambdaFunctionParameters' } as const;

const members = (raw: Record<string, unknown>, names: Record<string, string>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(names).filter(([key]) => raw[key] !== undefined).map(([key, member]) => [member, raw[key]]));

/**
 * The ARNs a config pipe's names stand for, in `deployment`; `streamArn` is the source table's stream
 * (its current label); `destinations` the ARNs of its API destinations (made for its `http` blocks, or
 * named by `apiDestination`; a stand-in ARN without them, while the config is only checked).
 */
export function pipeRequest(pipe: NormalizedPipe, deployment: Deployment, streamArn?: string, destinations: Partial<Record<PipeEndpointRole, string>> = {}): Record<string, unknown> {
  const base = `${deployment.region}:${deployment.account}`;
  const queueArn = (name: string) => `arn:aws:sqs:${base}:${name}`;
  const functionArn = (name: string) => `arn:aws:lambda:${base}:function:${name}`;
  const { source, target, enrichment, deadLetter, deadLetterTopic } = pipe.refs;
  const sourceArn = 'queue' in source ? queueArn(source.queue) : (streamArn ?? `arn:aws:dynamodb:${base}:table/${source.stream}/stream/${SOME_LABEL}`);
  const http = (role: PipeEndpointRole) => destinations[role] ?? placeholderDestinationArn(deployment, 'config', role);
  const targetArn =
    'bus' in target ? `arn:aws:events:${base}:event-bus/${target.bus}` : 'queue' in target ? queueArn(target.queue) : 'topic' in target ? `arn:aws:sns:${base}:${target.topic}` : 'function' in target ? functionArn(target.function) : http('target');
  const params = pipe.request['SourceParameters'] as Record<string, Record<string, unknown>>;
  const sourceParameters =
    deadLetter === undefined && deadLetterTopic === undefined
      ? params
      : { ...params, DynamoDBStreamParameters: { ...params['DynamoDBStreamParameters'], DeadLetterConfig: { Arn: deadLetter !== undefined ? queueArn(deadLetter) : `arn:aws:sns:${base}:${deadLetterTopic}` } } };
  return {
    ...pipe.request,
    Source: sourceArn,
    SourceParameters: sourceParameters,
    Target: targetArn,
    ...(enrichment !== undefined && { Enrichment: 'function' in enrichment ? functionArn(enrichment.function) : http('enrichment') }),
    RoleArn: `arn:aws:iam::${deployment.account}:role/eddy-pipes`,
  };
}

/**
 * The config's `pipes`: each one's shape checked here, then the CreatePipe request it makes checked with
 * the API's model (bounds, enums), its message reported at the pipe's path. Whether its table, queues,
 * bus and functions exist, and the checks CreatePipe makes against them (batch limits, filter patterns,
 * templates), come before applying (apply-pipes.ts).
 */
export function validatePipes(check: ConfigChecker, raw: unknown, path: ConfigPath): Record<string, NormalizedPipe> {
  const out: Record<string, NormalizedPipe> = {};
  const pipes = check.object(raw, path);
  if (!pipes) return out;
  for (const [name, value] of Object.entries(pipes)) {
    const p = at(path, name);
    const named = check.string(name, p, NAME) !== undefined;
    const pipe = check.object(value, p, FIELDS);
    if (!pipe || !named) continue;
    const source = sourceOf(check, pipe['source'], at(p, 'source'));
    const target = targetOf(check, pipe['target'], at(p, 'target'));
    const enrichment = pipe['enrichment'] === undefined ? undefined : enrichmentOf(check, pipe['enrichment'], at(p, 'enrichment'));
    const filter = pipe['filter'] === undefined ? [] : filtersOf(check, pipe['filter'], at(p, 'filter'));
    const enabled = pipe['enabled'] === undefined ? true : check.boolean(pipe['enabled'], at(p, 'enabled'));
    if (!source || !target || filter === undefined || enabled === undefined || enrichment === null) continue;
    const request: Record<string, unknown> = {
      ...(pipe['description'] !== undefined && { Description: pipe['description'] }),
      DesiredState: enabled ? 'RUNNING' : 'STOPPED',
      SourceParameters: { ...(filter.length > 0 && { FilterCriteria: { Filters: filter.map((f) => ({ Pattern: JSON.stringify(f) })) } }), ...source.parameters },
      ...(enrichment?.parameters !== undefined && { EnrichmentParameters: enrichment.parameters }),
      TargetParameters: target.parameters,
      ...(pipe['tags'] !== undefined && { Tags: pipe['tags'] }),
    };
    const normalized: NormalizedPipe = {
      request,
      refs: { source: source.ref, target: target.ref, ...(enrichment && { enrichment: enrichment.ref }), ...(source.deadLetter !== undefined && { deadLetter: source.deadLetter }), ...(source.deadLetterTopic !== undefined && { deadLetterTopic: source.deadLetterTopic }) },
    };
    try {
      checkPipeRequest({ ...pipeRequest(normalized, defaultDeployment), Name: name }, createPipeShape);
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      check.problem(p, error.message);
      continue;
    }
    out[name] = normalized;
  }
  return out;
}

function sourceOf(check: ConfigChecker, raw: unknown, path: ConfigPath) {
  if (!check.present(raw, path)) return undefined;
  const probe = check.object(raw, path);
  if (!probe) return undefined;
  const kinds = ['stream', 'queue'].filter((kind) => probe[kind] !== undefined);
  if (kinds.length !== 1) return void check.problem(path, 'exactly one of stream and queue is needed');
  const kind = kinds[0] as 'stream' | 'queue';
  const source = check.object(raw, path, kind === 'stream' ? STREAM_FIELDS : QUEUE_FIELDS)!;
  const name = check.string(source[kind], at(path, kind));
  const dead = source['deadLetter'] === undefined ? undefined : check.object(source['deadLetter'], at(path, 'deadLetter'), ['queue', 'topic']);
  const deadKind = dead && dead['topic'] !== undefined && dead['queue'] === undefined ? 'topic' : 'queue';
  if (dead && dead['topic'] !== undefined && dead['queue'] !== undefined) return void check.problem(at(path, 'deadLetter'), 'exactly one of queue and topic is needed');
  const deadName = dead && check.string(dead[deadKind], at(at(path, 'deadLetter'), deadKind));
  if (name === undefined || (dead && deadName === undefined)) return undefined;
  const deadLetter = deadKind === 'queue' ? deadName : undefined;
  const deadLetterTopic = deadKind === 'topic' ? deadName : undefined;
  const settings = members(source, SOURCE_MEMBERS);
  const parameters =
    kind === 'stream' ? { DynamoDBStreamParameters: { StartingPosition: 'TRIM_HORIZON', ...settings } } : { SqsQueueParameters: settings };
  return { ref: kind === 'stream' ? { stream: name } : { queue: name }, parameters, ...(deadLetter !== undefined && { deadLetter }), ...(deadLetterTopic !== undefined && { deadLetterTopic }) };
}

function targetOf(check: ConfigChecker, raw: unknown, path: ConfigPath) {
  if (!check.present(raw, path)) return undefined;
  const probe = check.object(raw, path);
  if (!probe) return undefined;
  const kinds = (['bus', 'queue', 'topic', 'function', 'http', 'apiDestination'] as const).filter((kind) => probe[kind] !== undefined);
  if (kinds.length !== 1) return void check.problem(path, 'exactly one of bus, queue, topic, function, http and apiDestination is needed');
  const kind = kinds[0]!;
  const target = check.object(raw, path, TARGET_FIELDS[kind])!;
  if (kind === 'http' || kind === 'apiDestination') {
    const http = httpOf(check, target, path, kind);
    return http && { ref: http.ref, parameters: http.parameters };
  }
  const name = check.string(target[kind], at(path, kind));
  const template = target['inputTemplate'] === undefined ? undefined : check.string(target['inputTemplate'], at(path, 'inputTemplate'));
  if (name === undefined || (target['inputTemplate'] !== undefined && template === undefined)) return undefined;
  const block = members(target, TARGET_MEMBERS);
  const parameters = {
    ...(template !== undefined && { InputTemplate: template }),
    ...(Object.keys(block).length > 0 && { [TARGET_BLOCKS[kind]]: block }),
  };
  const ref = kind === 'bus' ? { bus: name } : kind === 'queue' ? { queue: name } : kind === 'topic' ? { topic: name } : { function: name };
  return { ref, parameters };
}

/**
 * An `http` block (`{ url, method?, connection }`, as a rule's http target) or the name of an API
 * destination (`apiDestination`, one created through the API), with its httpParameters and inputTemplate
 * as AWS's parameters.
 */
function httpOf(check: ConfigChecker, block: Record<string, unknown>, path: ConfigPath, kind: 'http' | 'apiDestination') {
  const endpoint =
    kind === 'http'
      ? (validateHttpTarget(check, block['http'], at(path, 'http')) as PipeHttpEndpoint | undefined)
      : check.string(block['apiDestination'], at(path, 'apiDestination'), DESTINATION_NAME);
  const params = block['httpParameters'] === undefined ? undefined : check.object(block['httpParameters'], at(path, 'httpParameters'), Object.keys(HTTP_PARAMETER_MEMBERS));
  const template = block['inputTemplate'] === undefined ? undefined : check.string(block['inputTemplate'], at(path, 'inputTemplate'));
  if (endpoint === undefined || (block['httpParameters'] !== undefined && !params) || (block['inputTemplate'] !== undefined && template === undefined)) return undefined;
  if (params && !httpParametersValid(check, params, at(path, 'httpParameters'))) return undefined;
  const httpParameters = params && members(params, HTTP_PARAMETER_MEMBERS);
  const parameters = { ...(template !== undefined && { InputTemplate: template }), ...(httpParameters && { HttpParameters: httpParameters }) };
  const ref = typeof endpoint === 'string' ? { apiDestination: endpoint } : { http: endpoint };
  return { ref, parameters };
}

/** HttpParameters' values are texts: a list of them for the path's `*`s, a map of them for headers and the query (the API's model leaves the block unchecked). */
function httpParametersValid(check: ConfigChecker, params: Record<string, unknown>, path: ConfigPath): boolean {
  const texts = (value: unknown, where: ConfigPath) =>
    Object.entries(value as object)
      .map(([key, text]) => check.string(text, at(where, Array.isArray(value) ? Number(key) : key)) !== undefined)
      .every(Boolean);
  let valid = true;
  const path_ = params['pathParameterValues'];
  if (path_ !== undefined && !Array.isArray(path_)) valid = check.expected(at(path, 'pathParameterValues'), 'a list of texts', path_) ?? false;
  else if (path_ !== undefined) valid = texts(path_, at(path, 'pathParameterValues')) && valid;
  for (const name of ['headerParameters', 'queryStringParameters']) {
    if (params[name] === undefined) continue;
    const map = check.object(params[name], at(path, name));
    valid = (map !== undefined && texts(map, at(path, name))) && valid;
  }
  return valid;
}

/** `enrichment`: a function, an http block or an API destination's name, and its inputTemplate; null when it is not valid (a problem reported). */
function enrichmentOf(check: ConfigChecker, raw: unknown, path: ConfigPath) {
  const probe = check.object(raw, path);
  if (!probe) return null;
  const kinds = (['function', 'http', 'apiDestination'] as const).filter((kind) => probe[kind] !== undefined);
  if (kinds.length !== 1) {
    check.problem(path, 'exactly one of function, http and apiDestination is needed');
    return null;
  }
  const kind = kinds[0]!;
  const enrichment = check.object(raw, path, ENRICHMENT_FIELDS[kind])!;
  if (kind !== 'function') {
    const http = httpOf(check, enrichment, path, kind);
    return http ? { ref: http.ref, parameters: Object.keys(http.parameters).length > 0 ? http.parameters : undefined } : null;
  }
  const name = check.string(enrichment['function'], at(path, 'function'));
  const template = enrichment['inputTemplate'] === undefined ? undefined : check.string(enrichment['inputTemplate'], at(path, 'inputTemplate'));
  if (name === undefined || (enrichment['inputTemplate'] !== undefined && template === undefined)) return null;
  return { ref: { function: name }, parameters: template === undefined ? undefined : { InputTemplate: template } };
}

function filtersOf(check: ConfigChecker, raw: unknown, path: ConfigPath): Record<string, unknown>[] | undefined {
  if (!Array.isArray(raw) || raw.length > 5) return check.expected(path, 'a list of up to 5 event patterns', raw);
  const patterns = raw.map((pattern, index) => check.object(pattern, at(path, index)));
  return patterns.every((p) => p !== undefined) ? patterns : undefined;
}
