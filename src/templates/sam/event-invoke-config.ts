// EventInvokeConfig → AWS::Lambda::EventInvokeConfig `<F>EventInvokeConfig` (SEMANTICS.md H.1; samtranslator
// SamFunction._validate_and_inject_resource / _add_event_invoke_managed_policy).
import { resourceDetail } from './function-code.js';
import type { FunctionTarget } from './function.js';
import { inherited, isObject, pick, type TransformContext } from './transform-context.js';
import type { TemplateObject, TemplateResource, TemplateValue } from './types.js';

const TYPES = ['SQS', 'SNS', 'EventBridge', 'Lambda', 'S3Bucket'];

export function eventInvokeConfig(
  value: TemplateValue, resource: TemplateResource, target: FunctionTarget, path: (string | number)[], context: TransformContext,
): void {
  if (!isObject(value)) context.fail(resourceDetail(path, "'EventInvokeConfig' must be a map."), path);
  const config = value as TemplateObject;
  const properties: TemplateObject = {
    FunctionName: { Ref: target.logicalId },
    Qualifier: target.alias?.name ?? '$LATEST',
    ...pick(config, ['MaximumEventAgeInSeconds', 'MaximumRetryAttempts']),
  };
  if (config.DestinationConfig !== undefined) {
    if (!isObject(config.DestinationConfig)) context.fail(resourceDetail(path, "'DestinationConfig' must be a map."), [...path, 'DestinationConfig']);
    const destinations: TemplateObject = {};
    for (const kind of ['OnSuccess', 'OnFailure'] as const) {
      const entry = (config.DestinationConfig as TemplateObject)[kind];
      if (entry === undefined) continue;
      destinations[kind] = { Destination: destination(kind, entry, resource, target, [...path, 'DestinationConfig', kind], context) };
    }
    properties.DestinationConfig = destinations;
  }
  context.add(`${target.logicalId}EventInvokeConfig`, { ...inherited(resource), Type: 'AWS::Lambda::EventInvokeConfig', Properties: properties }, path);
}

/** The destination ARN; SQS and SNS without `Destination` get a queue/topic of their own. */
function destination(
  kind: 'OnSuccess' | 'OnFailure', entry: TemplateValue, resource: TemplateResource, target: FunctionTarget,
  path: (string | number)[], context: TransformContext,
): TemplateValue {
  if (!isObject(entry) || typeof entry.Type !== 'string' || !TYPES.includes(entry.Type)) {
    // SAM: "'Type: <x>' must be one of [...]" (wording unconfirmed).
    return context.fail(resourceDetail(path, `'Type' must be one of ${JSON.stringify(TYPES)}.`), [...path, 'Type']);
  }
  if (entry.Destination !== undefined) return entry.Destination;
  if (entry.Type === 'SQS') {
    const id = `${target.logicalId}EventInvokeConfig${kind}Queue`;
    context.add(id, { ...inherited(resource), Type: 'AWS::SQS::Queue', Properties: {} }, path);
    return { 'Fn::GetAtt': [id, 'Arn'] };
  }
  if (entry.Type === 'SNS') {
    const id = `${target.logicalId}EventInvokeConfig${kind}Topic`;
    context.add(id, { ...inherited(resource), Type: 'AWS::SNS::Topic', Properties: {} }, path);
    return { Ref: id };
  }
  // SAM: "Destination is required if Type is not SQS or SNS" (wording unconfirmed).
  return context.fail(resourceDetail(path, `'Destination' is required when Type is ${entry.Type}.`), path);
}
