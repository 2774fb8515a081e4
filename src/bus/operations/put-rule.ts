import { DEFAULT_BUS, busNameOf, ruleArn } from '../bus-arns.js';
import type { BusContext } from '../bus-context.js';
import type { RuleDefinition } from '../bus-documents.js';
import { busErrors } from '../bus-errors.js';
import { requireBus, writeRule } from '../bus-lookup.js';
import { tagRecord } from '../bus-tags.js';
import { checkEventPattern, checkUnmanaged } from '../rule-checks.js';
import { checkScheduleExpression, nextDueAt, scheduleAnchor } from '../rule-schedule.js';
import { arn, eventBusNameOrArn, eventPattern, ruleName, tagList, type Tag } from '../validation/bus-shapes.js';
import { checkRequest } from '../validation/check-request.js';
import { enumOf, required, string, structure } from '../validation/shapes.js';

interface PutRuleInput {
  Name: string;
  ScheduleExpression?: string;
  EventPattern?: string;
  State?: RuleDefinition['State'];
  Description?: string;
  RoleArn?: string;
  Tags?: Tag[];
  EventBusName?: string;
}

const shape = structure({
  Name: required(ruleName),
  ScheduleExpression: string({ max: 256 }),
  EventPattern: eventPattern,
  State: enumOf(['ENABLED', 'DISABLED', 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS']),
  Description: string({ max: 512 }),
  RoleArn: arn,
  Tags: tagList,
  EventBusName: eventBusNameOrArn,
});

/**
 * PutRule: creates or replaces a rule. Replacing keeps the rule's targets and tags (Tags on an update
 * are ignored) and nothing else: members left out are gone. A pattern, a schedule or both; schedules
 * only on the default bus. Messages for a missing pattern and schedule, and a schedule elsewhere, are
 * moto's (unconfirmed).
 */
export async function putRule(ctx: BusContext, input: Record<string, unknown>): Promise<unknown> {
  const request = checkRequest<PutRuleInput>(input, shape);
  const pattern = request.EventPattern || undefined;
  const schedule = request.ScheduleExpression || undefined;
  if (pattern === undefined && schedule === undefined) {
    throw busErrors.validation('Parameter(s) EventPattern or ScheduleExpression must be specified.');
  }
  const busName = busNameOf(ctx.deployment, request.EventBusName);
  if (schedule !== undefined) {
    if (busName !== undefined && busName !== DEFAULT_BUS) throw busErrors.validation('ScheduleExpression is supported only on the default event bus.');
    checkScheduleExpression(schedule);
  }
  if (pattern !== undefined) checkEventPattern(pattern);
  const tags = tagRecord(request.Tags);
  const bus = await requireBus(ctx, request.EventBusName);
  const now = ctx.clock.now();
  await writeRule(ctx, bus.name, request.Name, (current) => {
    if (current) checkUnmanaged(current);
    const anchor = scheduleAnchor(current, schedule, now);
    const definition: RuleDefinition = {
      ...(pattern !== undefined && { EventPattern: pattern }),
      ...(schedule !== undefined && { ScheduleExpression: schedule }),
      State: request.State ?? 'ENABLED',
      ...(request.Description !== undefined && { Description: request.Description }),
      ...(request.RoleArn !== undefined && { RoleArn: request.RoleArn }),
      Tags: current?.definition.Tags ?? tags,
      Targets: current?.definition.Targets ?? [],
      ...(anchor !== undefined && { scheduleAnchor: anchor }),
    };
    return { definition, dueAt: nextDueAt(current, definition, now), result: undefined };
  });
  return { RuleArn: ruleArn(ctx.deployment, bus.name, request.Name) };
}
