// What Ref and Fn::GetAtt of each resource give once Eddy has made it (issue 20: "resolve to what Eddy
// created"): names and ARNs of this deployment. A resource without a name property is named by its
// logical id (stable across restarts, so its data is kept), not CloudFormation's `stack-Id-RANDOM`.
import { createHash } from 'node:crypto';
import { archiveArn, busArn, DEFAULT_BUS, ruleArn } from '../../bus/bus-arns.js';
import { functionArn } from '../../lambda/function-names.js';
import { pipeArn } from '../../pipes/pipe-endpoints.js';
import { queueArn, queueUrl } from '../../queues/queue-url.js';
import { groupArn, scheduleArn } from '../../scheduler/scheduler-arns.js';
import { streamArn, tableArn, type Deployment } from '../../shared/arns.js';
import { topicArn } from '../../topics/topic-arns.js';
import { placeholderValues, type ResourceValues, type ValuesOf } from '../cloudformation/index.js';
import { busNameOf } from './resource-names.js';

export interface TemplateDeployment extends Deployment {
  /** Queue URLs are built on it (`http://127.0.0.1:4566`). */
  endpoint: string;
  /** Where API routes are served (`http://127.0.0.1:3000`), when that port is fixed before the template is read. */
  appEndpoint?: string | undefined;
  /** The ARN of an existing table's latest stream; without one, StreamArn is provisional (see `TemplateValues.provisional`). */
  streamArnOf?(table: string): string | undefined;
}

/** The label a stream ARN carries before its table exists; the start resolves the template again once it does. */
export const PROVISIONAL_STREAM_LABEL = 'provisional';

/** The physical name a resource gets: its name property, else its logical id (`.fifo` added for FIFO queues and topics). */
export function physicalName(logicalId: string, type: string, properties: Record<string, unknown>): string {
  const named = (key: string) => (typeof properties[key] === 'string' && properties[key] !== '' ? (properties[key] as string) : undefined);
  switch (type) {
    case 'AWS::DynamoDB::Table':
    case 'AWS::DynamoDB::GlobalTable':
      return named('TableName') ?? logicalId;
    case 'AWS::SQS::Queue':
      return named('QueueName') ?? (isTrue(properties['FifoQueue']) ? `${logicalId}.fifo` : logicalId);
    case 'AWS::SNS::Topic':
      return named('TopicName') ?? (isTrue(properties['FifoTopic']) ? `${logicalId}.fifo` : logicalId);
    case 'AWS::Lambda::Function':
      return named('FunctionName') ?? logicalId;
    case 'AWS::Events::Archive':
      return named('ArchiveName') ?? logicalId;
    default:
      return named('Name') ?? logicalId;
  }
}

export interface TemplateValues {
  valuesOf: ValuesOf;
  /** True once some StreamArn was given before its table existed. */
  readonly provisional: boolean;
}

