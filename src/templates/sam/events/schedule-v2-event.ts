// ScheduleV2 event → AWS::Scheduler::Schedule `F E` (SEMANTICS.md H.1; samtranslator model/eventsources/scheduler.py).
// Without RoleArn SAM generates a role; Eddy does not emulate IAM, so the target gets a placeholder role ARN instead.
import { pick } from '../transform-context.js';
import type { TemplateObject } from '../types.js';
import { addEventResource, type FunctionEvent } from './event-context.js';
import { deadLetterConfig } from './rule-events.js';

const PASSED = ['ScheduleExpression', 'State', 'Description', 'StartDate', 'EndDate', 'ScheduleExpressionTimezone', 'GroupName', 'KmsKeyArn'] as const;

export function scheduleV2Event(event: FunctionEvent): void {
  const { properties, logicalId } = event;
  const schedule: TemplateObject = { ...pick(properties, PASSED) };
  if (properties.OmitName !== true) schedule.Name = properties.Name ?? logicalId;
  schedule.FlexibleTimeWindow = properties.FlexibleTimeWindow ?? { Mode: 'OFF' };
  const target: TemplateObject = {
    Arn: event.target.arn,
    RoleArn: properties.RoleArn ?? { 'Fn::Sub': `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/${logicalId}Role` },
    ...pick(properties, ['Input', 'RetryPolicy']),
  };
  const deadLetter = deadLetterConfig(event);
  if (deadLetter) target.DeadLetterConfig = deadLetter;
  schedule.Target = target;
  addEventResource(event, logicalId, 'AWS::Scheduler::Schedule', schedule);
}
