// A function of serverless.yml → AWS::Serverless::Function `<Norm>LambdaFunction` (SEMANTICS.md H.3 "Names"), its
// code the service directory (where serverless.yml is: handlers are relative to it), its events SAM events.
import { httpApiEvent, httpEvent } from './api-events.js';
import { isIntrinsic, isObject, normalizedName, type GeneratedTemplate, type Json, type JsonObject, type Path } from './generated-template.js';
import { sqsEvent, streamEvent } from './pull-events.js';
import { cloudWatchEvent, eventBridgeEvent, scheduleEvent } from './rule-events.js';
import type { ServiceEvent, ServiceFunction, ServiceSettings } from './service-function.js';
import { snsEvent } from './sns-event.js';

const EVENTS: Readonly<Record<string, (event: ServiceEvent) => void>> = {
  stream: streamEvent, sqs: sqsEvent, sns: snsEvent, eventBridge: eventBridgeEvent, schedule: scheduleEvent,
  cloudwatchEvent: cloudWatchEvent, http: httpEvent, httpApi: httpApiEvent,
};

// Serverless's own defaults, written into the compiled template (docs/sf/providers/aws/guide/functions.md:
// "memorySize … default is 1024", "timeout … default is 6"), unlike Lambda's 128 MB / 3 s.
const DEFAULT_MEMORY = 1024;
const DEFAULT_TIMEOUT = 6;
// The runtime when neither the function nor the provider names one: Framework v4's default (unconfirmed for v3, nodejs18.x or older).
const DEFAULT_RUNTIME = 'nodejs20.x';

export function functionResource(key: string, value: Json, settings: ServiceSettings, serviceDir: string, out: GeneratedTemplate): void {
  const from: Path = ['functions', key];
  if (!isObject(value)) return out.fail(from, `Function "${key}" must be a map with a handler`);
  const { provider } = settings;
  if (value['image'] !== undefined) out.fail([...from, 'image'], `Function "${key}": container images are not run by Eddy; give a handler and a runtime`);
  if (typeof value['handler'] !== 'string' || value['handler'] === '') out.fail(from, `Function "${key}" needs a "handler" (file.export, relative to the service directory)`);
  const logicalId = settings.functionIds.get(key)!;
  const name = typeof value['name'] === 'string' ? value['name'] : `${settings.service}-${settings.stage}-${key}`;
  const properties: JsonObject = {
    FunctionName: name,
    CodeUri: serviceDir,
    Handler: value['handler']!,
    Runtime: value['runtime'] ?? provider['runtime'] ?? DEFAULT_RUNTIME,
    MemorySize: value['memorySize'] ?? provider['memorySize'] ?? DEFAULT_MEMORY,
    Timeout: value['timeout'] ?? provider['timeout'] ?? DEFAULT_TIMEOUT,
  };
  const environment = { ...(isObject(provider['environment']) ? provider['environment'] : {}), ...(isObject(value['environment']) ? value['environment'] : {}) };
  if (Object.keys(environment).length > 0) properties['Environment'] = { Variables: environment };
  if (value['reservedConcurrency'] !== undefined) properties['ReservedConcurrentExecutions'] = value['reservedConcurrency']!;
  const layers = value['layers'] ?? provider['layers'];
  if (layers !== undefined) properties['Layers'] = layers;
  if (value['description'] !== undefined) properties['Description'] = value['description']!;
  const invokeConfig = eventInvokeConfig(value, from, settings, out);
  if (invokeConfig) properties['EventInvokeConfig'] = invokeConfig;
  if (value['onError'] !== undefined) properties['DeadLetterQueue'] = deadLetterQueue(value['onError']!, [...from, 'onError'], out);
  if (value['url'] !== undefined) out.notice(`functions.${key}.url: function URLs are not emulated (use an httpApi event for a route on the application port)`);

  const fn: ServiceFunction = { key, config: value, logicalId, name, events: {}, counters: new Map() };
  const events = value['events'];
  if (events !== undefined && events !== null && !Array.isArray(events)) out.fail([...from, 'events'], `Function "${key}": events must be a list`);
  (events as Json[] | undefined ?? []).forEach((item, i) => {
    const at = [...from, 'events', i];
    if (!isObject(item) || Object.keys(item).length !== 1) return out.fail(at, `Function "${key}": each event is a map with one key, its type (stream, sqs, sns, eventBridge, schedule, http, httpApi, …)`);
    const [type, eventValue] = Object.entries(item)[0]!;
    const convert = EVENTS[type];
    if (!convert) {
      out.notice(`functions.${key}.events: ${type} events are not emulated (skipped)`);
      return;
    }
    convert({ fn, value: eventValue, from: [...at, type], out, settings });
  });
  if (Object.keys(fn.events).length > 0) properties['Events'] = fn.events;

  const resource: JsonObject = { Type: 'AWS::Serverless::Function', Properties: properties };
  if (value['condition'] !== undefined) resource['Condition'] = value['condition']!;
  if (value['dependsOn'] !== undefined) resource['DependsOn'] = value['dependsOn']!;
  out.add(logicalId, resource, from);
  locateFunctionProperties(value, from, logicalId, out);
}

