import { at, type ConfigChecker, type ConfigPath } from '../../config/config-checker.js';
import { defaultDeployment, type Deployment } from '../../shared/arns.js';
import { ServiceError } from '../../shared/service-error.js';
import { checkPipeRequest } from '../check-pipe-request.js';
import { createPipeShape } from '../pipe-shapes.js';
import type { NormalizedPipe } from './pipe-config.js';

const FIELDS = ['source', 'filter', 'enrichment', 'target', 'description', 'enabled', 'tags'];
const STREAM_FIELDS = ['stream', 'startingPosition', 'batchSize', 'maximumBatchingWindow', 'parallelizationFactor', 'maximumRetryAttempts', 'maximumRecordAge', 'onPartialBatchItemFailure', 'deadLetter'];
const QUEUE_FIELDS = ['queue', 'batchSize', 'maximumBatchingWindow'];
const TARGET_FIELDS = {
  bus: ['bus', 'source', 'detailType', 'resources', 'time', 'inputTemplate'],
  queue: ['queue', 'messageGroupId', 'messageDeduplicationId', 'inputTemplate'],
  function: ['function', 'invocationType', 'inputTemplate'],
} as const;
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
const TARGET_BLOCKS = { bus: 'EventBridgeEventBusParameters', queue: 'SqsQueueParameters', function: 'LambdaFunctionParameters' } as const;

const members = (raw: Record<string, unknown>, names: Record<string, string>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(names).filter(([key]) => raw[key] !== undefined).map(([key, member]) => [member, raw[key]]));

/** The ARNs a config pipe's names stand for, in `deployment`; `streamArn` is the source table's stream (its current label). */
export function pipeRequest(pipe: NormalizedPipe, deployment: Deployment, streamArn?: string): Record<string, unknown> {
  const base = `${deployment.region}:${deployment.account}`;
  const queueArn = (name: string) => `arn:aws:sqs:${base}:${name}`;
  const functionArn = (name: string) => `arn:aws:lambda:${base}:function:${name}`;
  const { source, target, enrichment, deadLetter } = pipe.refs;
  const sourceArn = 'queue' in source ? queueArn(source.queue) : (streamArn ?? `arn:aws:dynamodb:${base}:table/${source.stream}/stream/${SOME_LABEL}`);
  const targetArn = 'bus' in target ? `arn:aws:events:${base}:event-bus/${target.bus}` : 'queue' in target ? queueArn(target.queue) : functionArn(target.function);
  const params = pipe.request['SourceParameters'] as Record<string, Record<string, unknown>>;
  const sourceParameters =
    deadLetter === undefined ? params : { ...params, DynamoDBStreamParameters: { ...params['DynamoDBStreamParameters'], DeadLetterConfig: { Arn: queueArn(deadLetter) } } };
  return {
    ...pipe.request,
    Source: sourceArn,
    SourceParameters: sourceParameters,
    Target: targetArn,
    ...(enrichment !== undefined && { Enrichment: functionArn(enrichment) }),
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
    const enrichment = pipe['enrichment'] === undefined ? undefined : check.object(pipe['enrichment'], at(p, 'enrichment'), ['function', 'inputTemplate']);
    const enrichmentFunction = enrichment && check.string(enrichment['function'], at(at(p, 'enrichment'), 'function'));
    const filter = pipe['filter'] === undefined ? [] : filtersOf(check, pipe['filter'], at(p, 'filter'));
    const enabled = pipe['enabled'] === undefined ? true : check.boolean(pipe['enabled'], at(p, 'enabled'));
    if (!source || !target || filter === undefined || enabled === undefined || (enrichment && enrichmentFunction === undefined)) continue;
    const request: Record<string, unknown> = {
      ...(pipe['description'] !== undefined && { Description: pipe['description'] }),
      DesiredState: enabled ? 'RUNNING' : 'STOPPED',
      SourceParameters: { ...(filter.length > 0 && { FilterCriteria: { Filters: filter.map((f) => ({ Pattern: JSON.stringify(f) })) } }), ...source.parameters },
      ...(enrichment?.['inputTemplate'] !== undefined && { EnrichmentParameters: { InputTemplate: enrichment['inputTemplate'] } }),
      TargetParameters: target.parameters,
      ...(pipe['tags'] !== undefined && { Tags: pipe['tags'] }),
    };
    const normalized: NormalizedPipe = {
      request,
      refs: { source: source.ref, target: target.ref, ...(enrichmentFunction !== undefined && { enrichment: enrichmentFunction }), ...(source.deadLetter !== undefined && { deadLetter: source.deadLetter }) },
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
  const dead = source['deadLetter'] === undefined ? undefined : check.object(source['deadLetter'], at(path, 'deadLetter'), ['queue']);
  const deadLetter = dead && check.string(dead['queue'], at(at(path, 'deadLetter'), 'queue'));
  if (name === undefined || (dead && deadLetter === undefined)) return undefined;
  const settings = members(source, SOURCE_MEMBERS);
  const parameters =
    kind === 'stream' ? { DynamoDBStreamParameters: { StartingPosition: 'TRIM_HORIZON', ...settings } } : { SqsQueueParameters: settings };
  return { ref: kind === 'stream' ? { stream: name } : { queue: name }, parameters, ...(deadLetter !== undefined && { deadLetter }) };
}

function targetOf(check: ConfigChecker, raw: unknown, path: ConfigPath) {
  if (!check.present(raw, path)) return undefined;
  const probe = check.object(raw, path);
  if (!probe) return undefined;
  const kinds = (['bus', 'queue', 'function'] as const).filter((kind) => probe[kind] !== undefined);
  if (kinds.length !== 1) return void check.problem(path, 'exactly one of bus, queue and function is needed');
  const kind = kinds[0]!;
  const target = check.object(raw, path, TARGET_FIELDS[kind])!;
  const name = check.string(target[kind], at(path, kind));
  const template = target['inputTemplate'] === undefined ? undefined : check.string(target['inputTemplate'], at(path, 'inputTemplate'));
  if (name === undefined || (target['inputTemplate'] !== undefined && template === undefined)) return undefined;
  const block = members(target, TARGET_MEMBERS);
  const parameters = {
    ...(template !== undefined && { InputTemplate: template }),
    ...(Object.keys(block).length > 0 && { [TARGET_BLOCKS[kind]]: block }),
  };
  const ref = kind === 'bus' ? { bus: name } : kind === 'queue' ? { queue: name } : { function: name };
  return { ref, parameters };
}

function filtersOf(check: ConfigChecker, raw: unknown, path: ConfigPath): Record<string, unknown>[] | undefined {
  if (!Array.isArray(raw) || raw.length > 5) return check.expected(path, 'a list of up to 5 event patterns', raw);
  const patterns = raw.map((pattern, index) => check.object(pattern, at(path, index)));
  return patterns.every((p) => p !== undefined) ? patterns : undefined;
}
