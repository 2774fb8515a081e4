// `eventBridge`, `schedule` and `cloudwatchEvent` events → SAM EventBridgeRule / Schedule / ScheduleV2 events, or an
// AWS::Events::Rule where SAM has no field for what serverless allows (a schedule's inputPath / inputTransformer)
// (SEMANTICS.md H.3 "eventBridge", "schedule"; serverless compile/events/{event-bridge/index,schedule}.js).
import { createHash } from 'node:crypto';
import { alphaNumericName, isIntrinsic, isObject, type Json, type JsonObject } from './generated-template.js';
import { addSamEvent, nextCount, type ServiceEvent } from './service-function.js';

export function eventBridgeEvent(event: ServiceEvent): void {
  const { value, from, out } = event;
  if (!isObject(value)) return out.fail(from, `eventBridge event of function "${event.fn.key}" must be a map with a pattern or a schedule`);
  const n = nextCount(event, 'eventBridge');
  // Rule name `<functionName>-rule-<n>` (H.3); over 64 characters serverless hashes it: here cut and hashed (unconfirmed).
  const ruleName = typeof value['name'] === 'string' ? value['name'] : limitName(`${event.fn.name}-rule-${n}`);
  const target = targetFields(value, event);
  if (value['pattern'] === undefined && value['schedule'] === undefined) out.fail(from, `eventBridge event of function "${event.fn.key}" needs a pattern or a schedule`);
  if (value['schedule'] !== undefined) {
    scheduleRule(event, `EventBridgeRule${n}`, value['schedule']!, ruleName, value, target);
    return;
  }
  const properties: JsonObject = { Pattern: value['pattern']!, RuleName: ruleName, Target: { Id: `${ruleName}-target`.slice(0, 64) }, ...target };
  const bus = busName(value['eventBus'], event);
  if (bus !== undefined) properties['EventBusName'] = bus;
  if (value['enabled'] === false) properties['State'] = 'DISABLED';
  const id = addSamEvent(event, `EventBridgeRule${n}`, 'EventBridgeRule', properties);
  event.out.copyLocations(['Resources', event.fn.logicalId, 'Properties', 'Events', id, 'Properties', 'Pattern'], [...from, 'pattern'], value['pattern']);
}

export function scheduleEvent(event: ServiceEvent): void {
  const { value, from, out } = event;
  const config: JsonObject = typeof value === 'string' ? { rate: value } : isObject(value) ? value : out.fail(from, `schedule event of function "${event.fn.key}" must be a rate / cron expression or a map`);
  const rates = Array.isArray(config['rate']) ? config['rate'] : [config['rate']];
  if (rates.length === 0 || rates.some((rate) => typeof rate !== 'string' || rate === '')) {
    out.fail(typeof value === 'string' ? from : [...from, 'rate'], `schedule event of function "${event.fn.key}" needs a rate: rate(…) or cron(…)`);
  }
  const target = targetFields(config, event);
  for (const rate of rates as string[]) {
    const n = nextCount(event, 'schedule');
    const name = typeof config['name'] === 'string' ? config['name'] : undefined;
    if (config['method'] === 'scheduler') {
      // EventBridge Scheduler: `Input` only (serverless refuses inputPath / inputTransformer there).
      const properties: JsonObject = { ScheduleExpression: rate, ...(target['Input'] !== undefined ? { Input: target['Input'] } : {}) };
      if (name !== undefined) properties['Name'] = name;
      if (config['description'] !== undefined) properties['Description'] = config['description']!;
      if (config['timezone'] !== undefined) properties['ScheduleExpressionTimezone'] = config['timezone']!;
      if (config['enabled'] === false) properties['State'] = 'DISABLED';
      addSamEvent(event, `Schedule${n}`, 'ScheduleV2', properties);
    } else if (config['method'] !== undefined && config['method'] !== 'eventBus') {
      out.fail([...from, 'method'], `schedule method must be eventBus or scheduler, got ${JSON.stringify(config['method'])}`);
    } else {
      scheduleRule(event, `EventsRuleSchedule${n}`, rate, name, config, target);
    }
  }
}

/** The v1 `cloudwatchEvent: {event: <pattern>, …}` (naming.js getCloudWatchEventLogicalId): a rule on the default bus. */
export function cloudWatchEvent(event: ServiceEvent): void {
  const { value, from, out } = event;
  if (!isObject(value) || value['event'] === undefined) return out.fail(from, `cloudwatchEvent of function "${event.fn.key}" needs an event pattern ("event:")`);
  const n = nextCount(event, 'cloudwatchEvent');
  const properties: JsonObject = { Pattern: value['event']!, ...targetFields(value, event) };
  if (typeof value['name'] === 'string') properties['RuleName'] = value['name'];
  if (value['enabled'] === false) properties['State'] = 'DISABLED';
  addSamEvent(event, `EventsRuleCloudWatchEvent${n}`, 'CloudWatchEvent', properties);
}

