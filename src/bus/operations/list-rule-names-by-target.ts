import type { BusContext } from '../bus-context.js';
import type { RuleDefinition } from '../bus-documents.js';
import { requireBus } from '../bus-lookup.js';
import { pageByName } from '../pages.js';
import { arn, eventBusNameOrArn, limit, nextToken } from '../validation/bus-shapes.js';
import { checkRequest } from '../validation/check-request.js';
import { required, structure } from '../validation/shapes.js';

interface ListRuleNamesByTargetInput {
  TargetArn: string;
  EventBusName?: string;
  NextToken?: string;
  Limit?: number;
}

const shape = structure({ TargetArn: required(arn), EventBusName: eventBusNameOrArn, NextToken: nextToken, Limit: limit });

/** ListRuleNamesByTarget: the names of a bus's rules with a target of exactly that ARN, by name. */
export async function listRuleNamesByTarget(ctx: BusContext, input: Record<string, unknown>): Promise<unknown> {
  const request = checkRequest<ListRuleNamesByTargetInput>(input, shape);
  const bus = await requireBus(ctx, request.EventBusName);
  const rules = await ctx.store.listDocuments<RuleDefinition>('rule', bus.name);
  const names = rules.filter((rule) => rule.definition.Targets.some((target) => target.Arn === request.TargetArn)).map((rule) => rule.name);
  const { page, next } = pageByName(names, (name) => name, request.Limit, request.NextToken);
  return { RuleNames: page, ...(next !== undefined && { NextToken: next }) };
}
