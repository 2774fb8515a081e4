// AWS::Lambda::EventSourceMapping → an event of its function: `{ stream: … }` for a DynamoDB stream,
// `{ queue: … }` for an SQS queue (StreamEventConfig / QueueEventConfig in config-types.ts). SAM's
// DynamoDB and SQS events arrive as such mappings (src/templates/sam/events/pull-events.ts).
// A source Eddy does not emulate (Kinesis, Kafka, MQ, DocumentDB) is skipped with a notice, as a resource
// of a type Eddy does not emulate is: the rest of the template still runs.
import type { FilterPattern, FunctionEventConfig, QueueEventConfig, StreamEventConfig } from '../../config/config-types.js';
import { placeholderOf, type TemplateResource } from '../cloudformation/index.js';
import type { MappingContext } from './mapping-context.js';
import { booleanProperty, listProperty, numberProperty, objectProperty, stringProperty, type ResourceMapper } from './resource-mapper.js';
import { arnService, functionNameOf, isStreamArn, queueNameOf, tableNameOf, topicNameOf } from './resource-names.js';

/** Lambda's event source kinds by the ARN's service, for the notice of one Eddy does not emulate. */
const OTHER_SOURCES: Readonly<Record<string, string>> = {
  kinesis: 'Amazon Kinesis',
  kafka: 'Amazon MSK (Kafka)',
  mq: 'Amazon MQ',
  rds: 'Amazon DocumentDB',
};

/** CreateEventSourceMapping members only stream sources take (as src/triggers/queue-source/queue-mapping-settings.ts). */
const STREAM_ONLY = ['ParallelizationFactor', 'MaximumRetryAttempts', 'MaximumRecordAgeInSeconds', 'BisectBatchOnFunctionError', 'TumblingWindowInSeconds'] as const;

export const mapEventSourceMapping: ResourceMapper = (resource, ctx) => {
  const functionText = stringProperty(resource, ctx, 'FunctionName', true);
  const source = sourceOf(resource, ctx);
  if (source === undefined) return;
  const event: FunctionEventConfig = source.kind === 'stream' ? { stream: streamEvent(resource, ctx, source.name) } : { queue: queueEvent(resource, ctx, source.name) };
  ctx.later(() => {
    const name = functionNameOf(functionText);
    const fn = (name === undefined ? undefined : ctx.config.functions[name]) ?? ctx.fail(resource, ['FunctionName'], `${functionText} is not a function of this template`);
    if (source.kind === 'stream') {
      const table = ctx.config.tables[source.name];
      if (table !== undefined && !table.stream) ctx.fail(resource, ['EventSourceArn'], `table ${source.name} has no stream (its StreamSpecification sets none)`);
    }
    fn.events = [...(fn.events ?? []), event];
  });
};

/** The stream's table or the queue of EventSourceArn; undefined (with a notice) for a source Eddy does not emulate. */
function sourceOf(resource: TemplateResource, ctx: MappingContext): { kind: 'stream' | 'queue'; name: string } | undefined {
  const arn = stringProperty(resource, ctx, 'EventSourceArn');
  if (arn === undefined) {
    const kind = resource.properties['SelfManagedEventSource'] !== undefined ? 'self-managed Kafka' : 'an event source without EventSourceArn';
    ctx.notice(`Event source mapping ${resource.logicalId} is skipped: ${kind} is not emulated`);
    return undefined;
  }
  const service = arnService(arn);
  if (service === 'dynamodb') {
    if (!isStreamArn(arn)) ctx.fail(resource, ['EventSourceArn'], `EventSourceArn must be a table's stream ARN (!GetAtt Table.StreamArn), got ${arn}`);
    return { kind: 'stream', name: tableNameOf(arn)! };
  }
  if (service === 'sqs') return { kind: 'queue', name: queueNameOf(arn) ?? ctx.fail(resource, ['EventSourceArn'], `EventSourceArn is not a queue's ARN: ${arn}`) };
  const placeholder = placeholderOf(arn);
  const known = service !== undefined && Object.hasOwn(OTHER_SOURCES, service) ? OTHER_SOURCES[service] : undefined;
  const what = placeholder ? `its source (${placeholder.type})` : (known ?? `the source ${arn}`);
  ctx.notice(`Event source mapping ${resource.logicalId} is skipped: ${what} is not emulated`);
  return undefined;
}

