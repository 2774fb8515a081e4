// `sns` events → SAM SNS events (SEMANTICS.md H.3 "sns"; serverless docs/providers/aws/events/sns.md): a topic
// name creates the topic `SNSTopic<Name>` (naming.js getTopicLogicalId) unless resources.Resources declares one of
// that name; an ARN subscribes to an existing topic.
import { alphaNumericName, isIntrinsic, isObject, type Json, type JsonObject } from './generated-template.js';
import { addSamEvent, locateProperty, type ServiceEvent } from './service-function.js';

export function snsEvent(event: ServiceEvent): void {
  const { value, from, out } = event;
  let config: JsonObject;
  if (typeof value === 'string') config = value.startsWith('arn:') ? { arn: value } : { topicName: value };
  else if (isIntrinsic(value)) config = { arn: value };
  else if (isObject(value)) config = value;
  else return out.fail(from, `SNS event of function "${event.fn.key}" is not valid: write "sns: <topic name or arn>" or "sns: { topicName: … }"`);
  const arn = config['arn'];
  let topicName = config['topicName'];
  if (arn !== undefined && typeof arn !== 'string' && topicName === undefined) {
    out.fail(from, `SNS event of function "${event.fn.key}": an "arn" given as ${Object.keys(arn as object)[0]} needs a "topicName" too`);
  }
  if (topicName === undefined && typeof arn === 'string') topicName = arn.slice(arn.lastIndexOf(':') + 1);
  if (typeof topicName !== 'string' || topicName === '') return out.fail(from, `SNS event of function "${event.fn.key}" needs a "topicName" or an "arn"`);
  const topic = arn ?? topicRef(event, topicName, config['displayName']);
  const properties: JsonObject = { Topic: topic };
  if (config['filterPolicy'] !== undefined) properties['FilterPolicy'] = config['filterPolicy']!;
  if (config['filterPolicyScope'] !== undefined) properties['FilterPolicyScope'] = config['filterPolicyScope']!;
  const redrive = config['redrivePolicy'];
  if (redrive !== undefined) properties['RedrivePolicy'] = { deadLetterTargetArn: deadLetterTarget(redrive, event) };
  const id = addSamEvent(event, `SnsSubscription${alphaNumericName(topicName)}`, 'SNS', properties);
  if (!isObject(value) || isIntrinsic(value)) return;
  for (const [key, property] of [['arn', 'Topic'], ['filterPolicy', 'FilterPolicy'], ['filterPolicyScope', 'FilterPolicyScope'], ['redrivePolicy', 'RedrivePolicy']] as const) {
    if (config[key] !== undefined) locateProperty(event, id, property, [...from, key], config[key]);
  }
}

/** `{Ref}` to the topic of that name: one declared in resources.Resources, else one created here (once per name). */
function topicRef(event: ServiceEvent, topicName: string, displayName: Json | undefined): Json {
  for (const [logicalId, resource] of Object.entries(event.settings.userResources)) {
    if (isObject(resource) && resource['Type'] === 'AWS::SNS::Topic' && isObject(resource['Properties']) && resource['Properties']['TopicName'] === topicName) {
      return { Ref: logicalId };
    }
  }
  const logicalId = `SNSTopic${alphaNumericName(topicName)}`;
  const existing = event.out.resources[logicalId];
  if (!existing) {
    const properties: JsonObject = { TopicName: topicName };
    if (displayName !== undefined) properties['DisplayName'] = displayName;
    event.out.add(logicalId, { Type: 'AWS::SNS::Topic', Properties: properties }, event.from);
  }
  return { Ref: logicalId };
}

/** redrivePolicy `{deadLetterTargetArn | deadLetterTargetRef | deadLetterTargetImport: {arn}}` → the queue's ARN. */
function deadLetterTarget(redrive: Json, event: ServiceEvent): Json {
  const at = [...event.from, 'redrivePolicy'];
  if (!isObject(redrive)) return event.out.fail(at, 'redrivePolicy must be a map');
  if (redrive['deadLetterTargetArn'] !== undefined) return redrive['deadLetterTargetArn']!;
  if (typeof redrive['deadLetterTargetRef'] === 'string') return { 'Fn::GetAtt': [redrive['deadLetterTargetRef'], 'Arn'] };
  const imported = redrive['deadLetterTargetImport'];
  if (isObject(imported) && imported['arn'] !== undefined) return imported['arn']!;
  return event.out.fail(at, 'redrivePolicy needs deadLetterTargetArn, deadLetterTargetRef or deadLetterTargetImport');
}
