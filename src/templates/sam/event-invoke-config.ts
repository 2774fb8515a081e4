// EventInvokeConfig → AWS::Lambda::EventInvokeConfig `<F>EventInvokeConfig` (SEMANTICS.md H.1; samtranslator
// SamFunction._construct_event_invoke_config / _validate_and_inject_resource; texts from there).
import { resourceDetail } from './function-code.js';
import type { FunctionTarget } from './function.js';
import { inherited, isObject, pick, type TransformContext } from './transform-context.js';
import type { TemplateObject, TemplateResource, TemplateValue } from './types.js';

const TYPES = ['SQS', 'SNS', 'EventBridge', 'Lambda', 'S3Bucket'];
const pythonList = (names: readonly string[]) => `[${names.map((n) => `'${n}'`).join(', ')}]`;
const pythonValue = (value: TemplateValue | undefined) => (value === undefined || value === null ? 'None' : typeof value === 'string' ? value : JSON.stringify(value));

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
  const invokeConfig: TemplateResource = { ...inherited(resource), Type: 'AWS::Lambda::EventInvokeConfig', Properties: properties };
  if (target.alias) invokeConfig.DependsOn = [target.alias.logicalId];
  context.add(`${target.logicalId}EventInvokeConfig`, invokeConfig, path);
}

/** The destination ARN; SQS and SNS without `Destination` get a queue/topic of their own. */
function destination(
  kind: 'OnSuccess' | 'OnFailure', entry: TemplateValue, resource: TemplateResource, target: FunctionTarget,
  path: (string | number)[], context: TransformContext,
): TemplateValue {
  if (!isObject(entry) || typeof entry.Type !== 'string' || !TYPES.includes(entry.Type)) {
    const type = isObject(entry) ? entry.Type : undefined;
    return context.fail(resourceDetail(path, `'Type: ${pythonValue(type)}' must be one of ${pythonList(TYPES)}`), [...path, 'Type']);
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
  return context.fail(resourceDetail(path, "Destination is required if Type is not ['SQS', 'SNS']"), path);
}