function streamEvent(resource: TemplateResource, ctx: MappingContext, table: string): StreamEventConfig {
  const p = resource.properties;
  const event: StreamEventConfig = { table };
  const position = p['StartingPosition'];
  // Lambda: StartingPosition is required for a DynamoDB stream, AT_TIMESTAMP is Kinesis's (src/triggers/mapping-settings.ts).
  if (position === undefined) ctx.fail(resource, ['StartingPosition'], 'StartingPosition is required for DynamoDB stream event sources (TRIM_HORIZON or LATEST)');
  if (position === 'AT_TIMESTAMP') ctx.fail(resource, ['StartingPosition'], 'Unsupported starting position for DynamoDB streams: AT_TIMESTAMP');
  if (position !== 'TRIM_HORIZON' && position !== 'LATEST') ctx.fail(resource, ['StartingPosition'], `StartingPosition must be TRIM_HORIZON or LATEST, got ${JSON.stringify(position)}`);
  event.startingPosition = position;
  const numbers = [
    ['BatchSize', 'batchSize'],
    ['MaximumBatchingWindowInSeconds', 'maximumBatchingWindow'],
    ['MaximumRetryAttempts', 'maximumRetryAttempts'],
    ['MaximumRecordAgeInSeconds', 'maximumRecordAge'],
    ['ParallelizationFactor', 'parallelizationFactor'],
    ['TumblingWindowInSeconds', 'tumblingWindow'],
  ] as const;
  for (const [key, field] of numbers) {
    const value = numberProperty(resource, ctx, key);
    if (value !== undefined) event[field] = value;
  }
  const bisect = booleanProperty(resource, ctx, 'BisectBatchOnFunctionError');
  if (bisect !== undefined) event.bisectBatchOnFunctionError = bisect;
  const onFailure = onFailureOf(resource, ctx);
  if (onFailure !== undefined) event.onFailure = onFailure;
  if (p['ScalingConfig'] !== undefined) ctx.fail(resource, ['ScalingConfig'], 'Unsupported ScalingConfig parameter for given event source mapping type (it is for SQS queues).');
  return { ...event, ...common(resource, ctx) };
}

function queueEvent(resource: TemplateResource, ctx: MappingContext, name: string): QueueEventConfig {
  const p = resource.properties;
  // Lambda's own answers to these members on an SQS mapping (src/triggers/queue-source/queue-mapping-settings.ts).
  if (p['StartingPosition'] !== undefined) ctx.fail(resource, ['StartingPosition'], 'StartingPosition is not valid for SQS event sources.');
  for (const member of [...STREAM_ONLY, 'DestinationConfig']) {
    if (p[member] !== undefined) ctx.fail(resource, [member], `Unsupported ${member} parameter for given event source mapping type.${member === 'DestinationConfig' ? " (An SQS queue's failed messages go to its RedrivePolicy's dead-letter queue.)" : ''}`);
  }
  const event: QueueEventConfig = { name };
  const batchSize = numberProperty(resource, ctx, 'BatchSize');
  if (batchSize !== undefined) event.batchSize = batchSize;
  const window = numberProperty(resource, ctx, 'MaximumBatchingWindowInSeconds');
  if (window !== undefined) event.maximumBatchingWindow = window;
  const scaling = objectProperty(resource, ctx, 'ScalingConfig');
  const concurrency = numberProperty(resource, ctx, 'MaximumConcurrency', scaling?.['MaximumConcurrency'], ['ScalingConfig', 'MaximumConcurrency']);
  if (concurrency !== undefined) event.maximumConcurrency = concurrency;
  return { ...event, ...common(resource, ctx) };
}