/**
 * A scheduled rule: SAM's Schedule event when SAM can say it all, else an AWS::Events::Rule `<F>EventsRuleSchedule<n>`
 * targeting the function (SAM's Schedule has no InputPath / InputTransformer).
 */
function scheduleRule(event: ServiceEvent, id: string, rate: Json, name: string | undefined, config: JsonObject, target: JsonObject): void {
  const enabled = config['enabled'] !== false;
  if (target['InputPath'] === undefined && target['InputTransformer'] === undefined) {
    const properties: JsonObject = { Schedule: rate, ...target, Enabled: enabled };
    if (name !== undefined) properties['Name'] = name;
    if (config['description'] !== undefined) properties['Description'] = config['description']!;
    addSamEvent(event, id, 'Schedule', properties);
    return;
  }
  const logicalId = event.out.freeId(`${event.fn.logicalId}${id}`);
  const { RetryPolicy: retry, DeadLetterConfig: deadLetter, ...input } = target;
  const ruleTarget: JsonObject = { Arn: { 'Fn::GetAtt': [event.fn.logicalId, 'Arn'] }, Id: `${logicalId}Target`.slice(0, 64), ...input };
  if (retry !== undefined) ruleTarget['RetryPolicy'] = retry;
  if (deadLetter !== undefined) ruleTarget['DeadLetterConfig'] = deadLetter;
  const properties: JsonObject = { ScheduleExpression: rate, State: enabled ? 'ENABLED' : 'DISABLED', Targets: [ruleTarget] };
  if (name !== undefined) properties['Name'] = name;
  if (config['description'] !== undefined) properties['Description'] = config['description']!;
  event.out.add(logicalId, { Type: 'AWS::Events::Rule', Properties: properties }, event.from);
}

/** input / inputPath / inputTransformer (one at most), retryPolicy and deadLetterQueueArn → the SAM event's target fields. */
function targetFields(config: JsonObject, event: ServiceEvent): JsonObject {
  const given = ['input', 'inputPath', 'inputTransformer'].filter((key) => config[key] !== undefined);
  if (given.length > 1) event.out.fail([...event.from, given[1]!], 'You can only set one of input, inputPath, or inputTransformer properties at the same time');
  const fields: JsonObject = {};
  const input = config['input'];
  // An object input is sent as its JSON text (schedule.js / event-bridge: JSON.stringify).
  if (input !== undefined) fields['Input'] = typeof input === 'string' ? input : JSON.stringify(input);
  if (config['inputPath'] !== undefined) fields['InputPath'] = config['inputPath']!;
  const transformer = config['inputTransformer'];
  if (transformer !== undefined) {
    if (!isObject(transformer) || transformer['inputTemplate'] === undefined) event.out.fail([...event.from, 'inputTransformer'], 'inputTransformer needs an inputTemplate');
    fields['InputTransformer'] = {
      InputTemplate: transformer['inputTemplate']!,
      ...(transformer['inputPathsMap'] !== undefined ? { InputPathsMap: transformer['inputPathsMap']! } : {}),
    };
  }
  const retry = config['retryPolicy'];
  if (isObject(retry)) {
    const policy: JsonObject = {};
    if (retry['maximumEventAge'] !== undefined) policy['MaximumEventAgeInSeconds'] = retry['maximumEventAge']!;
    if (retry['maximumRetryAttempts'] !== undefined) policy['MaximumRetryAttempts'] = retry['maximumRetryAttempts']!;
    fields['RetryPolicy'] = policy;
  }
  if (config['deadLetterQueueArn'] !== undefined) fields['DeadLetterConfig'] = { Arn: config['deadLetterQueueArn']! };
  return fields;
}

/**
 * The rule's EventBusName: none for the default bus; an ARN or intrinsic as it is; another name is created as an
 * AWS::Events::EventBus (serverless creates a named bus it is given), unless resources.Resources declares it.
 */
function busName(bus: Json | undefined, event: ServiceEvent): Json | undefined {
  if (bus === undefined || bus === null || bus === 'default') return undefined;
  if (isIntrinsic(bus) || (typeof bus === 'string' && bus.startsWith('arn:'))) return bus;
  if (typeof bus !== 'string') return event.out.fail([...event.from, 'eventBus'], 'eventBus must be a bus name or ARN');
  const declared = Object.values(event.settings.userResources).some((resource) =>
    isObject(resource) && resource['Type'] === 'AWS::Events::EventBus' && isObject(resource['Properties']) && resource['Properties']['Name'] === bus);
  // The logical id is Eddy's (serverless creates the bus through a custom resource, or `EventBridgeEventBus…`: unconfirmed).
  const logicalId = `EventBridgeEventBus${alphaNumericName(bus)}`;
  if (!declared && !event.out.resources[logicalId]) {
    event.out.add(logicalId, { Type: 'AWS::Events::EventBus', Properties: { Name: bus } }, [...event.from, 'eventBus']);
  }
  return bus;
}

function limitName(name: string): string {
  if (name.length <= 64) return name;
  return `${name.slice(0, 55)}-${createHash('sha256').update(name).digest('hex').slice(0, 8)}`;
}
