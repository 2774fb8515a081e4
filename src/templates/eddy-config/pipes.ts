// AWS::Pipes::Pipe → `pipes` (PipeConfig, src/pipes/config/pipe-config.ts; SEMANTICS.md C.10). A pipe whose
// source, enrichment or target Eddy does not run (Kinesis, MSK, Step Functions, a type not emulated) is left
// out with a notice. RoleArn, LogConfiguration and KmsKeyIdentifier change nothing locally and are not kept.
import type { FilterPattern } from '../../config/config-types.js';
import type { PipeConfig, PipeHttpParameters, PipeSourceConfig, PipeTargetConfig } from '../../pipes/config/pipe-config.js';
import type { TemplateResource } from '../cloudformation/index.js';
import { apiDestinationEndpoint } from './connections.js';
import type { MappingContext } from './mapping-context.js';
import { listProperty, numberProperty, objectProperty, stringProperty, type ResourceMapper } from './resource-mapper.js';
import { arnService, isStreamArn, tableNameOf } from './resource-names.js';
import { arnTarget, jsonObject, oneOfAt, textAt, type ArnTarget } from './target-arns.js';

type Path = (string | number)[];

/** DynamoDBStreamParameters members → the config's stream source fields (durations stay seconds). */
const STREAM_NUMBERS = [
  ['BatchSize', 'batchSize'],
  ['MaximumBatchingWindowInSeconds', 'maximumBatchingWindow'],
  ['ParallelizationFactor', 'parallelizationFactor'],
  ['MaximumRetryAttempts', 'maximumRetryAttempts'],
  ['MaximumRecordAgeInSeconds', 'maximumRecordAge'],
] as const;

/** Thrown inside the mapping when a part of the pipe is something Eddy does not run: the pipe is left out. */
class LeftOut {
  constructor(readonly why: string) {}
}

export const mapPipe: ResourceMapper = (resource, ctx) => {
  const name = ctx.nameOf(resource);
  try {
    ctx.config.pipes[name] = pipeOf(resource, ctx);
  } catch (error) {
    if (!(error instanceof LeftOut)) throw error;
    ctx.notice(`Pipe ${name} left out: ${error.why}`);
  }
};

function pipeOf(resource: TemplateResource, ctx: MappingContext): PipeConfig {
  const p = resource.properties;
  const parameters = objectProperty(resource, ctx, 'SourceParameters') ?? {};
  const pipe: PipeConfig = { source: sourceOf(resource, ctx, parameters), target: targetOf(resource, ctx) };
  const filters = filtersOf(resource, ctx, parameters['FilterCriteria']);
  if (filters.length > 0) pipe.filter = filters;
  if (p['Enrichment'] !== undefined) pipe.enrichment = enrichmentOf(resource, ctx);
  const description = stringProperty(resource, ctx, 'Description');
  if (description !== undefined) pipe.description = description;
  if (oneOfAt(resource, ctx, p['DesiredState'], ['DesiredState'], ['RUNNING', 'STOPPED'] as const) === 'STOPPED') pipe.enabled = false;
  const tags = objectProperty(resource, ctx, 'Tags');
  // Tag values are texts; YAML reads `version: 1` as a number, which CloudFormation passes as its text.
  const tagText = (key: string, value: unknown) => (typeof value === 'number' || typeof value === 'boolean' ? String(value) : textAt(resource, ctx, value, ['Tags', key])!);
  if (tags) pipe.tags = Object.fromEntries(Object.entries(tags).map(([key, value]) => [key, tagText(key, value)]));
  return pipe;
}

