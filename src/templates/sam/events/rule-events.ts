// EventBridgeRule / CloudWatchEvent / Schedule events → AWS::Events::Rule `F E` with one target, the function
// (SEMANTICS.md H.1; samtranslator model/eventsources/push.py CloudWatchEvent, Schedule; eventbridge_utils.py).
// The Lambda::Permission and DLQ queue policy SAM adds are not generated: Eddy does not emulate IAM.
import { isObject, pick } from '../transform-context.js';
import type { TemplateObject, TemplateValue } from '../types.js';
import { addEventResource, failEvent, type FunctionEvent } from './event-context.js';

export function ruleEvent(type: 'EventBridgeRule' | 'CloudWatchEvent' | 'Schedule', event: FunctionEvent): void {
  const { properties } = event;
  const rule: TemplateObject = {};
  if (type === 'Schedule') {
    if (properties.Schedule === undefined) failEvent(event, "Missing required property 'Schedule'.", [...event.path, 'Properties']);
    rule.ScheduleExpression = properties.Schedule!;
    Object.assign(rule, pick(properties, ['Name', 'Description']));
  } else {
    if (properties.Pattern !== undefined) rule.EventPattern = properties.Pattern;
    Object.assign(rule, pick(properties, ['EventBusName']));
    if (properties.RuleName !== undefined) rule.Name = properties.RuleName;
  }
  const state = ruleState(event);
  if (state !== undefined) rule.State = state;
  const target: TemplateObject = {
    Arn: event.target.arn,
    Id: isObject(properties.Target) && properties.Target.Id !== undefined
      ? properties.Target.Id
      : `${event.logicalId}LambdaTarget`.slice(0, 64),
  };
  const targetFields = type === 'Schedule' ? ['Input', 'RetryPolicy'] : ['Input', 'InputPath', 'InputTransformer', 'RetryPolicy'];
  Object.assign(target, pick(properties, targetFields));
  const deadLetter = deadLetterConfig(event);
  if (deadLetter) target.DeadLetterConfig = deadLetter;
  rule.Targets = [target];
  addEventResource(event, event.logicalId, 'AWS::Events::Rule', rule);
}

/** `State`, or `Enabled` as ENABLED/DISABLED; both is SAM's error. */
function ruleState(event: FunctionEvent): TemplateValue | undefined {
  const { State: state, Enabled: enabled } = event.properties;
  if (state !== undefined && enabled !== undefined) failEvent(event, 'State and Enabled Properties cannot both be specified.');
  if (state !== undefined) return state;
  // SAM tests the value's truth in Python: an intrinsic map is truthy, so it means ENABLED.
  if (enabled !== undefined) return enabled === false || enabled === 'false' ? 'DISABLED' : 'ENABLED';
  return undefined;
}

/** `{Arn}` as it is, or `{Type: SQS, QueueLogicalId?}` → a queue `F E Queue` (or the id given) (eventbridge_utils.py; ScheduleV2 too). */
export function deadLetterConfig(event: FunctionEvent): TemplateObject | undefined {
  const config = event.properties.DeadLetterConfig;
  if (config === undefined) return undefined;
  const path = [...event.path, 'Properties', 'DeadLetterConfig'];
  if (!isObject(config)) return failEvent(event, "No 'Arn' or 'Type' property provided for DeadLetterConfig.", path);
  if (config.Arn !== undefined && config.Type !== undefined) {
    failEvent(event, "You can either define 'Arn' or 'Type' property of DeadLetterConfig.", path);
  }
  if (config.Arn !== undefined) return { Arn: config.Arn };
  if (config.Type === undefined) return failEvent(event, "No 'Arn' or 'Type' property provided for DeadLetterConfig.", path);
  if (config.Type !== 'SQS') return failEvent(event, "The only valid value for 'Type' property of DeadLetterConfig is 'SQS'.", path);
  const queueId = typeof config.QueueLogicalId === 'string' ? config.QueueLogicalId : `${event.logicalId}Queue`;
  addEventResource(event, queueId, 'AWS::SQS::Queue', {});
  return { Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } };
}
