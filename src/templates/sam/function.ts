// AWS::Serverless::Function → AWS::Lambda::Function (+ Version/Alias, EventInvokeConfig, event resources)
// (SEMANTICS.md H.1; samtranslator model/sam_resources.py SamFunction.to_cloudformation).
// No role is generated: Eddy does not emulate IAM (docs/what-works.md).
import { createHash } from 'node:crypto';
import { expandEvents } from './events/expand-events.js';
import { eventInvokeConfig } from './event-invoke-config.js';
import { functionCode, resourceDetail } from './function-code.js';
import { type Globals, withGlobals } from './globals.js';
import { inherited, isObject, pick, type TransformContext } from './transform-context.js';
import type { TemplateObject, TemplateResource, TemplateValue } from './types.js';

/** How events reach a function: its ARN and name, through the alias when AutoPublishAlias is set. */
export interface FunctionTarget {
  logicalId: string;
  alias?: { name: string; logicalId: string };
  version?: string;
  arn: TemplateValue;
  name: TemplateValue;
}

/** Properties that keep their name on AWS::Lambda::Function (no SAM defaults: H.1). */
const PASSED = [
  'FunctionName', 'Description', 'Handler', 'Runtime', 'Timeout', 'MemorySize', 'Environment',
  'ReservedConcurrentExecutions', 'Layers', 'Architectures', 'EphemeralStorage', 'KmsKeyArn', 'VpcConfig',
  'FileSystemConfigs', 'CodeSigningConfigArn', 'ImageConfig', 'PackageType', 'LoggingConfig', 'RecursiveLoop',
  'RuntimeManagementConfig', 'SnapStart', 'Role',
] as const;

export function expandFunction(logicalId: string, resource: TemplateResource, globals: Globals, context: TransformContext): void {
  const path = ['Resources', logicalId];
  const properties = withGlobals(globals, 'Function', resource.Properties ?? {}, resource.IgnoreGlobals);
  const lambda: TemplateObject = { Code: functionCode(properties, path, context), ...pick(properties, PASSED) };
  if (properties.Tracing !== undefined) lambda.TracingConfig = { Mode: properties.Tracing };
  const dlq = deadLetterConfig(properties.DeadLetterQueue, [...path, 'Properties', 'DeadLetterQueue'], context);
  if (dlq) lambda.DeadLetterConfig = dlq;
  lambda.Tags = tags(properties.Tags);
  context.add(logicalId, {
    ...passThroughAttributes(resource),
    Type: 'AWS::Lambda::Function',
    Properties: lambda,
  }, path);

  const target: FunctionTarget = { logicalId, arn: { 'Fn::GetAtt': [logicalId, 'Arn'] }, name: { Ref: logicalId } };
  const aliasName = autoPublishAlias(properties.AutoPublishAlias, [...path, 'Properties', 'AutoPublishAlias'], context);
  if (aliasName !== undefined) {
    // SAM hashes the code dict (+ Environment, MemorySize); a local path only exists before `sam package`, so it
    // is hashed as {Code: <absolute path>} — the id changes with the path, not the code (unconfirmed vs SAM).
    const hashed: TemplateObject = isObject(lambda.Code) ? { ...lambda.Code } : { Code: lambda.Code! };
    if (isObject(properties.Environment)) Object.assign(hashed, properties.Environment);
    if (properties.MemorySize !== undefined) hashed.MemorySize = properties.MemorySize;
    const versionId = `${logicalId}Version${sha1(stableJson(hashed)).slice(0, 10)}`;
    const aliasId = `${logicalId}Alias${aliasName.replace(/-/g, 'D').replace(/_/g, 'U')}`;
    context.add(versionId, {
      ...inherited(resource), Type: 'AWS::Lambda::Version', DeletionPolicy: 'Retain',
      Properties: { FunctionName: { Ref: logicalId } },
    }, [...path, 'Properties', 'AutoPublishAlias']);
    context.add(aliasId, {
      ...inherited(resource), Type: 'AWS::Lambda::Alias',
      Properties: { Name: aliasName, FunctionName: { Ref: logicalId }, FunctionVersion: { 'Fn::GetAtt': [versionId, 'Version'] } },
    }, [...path, 'Properties', 'AutoPublishAlias']);
    context.references.set(`${logicalId}.Alias`, aliasId);
    context.references.set(`${logicalId}.Version`, versionId);
    target.alias = { name: aliasName, logicalId: aliasId };
    target.version = versionId;
    target.arn = { Ref: aliasId };
    target.name = { Ref: aliasId };
  }
  if (properties.FunctionUrlConfig !== undefined) {
    // SAM makes `<F>Url` (AWS::Lambda::Url); Eddy serves functions through Api / HttpApi routes only.
    context.notEmulated.push({ logicalId: `${logicalId}Url`, type: 'AWS::Lambda::Url', origin: context.origin([...path, 'Properties', 'FunctionUrlConfig']) });
  }
  if (properties.EventInvokeConfig !== undefined) {
    eventInvokeConfig(properties.EventInvokeConfig, resource, target, [...path, 'Properties', 'EventInvokeConfig'], context);
  }
  if (properties.Events !== undefined) expandEvents(properties.Events, resource, target, [...path, 'Properties', 'Events'], context);
}

/** Resource attributes a SAM resource hands to its main CloudFormation resource. */
export function passThroughAttributes(resource: TemplateResource): Partial<TemplateResource> {
  return pick(resource as TemplateObject, ['Condition', 'DependsOn', 'Metadata', 'DeletionPolicy', 'UpdateReplacePolicy']) as Partial<TemplateResource>;
}

/** SAM's map of tags → CloudFormation's list, with `lambda:createdBy: SAM` first (as SAM adds it). */
function tags(value: TemplateValue | undefined): TemplateValue[] {
  const list: TemplateValue[] = [{ Key: 'lambda:createdBy', Value: 'SAM' }];
  if (isObject(value)) for (const [Key, Value] of Object.entries(value)) list.push({ Key, Value });
  return list;
}

/** `DeadLetterQueue: {Type: SQS|SNS, TargetArn}` → `DeadLetterConfig: {TargetArn}` (SamFunction._validate_dlq). */
function deadLetterConfig(value: TemplateValue | undefined, path: (string | number)[], context: TransformContext): TemplateObject | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value) || !value.Type || !value.TargetArn) {
    return context.fail(resourceDetail(path, "'DeadLetterQueue' requires Type and TargetArn properties to be specified."), path);
  }
  if (value.Type !== 'SQS' && value.Type !== 'SNS') {
    return context.fail(resourceDetail(path, "'DeadLetterQueue' requires Type of ['SQS', 'SNS']"), [...path, 'Type']);
  }
  return { TargetArn: value.TargetArn };
}

/** The alias name: a string, or a Ref to a parameter (SAM resolves that one before naming ids). */
function autoPublishAlias(value: TemplateValue | undefined, path: (string | number)[], context: TransformContext): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (isObject(value) && typeof value.Ref === 'string' && Object.keys(value).length === 1) {
    const resolved = context.parameter(value.Ref);
    if (resolved !== undefined) return resolved;
  }
  return context.fail(resourceDetail(path, "'AutoPublishAlias' must be a string or a Ref to a template parameter"), path);
}

const sha1 = (text: string) => createHash('sha1').update(text, 'utf8').digest('hex');

/** Python's json.dumps(sort_keys=True, separators=(',', ':')), which SAM hashes for version ids. */
export function stableJson(value: TemplateValue): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stableJson(value[k]!)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