function sourceOf(resource: TemplateResource, ctx: MappingContext, parameters: Record<string, unknown>): PipeSourceConfig {
  const arn = stringProperty(resource, ctx, 'Source', true);
  if (arn.startsWith('arn:') && isStreamArn(arn)) {
    const stream = objectProperty(resource, ctx, '', parameters['DynamoDBStreamParameters'], ['SourceParameters', 'DynamoDBStreamParameters']) ?? {};
    const path = ['SourceParameters', 'DynamoDBStreamParameters'];
    const source: PipeSourceConfig & { stream: string } = { stream: tableNameOf(arn)! };
    const position = oneOfAt(resource, ctx, stream['StartingPosition'], [...path, 'StartingPosition'], ['TRIM_HORIZON', 'LATEST'] as const);
    if (position !== undefined) source.startingPosition = position;
    for (const [member, field] of STREAM_NUMBERS) {
      const value = numberProperty(resource, ctx, '', stream[member], [...path, member]);
      if (value !== undefined) source[field] = value;
    }
    const bisect = oneOfAt(resource, ctx, stream['OnPartialBatchItemFailure'], [...path, 'OnPartialBatchItemFailure'], ['AUTOMATIC_BISECT'] as const);
    if (bisect !== undefined) source.onPartialBatchItemFailure = bisect;
    const deadLetter = objectProperty(resource, ctx, '', stream['DeadLetterConfig'], [...path, 'DeadLetterConfig']);
    if (deadLetter?.['Arn'] !== undefined) {
      // A stream source's DeadLetterConfig takes a queue or a topic (pipe-config.ts).
      const found = arnTarget(deadLetter['Arn'], ctx);
      if (found?.kind === 'queue') source.deadLetter = { queue: found.name };
      else if (found?.kind === 'topic') source.deadLetter = { topic: found.name };
      else ctx.fail(resource, [...path, 'DeadLetterConfig', 'Arn'], `Arn must be an SQS queue's or SNS topic's ARN, got ${JSON.stringify(deadLetter['Arn'])}`);
    }
    return source;
  }
  // A table's ARN where its stream's is meant (`!GetAtt T.Arn` for `T.StreamArn`) is the template's mistake, not a source Eddy lacks.
  const found = (arnService(arn) === 'dynamodb' ? undefined : arnTarget(arn, ctx)) ??
    ctx.fail(resource, ['Source'], `Source must be a DynamoDB stream's or SQS queue's ARN, got ${JSON.stringify(arn)}`);
  if (found.kind === 'queue') {
    const path = ['SourceParameters', 'SqsQueueParameters'];
    const queue = objectProperty(resource, ctx, '', parameters['SqsQueueParameters'], path) ?? {};
    const batchSize = numberProperty(resource, ctx, '', queue['BatchSize'], [...path, 'BatchSize']);
    const window = numberProperty(resource, ctx, '', queue['MaximumBatchingWindowInSeconds'], [...path, 'MaximumBatchingWindowInSeconds']);
    return { queue: found.name, ...(batchSize !== undefined && { batchSize }), ...(window !== undefined && { maximumBatchingWindow: window }) };
  }
  if (found.kind === 'unsupported') throw new LeftOut(`its source, ${found.what}, is not a source Eddy reads`);
  return ctx.fail(resource, ['Source'], `Source must be a DynamoDB stream's or SQS queue's ARN, got ${JSON.stringify(arn)}`);
}

function targetOf(resource: TemplateResource, ctx: MappingContext): PipeTargetConfig {
  const arn = stringProperty(resource, ctx, 'Target', true);
  const found = arnTarget(arn, ctx) ?? ctx.fail(resource, ['Target'], `Target must be the ARN of a bus, queue, topic, function or API destination, got ${JSON.stringify(arn)}`);
  const parameters = objectProperty(resource, ctx, 'TargetParameters') ?? {};
  const path = ['TargetParameters'];
  const block = (key: string) => objectProperty(resource, ctx, '', parameters[key], [...path, key]) ?? {};
  const text = (b: Record<string, unknown>, key: string, member: string) => textAt(resource, ctx, b[member], [...path, key, member]);
  const template = textAt(resource, ctx, parameters['InputTemplate'], [...path, 'InputTemplate']);
  const templated = template === undefined ? {} : { inputTemplate: template };
  const sqs = block('SqsQueueParameters');
  const ids = {
    ...(sqs['MessageGroupId'] !== undefined && { messageGroupId: text(sqs, 'SqsQueueParameters', 'MessageGroupId')! }),
    ...(sqs['MessageDeduplicationId'] !== undefined && { messageDeduplicationId: text(sqs, 'SqsQueueParameters', 'MessageDeduplicationId')! }),
  };
  switch (found.kind) {
    case 'unsupported':
      throw new LeftOut(`its target, ${found.what}, is not a target Eddy delivers to`);
    case 'queue':
      return { queue: found.name, ...ids, ...templated };
    case 'topic':
      return { topic: found.name, ...ids, ...templated };
    case 'function': {
      const lambda = block('LambdaFunctionParameters');
      const invocationType = oneOfAt(resource, ctx, lambda['InvocationType'], [...path, 'LambdaFunctionParameters', 'InvocationType'], ['REQUEST_RESPONSE', 'FIRE_AND_FORGET'] as const);
      return { function: found.name, ...(invocationType && { invocationType }), ...templated };
    }
    case 'bus': {
      const bus = block('EventBridgeEventBusParameters');
      const key = 'EventBridgeEventBusParameters';
      if (bus['EndpointId'] !== undefined) ctx.notice(`Pipe ${ctx.nameOf(resource)}: EventBridgeEventBusParameters.EndpointId (a global endpoint) is not emulated; events go to the bus`);
      const resources = listProperty(resource, ctx, '', bus['Resources'], [...path, key, 'Resources']);
      return {
        bus: found.name,
        ...(bus['Source'] !== undefined && { source: text(bus, key, 'Source')! }),
        ...(bus['DetailType'] !== undefined && { detailType: text(bus, key, 'DetailType')! }),
        ...(resources && { resources: resources.map((r, i) => textAt(resource, ctx, r, [...path, key, 'Resources', i])!) }),
        ...(bus['Time'] !== undefined && { time: text(bus, key, 'Time')! }),
        ...templated,
      };
    }
    case 'apiDestination':
      return { ...httpEnd(resource, ctx, found, parameters, path), ...templated } as PipeTargetConfig;
  }
}