/** The ValuesOf of a template run by Eddy. Types Eddy does not emulate get `placeholderValues`. */
export function templateValues(deployment: TemplateDeployment): TemplateValues {
  let provisional = false;
  const valuesOf: ValuesOf = (logicalId, type, properties, pseudo) => {
    const name = physicalName(logicalId, type, properties);
    const d = deployment;
    switch (type) {
      case 'AWS::DynamoDB::Table':
      case 'AWS::DynamoDB::GlobalTable': {
        const attributes: Record<string, unknown> = { Arn: tableArn(d, name) };
        if (type === 'AWS::DynamoDB::GlobalTable') attributes['TableId'] = uuidOf(`table:${name}`);
        if (hasStream(properties)) {
          const existing = d.streamArnOf?.(name);
          if (existing === undefined) provisional = true;
          attributes['StreamArn'] = existing ?? streamArn(d, name, PROVISIONAL_STREAM_LABEL);
        }
        return { ref: name, attributes };
      }
      case 'AWS::SQS::Queue':
        return { ref: queueUrl(d.endpoint, d, name), attributes: { Arn: queueArn(d, name), QueueName: name, QueueUrl: queueUrl(d.endpoint, d, name) } };
      case 'AWS::SNS::Topic':
        return { ref: topicArn(d, name), attributes: { TopicArn: topicArn(d, name), TopicName: name } };
      case 'AWS::SNS::Subscription':
        return { ref: `${String(properties['TopicArn'] ?? topicArn(d, 'topic'))}:${uuidOf(`subscription:${logicalId}`)}`, attributes: {} };
      case 'AWS::Lambda::Function':
        return { ref: name, attributes: { Arn: functionArn(d, name) } };
      case 'AWS::Lambda::Version': {
        // Config functions are not published: every version is `1`, naming the function's code as it is.
        const fn = String(properties['FunctionName'] ?? '');
        return { ref: `${qualifiedArn(d, fn)}:1`, attributes: { Version: '1', FunctionArn: `${qualifiedArn(d, fn)}:1` } };
      }
      case 'AWS::Lambda::Alias': {
        const fn = String(properties['FunctionName'] ?? '');
        return { ref: `${qualifiedArn(d, fn)}:${name}`, attributes: { AliasArn: `${qualifiedArn(d, fn)}:${name}` } };
      }
      case 'AWS::Lambda::EventSourceMapping':
        return { ref: uuidOf(`mapping:${logicalId}`), attributes: { Id: uuidOf(`mapping:${logicalId}`) } };
      case 'AWS::Events::EventBus':
        return { ref: name, attributes: { Arn: busArn(d, name), Name: name } };
      case 'AWS::Events::Rule': {
        const bus = typeof properties['EventBusName'] === 'string' ? (busNameOf(properties['EventBusName']) ?? DEFAULT_BUS) : DEFAULT_BUS;
        return { ref: bus === DEFAULT_BUS ? name : `${bus}|${name}`, attributes: { Arn: ruleArn(d, bus, name) } };
      }
      case 'AWS::Events::Archive':
        return { ref: name, attributes: { Arn: archiveArn(d, name), ArchiveName: name } };
      case 'AWS::Pipes::Pipe':
        return { ref: name, attributes: { Arn: pipeArn(d, name), CurrentState: 'RUNNING' } };
      case 'AWS::Scheduler::Schedule': {
        const group = typeof properties['GroupName'] === 'string' ? properties['GroupName'] : 'default';
        return { ref: name, attributes: { Arn: scheduleArn(d, group, name) } };
      }
      case 'AWS::Scheduler::ScheduleGroup':
        return { ref: name, attributes: { Arn: groupArn(d, name) } };
      case 'AWS::ApiGateway::RestApi':
      case 'AWS::ApiGatewayV2::Api':
        return { ref: apiIdOf(logicalId), attributes: { RootResourceId: apiIdOf(`${logicalId}/`), ApiEndpoint: deployment.appEndpoint ?? deployment.endpoint } };
      default:
        return placeholderValues(logicalId, type, properties, pseudo);
    }
  };
  return {
    valuesOf,
    get provisional() {
      return provisional;
    },
  };
}

function qualifiedArn(d: Deployment, fn: string): string {
  return fn.startsWith('arn:') ? fn.split(':').slice(0, 7).join(':') : functionArn(d, fn.split(':')[0]!);
}

function hasStream(properties: Record<string, unknown>): boolean {
  const spec = properties['StreamSpecification'];
  if (spec === null || typeof spec !== 'object') return false;
  const { StreamEnabled: enabled, StreamViewType: view } = spec as Record<string, unknown>;
  return enabled === undefined ? view !== undefined : isTrue(enabled);
}

export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

/** A UUID-shaped id derived from `seed`, the same at every start. */
function uuidOf(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** API Gateway's ten lower-case characters. */
function apiIdOf(seed: string): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, 10);
}

export type { ResourceValues };