/** FilterCriteria, FunctionResponseTypes and Enabled, which both kinds take. */
function common(resource: TemplateResource, ctx: MappingContext): Pick<StreamEventConfig, 'filterPatterns' | 'functionResponseTypes' | 'enabled'> {
  const out: Pick<StreamEventConfig, 'filterPatterns' | 'functionResponseTypes' | 'enabled'> = {};
  const criteria = objectProperty(resource, ctx, 'FilterCriteria');
  const filters = listProperty(resource, ctx, 'Filters', criteria?.['Filters'], ['FilterCriteria', 'Filters']);
  if (filters !== undefined) out.filterPatterns = filters.map((filter, i) => patternOf(resource, ctx, filter, i));
  const types = listProperty(resource, ctx, 'FunctionResponseTypes');
  if (types !== undefined) {
    types.forEach((type, i) => {
      if (type !== 'ReportBatchItemFailures') ctx.fail(resource, ['FunctionResponseTypes', i], `FunctionResponseTypes takes ReportBatchItemFailures only, got ${JSON.stringify(type)}`);
    });
    out.functionResponseTypes = types as 'ReportBatchItemFailures'[];
  }
  const enabled = booleanProperty(resource, ctx, 'Enabled');
  if (enabled !== undefined) out.enabled = enabled;
  return out;
}

/** A filter's Pattern: the JSON text CloudFormation takes (an object, as YAML users write it, is taken too). */
function patternOf(resource: TemplateResource, ctx: MappingContext, filter: unknown, i: number): FilterPattern {
  const path = ['FilterCriteria', 'Filters', i, 'Pattern'];
  const raw = objectProperty(resource, ctx, '', filter, ['FilterCriteria', 'Filters', i])?.['Pattern'];
  let pattern = raw;
  if (typeof raw === 'string') {
    try {
      pattern = JSON.parse(raw);
    } catch (error) {
      ctx.fail(resource, path, `Pattern must be a JSON object: ${(error as Error).message}`);
    }
  }
  if (pattern === null || typeof pattern !== 'object' || Array.isArray(pattern)) ctx.fail(resource, path, `Pattern must be a JSON object, got ${JSON.stringify(raw)}`);
  return pattern as FilterPattern;
}

/** DestinationConfig.OnFailure.Destination: a queue's or a topic's ARN (S3 destinations are not emulated: a notice). */
function onFailureOf(resource: TemplateResource, ctx: MappingContext): StreamEventConfig['onFailure'] {
  const config = objectProperty(resource, ctx, 'DestinationConfig');
  const onFailure = objectProperty(resource, ctx, 'OnFailure', config?.['OnFailure'], ['DestinationConfig', 'OnFailure']);
  const destination = onFailure?.['Destination'];
  if (destination === undefined) return undefined;
  const path = ['DestinationConfig', 'OnFailure', 'Destination'];
  if (typeof destination !== 'string') return ctx.fail(resource, path, `Destination must be a queue's or topic's ARN, got ${JSON.stringify(destination)}`);
  const service = arnService(destination);
  if (service === 'sqs') return { queue: queueNameOf(destination) ?? ctx.fail(resource, path, `Destination is not a queue's ARN: ${destination}`) };
  if (service === 'sns') return { topic: topicNameOf(destination) ?? ctx.fail(resource, path, `Destination is not a topic's ARN: ${destination}`) };
  if (service === 's3') {
    ctx.notice(`Event source mapping ${resource.logicalId}: S3 on-failure destinations are not emulated; discarded batches are dropped`);
    return undefined;
  }
  return ctx.fail(resource, path, `Destination must be an SQS queue's or SNS topic's ARN, got ${destination}`);
}