function enrichmentOf(resource: TemplateResource, ctx: MappingContext): NonNullable<PipeConfig['enrichment']> {
  const arn = stringProperty(resource, ctx, 'Enrichment', true);
  const found = arnTarget(arn, ctx) ?? ctx.fail(resource, ['Enrichment'], `Enrichment must be the ARN of a function or API destination, got ${JSON.stringify(arn)}`);
  const parameters = objectProperty(resource, ctx, 'EnrichmentParameters') ?? {};
  const template = textAt(resource, ctx, parameters['InputTemplate'], ['EnrichmentParameters', 'InputTemplate']);
  const templated = template === undefined ? {} : { inputTemplate: template };
  if (found.kind === 'function') return { function: found.name, ...templated };
  if (found.kind === 'apiDestination') return { ...httpEnd(resource, ctx, found, parameters, ['EnrichmentParameters']), ...templated } as NonNullable<PipeConfig['enrichment']>;
  throw new LeftOut(`its enrichment, ${found.kind === 'unsupported' ? found.what : `the ${found.kind} ${found.name}`}, is not an enrichment Eddy calls`);
}

/** An API destination end: the template's (an `http` block), else one created through the API, by name. */
function httpEnd(resource: TemplateResource, ctx: MappingContext, found: Extract<ArnTarget, { kind: 'apiDestination' }>, parameters: Record<string, unknown>, path: Path) {
  const http = apiDestinationEndpoint(ctx, found.name);
  const given = objectProperty(resource, ctx, '', parameters['HttpParameters'], [...path, 'HttpParameters']);
  const httpParameters: PipeHttpParameters = {};
  if (given?.['PathParameterValues'] !== undefined) httpParameters.pathParameterValues = listProperty(resource, ctx, '', given['PathParameterValues'], [...path, 'HttpParameters', 'PathParameterValues']) as string[];
  if (given?.['HeaderParameters'] !== undefined) httpParameters.headerParameters = objectProperty(resource, ctx, '', given['HeaderParameters'], [...path, 'HttpParameters', 'HeaderParameters']) as Record<string, string>;
  if (given?.['QueryStringParameters'] !== undefined) httpParameters.queryStringParameters = objectProperty(resource, ctx, '', given['QueryStringParameters'], [...path, 'HttpParameters', 'QueryStringParameters']) as Record<string, string>;
  return { ...(http ? { http } : { apiDestination: found.name }), ...(given && { httpParameters }) };
}

/** FilterCriteria.Filters[].Pattern: each a pattern's JSON text. */
function filtersOf(resource: TemplateResource, ctx: MappingContext, raw: unknown): FilterPattern[] {
  const path = ['SourceParameters', 'FilterCriteria'];
  const criteria = objectProperty(resource, ctx, '', raw, path);
  const filters = listProperty(resource, ctx, '', criteria?.['Filters'], [...path, 'Filters']) ?? [];
  return filters.map((filter, i) => {
    const pattern = objectProperty(resource, ctx, '', filter, [...path, 'Filters', i])!['Pattern'];
    return jsonObject(resource, ctx, pattern, [...path, 'Filters', i, 'Pattern']);
  });
}
