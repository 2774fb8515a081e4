import type { BusContext } from '../bus-context.js';
import { requireBus, requireRule } from '../bus-lookup.js';
import { pageByPosition } from '../pages.js';
import { eventBusNameOrArn, limit, nextToken, ruleName } from '../validation/bus-shapes.js';
import { checkRequest } from '../validation/check-request.js';
import { required, structure } from '../validation/shapes.js';

interface ListTargetsByRuleInput {
  Rule: string;
  EventBusName?: string;
  NextToken?: string;
  Limit?: number;
}

const shape = structure({ Rule: required(ruleName), EventBusName: eventBusNameOrArn, NextToken: nextToken, Limit: limit });

/** ListTargetsByRule: the rule's targets as PutTargets stored them, in the order they were first put. */
export async function listTargetsByRule(ctx: BusContext, input: Record<string, unknown>): Promise<unknown> {
  const request = checkRequest<ListTargetsByRuleInput>(input, shape);
  const bus = await requireBus(ctx, request.EventBusName);
  const rule = await requireRule(ctx, bus.name, request.Rule);
  const { page, next } = pageByPosition(rule.definition.Targets, request.Limit, request.NextToken);
  return { Targets: page, ...(next !== undefined && { NextToken: next }) };
}
