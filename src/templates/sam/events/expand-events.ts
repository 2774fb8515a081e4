// A function's Events, each to the resources SAM makes of it (ids `F` + `E`: SEMANTICS.md H.1 "Ids").
import type { FunctionTarget } from '../function.js';
import { isObject, type TransformContext } from '../transform-context.js';
import type { TemplateObject, TemplateResource, TemplateValue } from '../types.js';
import { apiEvent } from './api-events.js';
import { failEvent, type FunctionEvent } from './event-context.js';
import { pullEvent } from './pull-events.js';
import { ruleEvent } from './rule-events.js';
import { scheduleV2Event } from './schedule-v2-event.js';
import { snsEvent } from './sns-event.js';

export function expandEvents(
  events: TemplateValue, resource: TemplateResource, target: FunctionTarget, path: (string | number)[], context: TransformContext,
): void {
  if (!isObject(events)) context.fail(`Resource with id [${target.logicalId}] is invalid. 'Events' must be a map.`, path);
  for (const [name, value] of Object.entries(events as TemplateObject)) {
    const eventPath = [...path, name];
    const event: FunctionEvent = {
      name, properties: {}, logicalId: `${target.logicalId}${name}`, path: eventPath, target, resource, context,
    };
    if (!isObject(value) || typeof value.Type !== 'string') failEvent(event, "Missing required property 'Type'.");
    const { Type: type, Properties: properties } = value as TemplateObject;
    if (properties !== undefined && !isObject(properties)) failEvent(event, "'Properties' must be a map.", [...eventPath, 'Properties']);
    event.properties = (properties ?? {}) as TemplateObject;
    switch (type) {
      case 'DynamoDB':
      case 'SQS':
      case 'Kinesis':
        pullEvent(type, event);
        break;
      case 'SNS':
        snsEvent(event);
        break;
      case 'EventBridgeRule':
      case 'CloudWatchEvent':
      case 'Schedule':
        ruleEvent(type, event);
        break;
      case 'ScheduleV2':
        scheduleV2Event(event);
        break;
      case 'Api':
      case 'HttpApi':
        apiEvent(type, event);
        break;
      default:
        // S3, MSK, MQ, IoTRule, Cognito, AlexaSkill…: nothing of Eddy's to connect; reported, never fatal.
        context.notEmulated.push({ logicalId: event.logicalId, type: `AWS::Serverless::Function event ${String(type)}`, origin: context.origin(eventPath) });
    }
  }
}
