// DynamoDB / SQS / Kinesis events → AWS::Lambda::EventSourceMapping `F E` (SEMANTICS.md H.1 "Pull events";
// samtranslator model/eventsources/pull.py PullEventSource.to_cloudformation). SAM sets no defaults: Lambda's apply.
import { isIntrinsic, isObject, pick } from '../transform-context.js';
import type { TemplateObject } from '../types.js';
import { addEventResource, failEvent, type FunctionEvent } from './event-context.js';

const COPIED = [
  'BatchSize', 'StartingPosition', 'StartingPositionTimestamp', 'Enabled', 'MaximumBatchingWindowInSeconds',
  'MaximumRetryAttempts', 'BisectBatchOnFunctionError', 'MaximumRecordAgeInSeconds', 'ParallelizationFactor',
  'TumblingWindowInSeconds', 'FunctionResponseTypes', 'FilterCriteria', 'ScalingConfig', 'MetricsConfig',
  'KmsKeyArn',
] as const;

const SOURCE: Record<string, string> = { DynamoDB: 'Stream', Kinesis: 'Stream', SQS: 'Queue' };

export function pullEvent(type: 'DynamoDB' | 'SQS' | 'Kinesis', event: FunctionEvent): void {
  const source = SOURCE[type]!;
  // Texts and order of checks from pull.py PullEventSource.to_cloudformation.
  if (event.properties[source] === undefined) {
    failEvent(event, 'No Queue (for SQS) or Stream (for Kinesis, DynamoDB or MSK) or Broker (for Amazon MQ) provided.');
  }
  if (type !== 'SQS' && event.properties.StartingPosition === undefined) {
    failEvent(event, 'StartingPosition is required for Kinesis, DynamoDB and MSK.');
  }
  const filter = event.properties.FilterCriteria;
  if (filter !== undefined && !isIntrinsic(filter) && (!isObject(filter) || Object.keys(filter).some((key) => key !== 'Filters'))) {
    failEvent(event, 'FilterCriteria field has a wrong format', [...event.path, 'Properties', 'FilterCriteria']);
  }
  const mapping: TemplateObject = {
    FunctionName: event.target.name,
    EventSourceArn: event.properties[source]!,
    ...pick(event.properties, COPIED),
  };
  const destination = event.properties.DestinationConfig;
  if (destination !== undefined) mapping.DestinationConfig = withoutOnFailureType(destination);
  addEventResource(event, event.logicalId, 'AWS::Lambda::EventSourceMapping', mapping);
}

/** `DestinationConfig.OnFailure.Type` only drives SAM's role policy: it is dropped from the mapping. */
function withoutOnFailureType(config: TemplateObject[string]): TemplateObject[string] {
  if (!isObject(config) || !isObject(config.OnFailure)) return config;
  const { Type: _type, ...onFailure } = config.OnFailure;
  return { ...config, OnFailure: onFailure };
}
