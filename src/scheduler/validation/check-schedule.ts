import { checkRequest } from '../../bus/validation/check-request.js';
import { InvalidScheduleExpressionError, TimeZone } from '../../schedules/index.js';
import { DEFAULT_GROUP, type ScheduleDefinition, type ScheduleTarget } from '../schedule-definition.js';
import { expressionOf } from '../schedule-times.js';
import { universalTargetOf } from '../firing/universal-targets.js';
import { schedulerErrors } from '../scheduler-errors.js';
import { scheduleInputShape } from './scheduler-shapes.js';

/** CreateSchedule / UpdateSchedule input, checked: where it goes and what is stored. */
export interface CheckedSchedule {
  readonly name: string;
  readonly group: string;
  readonly clientToken: string | undefined;
  readonly definition: ScheduleDefinition;
}

interface ScheduleInput {
  Name: string;
  GroupName?: string;
  ScheduleExpression: string;
  StartDate?: number;
  EndDate?: number;
  Description?: string;
  ScheduleExpressionTimezone?: string;
  State?: 'ENABLED' | 'DISABLED';
  KmsKeyArn?: string;
  Target: ScheduleTarget;
  FlexibleTimeWindow: ScheduleDefinition['FlexibleTimeWindow'];
  ClientToken?: string;
  ActionAfterCompletion?: 'NONE' | 'DELETE';
}

/**
 * The model's constraints first (the shared checker, AWS's aggregated wording), then what the model cannot
 * say: the expression (`Invalid Schedule Expression <expr>.`, observed), the zone, the flexible window and the
 * dates (wordings unconfirmed). Omitted optional members take their defaults: UpdateSchedule replaces everything.
 */
export function checkScheduleInput(name: string, body: Record<string, unknown>): CheckedSchedule {
  const input = checkRequest<ScheduleInput>({ ...body, Name: name }, scheduleInputShape);
  const { FlexibleTimeWindow: window, Target: target } = input;
  try {
    expressionOf(input as unknown as ScheduleDefinition);
  } catch (error) {
    if (error instanceof InvalidScheduleExpressionError) throw schedulerErrors.validation(error.schedulerMessage);
    throw error;
  }
  const zone = input.ScheduleExpressionTimezone;
  if (zone !== undefined && !TimeZone.isValid(zone)) throw schedulerErrors.validation(`Invalid ScheduleExpressionTimezone ${zone}.`);
  if (window.Mode === 'FLEXIBLE' && window.MaximumWindowInMinutes === undefined) {
    throw schedulerErrors.validation('MaximumWindowInMinutes must be provided when Mode is FLEXIBLE.');
  }
  if (window.Mode === 'OFF' && window.MaximumWindowInMinutes !== undefined) {
    throw schedulerErrors.validation('MaximumWindowInMinutes must not be provided when Mode is OFF.');
  }
  if (input.StartDate !== undefined && input.EndDate !== undefined && input.EndDate <= input.StartDate) {
    throw schedulerErrors.validation('The EndDate you specify must be after the StartDate.');
  }
  if (/^arn:aws[\w-]*:events:[^:]*:[^:]*:event-bus\//.test(target.Arn)) {
    if (target.EventBridgeParameters === undefined) throw schedulerErrors.validation('EventBridgeParameters is required for an EventBridge PutEvents target.');
    if (target.EventBridgeParameters.Source.startsWith('aws.')) throw schedulerErrors.validation('EventBridgeParameters.Source must not start with aws.');
  }
  universalTargetOf(target.Arn); // a malformed or read-only universal target is refused here (managing-targets-universal)
  const definition: ScheduleDefinition = {
    ScheduleExpression: input.ScheduleExpression,
    ...(zone !== undefined && { ScheduleExpressionTimezone: zone }),
    ...(input.StartDate !== undefined && { StartDate: input.StartDate }),
    ...(input.EndDate !== undefined && { EndDate: input.EndDate }),
    ...(input.Description !== undefined && { Description: input.Description }),
    State: input.State ?? 'ENABLED',
    ...(input.KmsKeyArn !== undefined && { KmsKeyArn: input.KmsKeyArn }),
    ActionAfterCompletion: input.ActionAfterCompletion ?? 'NONE',
    FlexibleTimeWindow: window,
    Target: target,
  };
  return { name: input.Name, group: input.GroupName ?? DEFAULT_GROUP, clientToken: input.ClientToken, definition };
}
