// `stream` and `sqs` events → SAM DynamoDB / Kinesis / SQS events (SEMANTICS.md H.3 "stream", "sqs"; serverless
// lib/plugins/aws/package/compile/events/{stream,sqs}.js). Serverless sets defaults Lambda does not (BatchSize 10,
// StartingPosition TRIM_HORIZON, Enabled true), so they are written out here.
import { alphaNumericName, isIntrinsic, isObject, type Json, type JsonObject } from './generated-template.js';
import { addSamEvent, filterCriteria, locateProperty, renamed, type ServiceEvent } from './service-function.js';

const STREAM_PROPERTIES = {
  batchSize: 'BatchSize', startingPosition: 'StartingPosition', startingPositionTimestamp: 'StartingPositionTimestamp',
  enabled: 'Enabled', batchWindow: 'MaximumBatchingWindowInSeconds', maximumRetryAttempts: 'MaximumRetryAttempts',
  bisectBatchOnFunctionError: 'BisectBatchOnFunctionError', parallelizationFactor: 'ParallelizationFactor',
  maximumRecordAgeInSeconds: 'MaximumRecordAgeInSeconds', tumblingWindowInSeconds: 'TumblingWindowInSeconds',
} as const;

const SQS_PROPERTIES = { batchSize: 'BatchSize', maximumBatchingWindow: 'MaximumBatchingWindowInSeconds', enabled: 'Enabled' } as const;

export function streamEvent(event: ServiceEvent): void {
  const { value, from, out } = event;
  const short = typeof value === 'string' || isIntrinsic(value);
  const config: JsonObject = short ? { arn: value } : isObject(value) ? value : out.fail(from, streamSyntax(event));
  const arn = config['arn'];
  if (arn === undefined || arn === null) out.fail(from, streamSyntax(event));
  const type = config['type'] ?? streamTypeOf(arn!, event);
  if (type !== 'dynamodb' && type !== 'kinesis') {
    out.fail(short ? from : [...from, config['type'] === undefined ? 'arn' : 'type'],
      `Stream event of function "${event.fn.key}": "type" must be dynamodb or kinesis${config['type'] === undefined ? ' (it cannot be told from this arn)' : ''}`);
  }
  const properties: JsonObject = {
    Stream: arn!, BatchSize: 10, StartingPosition: 'TRIM_HORIZON', Enabled: true, ...renamed(config, STREAM_PROPERTIES),
  };
  if (config['functionResponseType'] !== undefined) properties['FunctionResponseTypes'] = [config['functionResponseType']!];
  const filters = filterCriteria(config['filterPatterns'], event, [...from, 'filterPatterns']);
  if (filters) properties['FilterCriteria'] = filters;
  const destinations = config['destinations'];
  if (isObject(destinations) && destinations['onFailure'] !== undefined) {
    const onFailure = destinations['onFailure']!;
    const destination = isObject(onFailure) && !isIntrinsic(onFailure) ? onFailure['arn'] : onFailure;
    if (destination === undefined) out.fail([...from, 'destinations', 'onFailure'], 'destinations.onFailure needs an arn');
    properties['DestinationConfig'] = { OnFailure: { Destination: destination! } };
  }
  const samType = type === 'dynamodb' ? 'DynamoDB' : 'Kinesis';
  const id = addSamEvent(event, `EventSourceMapping${samType === 'DynamoDB' ? 'Dynamodb' : 'Kinesis'}${alphaNumericName(sourceName(arn!))}`, samType, properties);
  locateProperties(event, id, short ? undefined : config);
  locateProperty(event, id, 'Stream', short ? from : [...from, 'arn'], arn);
}

export function sqsEvent(event: ServiceEvent): void {
  const { value, from, out } = event;
  const config: JsonObject = typeof value === 'string' || isIntrinsic(value) ? { arn: value } : isObject(value) ? value : out.fail(from, sqsSyntax(event));
  const arn = config['arn'];
  if (arn === undefined || arn === null) out.fail(from, sqsSyntax(event));
  const properties: JsonObject = { Queue: arn!, BatchSize: 10, Enabled: true, ...renamed(config, SQS_PROPERTIES) };
  if (config['functionResponseType'] !== undefined) properties['FunctionResponseTypes'] = [config['functionResponseType']!];
  const filters = filterCriteria(config['filterPatterns'], event, [...from, 'filterPatterns']);
  if (filters) properties['FilterCriteria'] = filters;
  if (config['maximumConcurrency'] !== undefined) properties['ScalingConfig'] = { MaximumConcurrency: config['maximumConcurrency']! };
  const id = addSamEvent(event, `EventSourceMappingSQS${alphaNumericName(sourceName(arn!))}`, 'SQS', properties);
  locateProperties(event, id, typeof value === 'string' || isIntrinsic(value) ? undefined : config);
  locateProperty(event, id, 'Queue', typeof value === 'string' || isIntrinsic(value) ? from : [...from, 'arn'], arn);
}

/** Each property at the line of the key it came from. */
function locateProperties(event: ServiceEvent, id: string, config: JsonObject | undefined): void {
  if (!config) return;
  const names: Record<string, string> = {
    ...STREAM_PROPERTIES, ...SQS_PROPERTIES, functionResponseType: 'FunctionResponseTypes', filterPatterns: 'FilterCriteria',
    destinations: 'DestinationConfig', maximumConcurrency: 'ScalingConfig',
  };
  for (const [key, property] of Object.entries(names)) {
    if (config[key] !== undefined) event.out.locate(['Resources', event.fn.logicalId, 'Properties', 'Events', id, 'Properties', property], [...event.from, key]);
  }
}

/** dynamodb or kinesis, from the ARN's service or the type of the resource a GetAtt / Ref names. */
function streamTypeOf(arn: Json, event: ServiceEvent): string | undefined {
  if (typeof arn === 'string') return /^arn:[^:]*:(dynamodb|kinesis):/.exec(arn)?.[1];
  const resource = event.settings.userResources[sourceName(arn)];
  const type = isObject(resource) ? resource['Type'] : undefined;
  if (type === 'AWS::DynamoDB::Table' || type === 'AWS::DynamoDB::GlobalTable') return 'dynamodb';
  if (type === 'AWS::Kinesis::Stream') return 'kinesis';
  return undefined;
}

/** The name in an event's id: the table or queue of an ARN, the logical id of a GetAtt / Ref (naming.js getStreamLogicalId). */
function sourceName(arn: Json): string {
  if (typeof arn === 'string') {
    const table = /:table\/([^/]+)/.exec(arn);
    return table ? table[1]! : arn.split(':').at(-1)!;
  }
  if (isObject(arn)) {
    const getAtt = arn['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
    if (typeof arn['Ref'] === 'string') return arn['Ref'];
  }
  return '';
}

const streamSyntax = (event: ServiceEvent) =>
  `Stream event of function "${event.fn.key}" is not valid: write "stream: <arn>" or "stream: { arn: …, type: dynamodb }"`;
const sqsSyntax = (event: ServiceEvent) =>
  `SQS event of function "${event.fn.key}" is not valid: write "sqs: <queue arn>" or "sqs: { arn: … }"`;
