import { busArn, ruleArn } from './bus-arns.js';
import type { BusContext } from './bus-context.js';
import type { Bus, Rule } from './bus-lookup.js';

/** Timestamps on EventBridge's wire are epoch seconds. */
export const epochSeconds = (ms: number): number => ms / 1000;

/** A bus as ListEventBuses shows it. */
export function busSummary(ctx: BusContext, bus: Bus): Record<string, unknown> {
  const { Description, Policy } = bus.definition;
  return {
    Name: bus.name,
    Arn: busArn(ctx.deployment, bus.name),
    ...(Description !== undefined && { Description }),
    ...(Policy !== undefined && { Policy }),
    CreationTime: epochSeconds(bus.createdAt),
    LastModifiedTime: epochSeconds(bus.modifiedAt),
  };
}

/** A bus as DescribeEventBus shows it: the summary and its settings. */
export function busDescription(ctx: BusContext, bus: Bus): Record<string, unknown> {
  const { KmsKeyIdentifier, DeadLetterConfig, LogConfig } = bus.definition;
  return {
    ...busSummary(ctx, bus),
    ...(KmsKeyIdentifier !== undefined && { KmsKeyIdentifier }),
    ...(DeadLetterConfig !== undefined && { DeadLetterConfig }),
    ...(LogConfig !== undefined && { LogConfig }),
  };
}

/** A rule as ListRules shows it (DescribeRule adds CreatedBy). */
export function ruleSummary(ctx: BusContext, rule: Rule): Record<string, unknown> {
  const { EventPattern, ScheduleExpression, State, Description, RoleArn, ManagedBy } = rule.definition;
  return {
    Name: rule.name,
    Arn: ruleArn(ctx.deployment, rule.scope, rule.name),
    ...(EventPattern !== undefined && { EventPattern }),
    ...(ScheduleExpression !== undefined && { ScheduleExpression }),
    State,
    ...(Description !== undefined && { Description }),
    ...(RoleArn !== undefined && { RoleArn }),
    ...(ManagedBy !== undefined && { ManagedBy }),
    EventBusName: rule.scope,
  };
}
