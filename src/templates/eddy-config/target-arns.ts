// What a rule's, pipe's or schedule's ARN points at, for the bus mappings: a function, queue, bus, topic or
// API destination Eddy runs, or something it does not (a Step Functions state machine, a Kinesis stream, a
// resource of a type Eddy does not emulate), which the mapping skips with a notice.
import { placeholderOf, type TemplateResource } from '../cloudformation/index.js';
import type { MappingContext } from './mapping-context.js';
import { arnService, busNameOf, functionNameOf, queueNameOf, topicNameOf } from './resource-names.js';

export type ArnTarget =
  | { kind: 'function' | 'queue' | 'bus' | 'topic'; name: string }
  /** `arn:…:events:…:api-destination/NAME[/UUID]`. */
  | { kind: 'apiDestination'; name: string }
  /** Something Eddy cannot deliver to, described for a notice (`the Step Functions target arn:…`). */
  | { kind: 'unsupported'; what: string };

/** Services Eddy does not deliver to, by their ARN's service, as users know them. */
const SERVICE_NAMES: Readonly<Record<string, string>> = {
  states: 'Step Functions',
  kinesis: 'Kinesis',
  firehose: 'Firehose',
  ecs: 'ECS',
  logs: 'CloudWatch Logs',
  batch: 'Batch',
  codebuild: 'CodeBuild',
  codepipeline: 'CodePipeline',
  ssm: 'Systems Manager',
  'execute-api': 'API Gateway',
  redshift: 'Redshift',
  sagemaker: 'SageMaker',
  inspector: 'Inspector',
  kafka: 'MSK',
  mq: 'Amazon MQ',
  scheduler: 'Scheduler universal',
};

/**
 * What `value` (an ARN, or a reference to a resource Eddy does not emulate) names; undefined when it is
 * neither an ARN nor such a reference (the caller fails naming the property).
 */
export function arnTarget(value: unknown, ctx: MappingContext): ArnTarget | undefined {
  if (typeof value !== 'string') return undefined;
  // What a reference to a resource type Eddy does not emulate resolves to (placeholderValues).
  const placeholder = placeholderOf(value);
  if (placeholder?.type === 'AWS::Events::ApiDestination') {
    // The template's API destination (mapped into the `http` blocks that name it, connections.ts).
    const resource = ctx.resource(placeholder.logicalId);
    if (resource) return { kind: 'apiDestination', name: ctx.nameOf(resource) };
  }
  if (placeholder) return { kind: 'unsupported', what: `${placeholder.logicalId} (${placeholder.type}, not emulated)` };
  if (!value.startsWith('arn:')) {
    // A Ref of a type Eddy does not emulate gives its logical id (a state machine's Ref is its ARN on AWS).
    const resource = ctx.resource(value);
    const arn = resource?.values.attributes['Arn'];
    return typeof arn === 'string' && placeholderOf(arn) ? { kind: 'unsupported', what: `${value} (${resource!.type}, not emulated)` } : undefined;
  }
  const service = arnService(value);
  if (service === undefined) return undefined;
  const named = (kind: 'function' | 'queue' | 'bus' | 'topic', name: string | undefined): ArnTarget | undefined => (name === undefined ? undefined : { kind, name });
  switch (service) {
    case 'lambda':
      return named('function', functionNameOf(value));
    case 'sqs':
      return named('queue', queueNameOf(value));
    case 'sns':
      return named('topic', topicNameOf(value));
    case 'events': {
      const destination = /:api-destination\/([^/]+)/.exec(value);
      if (destination) return { kind: 'apiDestination', name: destination[1]! };
      return named('bus', busNameOf(value)) ?? { kind: 'unsupported', what: `the EventBridge resource ${value}` };
    }
    default:
      return { kind: 'unsupported', what: `the ${SERVICE_NAMES[service] ?? service} target ${value}` };
  }
}

/** An object given as itself or as its JSON text (EventPattern, a filter's Pattern); fails naming the property. */
export function jsonObject(resource: TemplateResource, ctx: MappingContext, value: unknown, path: (string | number)[]): Record<string, unknown> {
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      return ctx.fail(resource, path, `${path.at(-1)} must be a JSON object or its text, got ${JSON.stringify(value)}`);
    }
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return ctx.fail(resource, path, `${path.at(-1)} must be a JSON object or its text, got ${JSON.stringify(value)}`);
  return parsed as Record<string, unknown>;
}

/** A text property at `path`, or undefined when absent. */
export function textAt(resource: TemplateResource, ctx: MappingContext, value: unknown, path: (string | number)[]): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') return ctx.fail(resource, path, `${path.at(-1)} must be a string, got ${JSON.stringify(value)}`);
  return value;
}

/** A value that must be one of `allowed`, or undefined when absent. */
export function oneOfAt<T extends string>(resource: TemplateResource, ctx: MappingContext, value: unknown, path: (string | number)[], allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) return ctx.fail(resource, path, `${path.at(-1)} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  return value as T;
}