/** Each Lambda property at the line it was written on (the function's, the provider's, or the function's name line). */
function locateFunctionProperties(value: JsonObject, from: Path, logicalId: string, out: GeneratedTemplate): void {
  const names: Record<string, string> = {
    name: 'FunctionName', handler: 'Handler', runtime: 'Runtime', memorySize: 'MemorySize', timeout: 'Timeout',
    reservedConcurrency: 'ReservedConcurrentExecutions', layers: 'Layers', onError: 'DeadLetterQueue',
  };
  const base = ['Resources', logicalId, 'Properties'];
  for (const [key, property] of Object.entries(names)) out.locate([...base, property], value[key] !== undefined ? [...from, key] : from);
  if (isObject(value['environment'])) {
    for (const variable of Object.keys(value['environment'])) out.copyLocations([...base, 'Environment', 'Variables', variable], [...from, 'environment', variable], value['environment'][variable]);
  }
  out.locate([...base, 'CodeUri'], [...from, 'handler']);
}

/** destinations / maximumRetryAttempts / maximumEventAge → SAM EventInvokeConfig (a destination's Type from its ARN). */
function eventInvokeConfig(value: JsonObject, from: Path, settings: ServiceSettings, out: GeneratedTemplate): JsonObject | undefined {
  const config: JsonObject = {};
  if (value['maximumRetryAttempts'] !== undefined) config['MaximumRetryAttempts'] = value['maximumRetryAttempts']!;
  if (value['maximumEventAge'] !== undefined) config['MaximumEventAgeInSeconds'] = value['maximumEventAge']!;
  const destinations = value['destinations'];
  if (isObject(destinations)) {
    const destinationConfig: JsonObject = {};
    for (const [key, samKey] of [['onSuccess', 'OnSuccess'], ['onFailure', 'OnFailure']] as const) {
      if (destinations[key] !== undefined) destinationConfig[samKey] = destination(destinations[key]!, [...from, 'destinations', key], settings, out);
    }
    if (Object.keys(destinationConfig).length > 0) config['DestinationConfig'] = destinationConfig;
  }
  return Object.keys(config).length > 0 ? config : undefined;
}

const DESTINATION_TYPES: Readonly<Record<string, string>> = { sqs: 'SQS', sns: 'SNS', lambda: 'Lambda', events: 'EventBridge' };

/** An ARN, a function of this service by its key, or `{type, arn}` → `{Type, Destination}`. */
function destination(value: Json, at: Path, settings: ServiceSettings, out: GeneratedTemplate): JsonObject {
  if (typeof value === 'string' && !value.startsWith('arn:')) {
    const logicalId = settings.functionIds.get(value);
    if (!logicalId) return out.fail(at, `Destination "${value}" is neither an ARN nor a function of this service`);
    return { Type: 'Lambda', Destination: { 'Fn::GetAtt': [logicalId, 'Arn'] } };
  }
  if (typeof value === 'string') {
    const type = DESTINATION_TYPES[value.split(':')[2] ?? ''];
    if (!type) return out.fail(at, `Destination ${value} is not an SQS queue, SNS topic, Lambda function or event bus ARN`);
    return { Type: type, Destination: value };
  }
  if (isObject(value) && !isIntrinsic(value) && typeof value['type'] === 'string' && value['arn'] !== undefined) {
    const type = DESTINATION_TYPES[value['type'] === 'function' ? 'lambda' : value['type'] === 'eventBus' ? 'events' : value['type']];
    if (!type) return out.fail([...at, 'type'], `Destination type must be sqs, sns, function or eventBus, got ${value['type']}`);
    return { Type: type, Destination: value['arn']! };
  }
  return out.fail(at, 'A destination given as an intrinsic needs its type: { type: sqs | sns | function | eventBus, arn: … }');
}

/** onError: an SNS topic or SQS queue ARN → SAM DeadLetterQueue. */
function deadLetterQueue(value: Json, at: Path, out: GeneratedTemplate): JsonObject {
  const service = typeof value === 'string' ? value.split(':')[2] : undefined;
  if (service !== 'sns' && service !== 'sqs') return out.fail(at, 'onError must be an SNS topic or SQS queue ARN');
  return { Type: service.toUpperCase(), TargetArn: value };
}

/** `<Norm>LambdaFunction` for each function key (naming.js getLambdaLogicalId). */
export function functionLogicalId(key: string): string {
  return `${normalizedName(key)}LambdaFunction`;
}
