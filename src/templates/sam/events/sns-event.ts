// SNS event → AWS::SNS::Subscription `F E`; `SqsSubscription` puts a queue between topic and function
// (SEMANTICS.md H.1 "SNS"; samtranslator model/eventsources/push.py SNS.to_cloudformation).
// The Lambda::Permission and the queue policy SAM adds are not generated: Eddy does not emulate IAM.
import { isObject, pick } from '../transform-context.js';
import type { TemplateObject, TemplateValue } from '../types.js';
import { addEventResource, failEvent, type FunctionEvent, requireProperty } from './event-context.js';

const SUBSCRIPTION = ['Region', 'FilterPolicy', 'FilterPolicyScope', 'RedrivePolicy'] as const;

export function snsEvent(event: FunctionEvent): void {
  requireProperty(event, 'Topic');
  const { properties } = event;
  const topic = properties.Topic!;
  const sqs = properties.SqsSubscription;
  if (sqs === undefined || sqs === false) {
    addEventResource(event, event.logicalId, 'AWS::SNS::Subscription', {
      Protocol: 'lambda', Endpoint: event.target.arn, TopicArn: topic, ...pick(properties, SUBSCRIPTION),
    });
    return;
  }
  let queueArn: TemplateValue;
  let batchSize: TemplateValue = 10;
  let enabled: TemplateValue = true;
  if (sqs === true) {
    const queueId = `${event.logicalId}Queue`;
    const queue: TemplateObject = {};
    if (isFifoTopic(topic, event)) queue.FifoQueue = true;
    addEventResource(event, queueId, 'AWS::SQS::Queue', queue);
    queueArn = { 'Fn::GetAtt': [queueId, 'Arn'] };
  } else if (isObject(sqs) && sqs.QueueArn !== undefined && sqs.QueueUrl !== undefined) {
    queueArn = sqs.QueueArn;
    if (sqs.BatchSize !== undefined) batchSize = sqs.BatchSize;
    if (sqs.Enabled !== undefined) enabled = sqs.Enabled;
  } else {
    return failEvent(event, "No 'QueueArn' or 'QueueUrl' property provided for SqsSubscription.", [...event.path, 'Properties', 'SqsSubscription']);
  }
  addEventResource(event, event.logicalId, 'AWS::SNS::Subscription', {
    Protocol: 'sqs', Endpoint: queueArn, TopicArn: topic, ...pick(properties, SUBSCRIPTION),
  });
  addEventResource(event, `${event.logicalId}EventSourceMapping`, 'AWS::Lambda::EventSourceMapping', {
    FunctionName: event.target.name, EventSourceArn: queueArn, BatchSize: batchSize, Enabled: enabled,
  });
}

/** A `Ref` to a topic of this template with `FifoTopic: true` (the only case known before resolution). */
function isFifoTopic(topic: TemplateValue, event: FunctionEvent): boolean {
  if (!isObject(topic) || typeof topic.Ref !== 'string') return false;
  const resource = event.context.input[topic.Ref];
  const fifo = resource?.Type === 'AWS::SNS::Topic' ? resource.Properties?.FifoTopic : undefined;
  return fifo === true || fifo === 'true';
}
