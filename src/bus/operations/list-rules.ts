import type { BusContext } from '../bus-context.js';
import type { RuleDefinition } from '../bus-documents.js';
import { requireBus } from '../bus-lookup.js';
import { ruleSummary } from '../bus-views.js';
import { pageByName } from '../pages.js';
import { eventBusNameOrArn, limit, nextToken, ruleName } from '../validation/bus-shapes.js';
import { checkRequest } from '../validation/check-request.js';
import { structure } from '../validation/shapes.js';

interface ListRulesInput {
  NamePrefix?: string;
  EventBusName?: string;
  NextToken?: string;
  Limit?: number;
}

const shape = structure({ NamePrefix: ruleName, EventBusName: eventBusNameOrArn, NextToken: nextToken, Limit: limit });

/** ListRules: a bus's rules by name, filtered by NamePrefix, Limit at a time (without CreatedBy, as observed). */
export async function listRules(ctx: BusContext, input: Record<string, unknown>): Promise<unknown> {
  const request = checkRequest<ListRulesInput>(input, shape);
  const bus = await requireBus(ctx, request.EventBusName);
  const prefix = request.NamePrefix ?? '';
  const rules = (await ctx.store.listDocuments<RuleDefinition>('rule', bus.name)).filter((rule) => rule.name.startsWith(prefix));
  const { page, next } = pageByName(rules, (rule) => rule.name, request.Limit, request.NextToken);
  return { Rules: page.map((rule) => ruleSummary(ctx, rule)), ...(next !== undefined && { NextToken: next }) };
}
