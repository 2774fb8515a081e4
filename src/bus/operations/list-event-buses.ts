import type { BusContext } from '../bus-context.js';
import type { BusDefinition } from '../bus-documents.js';
import { requireBus } from '../bus-lookup.js';
import { busSummary } from '../bus-views.js';
import { pageByName } from '../pages.js';
import { eventBusName, limit, nextToken } from '../validation/bus-shapes.js';
import { checkRequest } from '../validation/check-request.js';
import { structure } from '../validation/shapes.js';

interface ListEventBusesInput {
  NamePrefix?: string;
  NextToken?: string;
  Limit?: number;
}

const shape = structure({ NamePrefix: eventBusName, NextToken: nextToken, Limit: limit });

/** ListEventBuses: by name, `default` included, filtered by NamePrefix, Limit at a time. */
export async function listEventBuses(ctx: BusContext, input: Record<string, unknown>): Promise<unknown> {
  const request = checkRequest<ListEventBusesInput>(input, shape);
  await requireBus(ctx, undefined); // the default bus has a document to list
  const prefix = request.NamePrefix ?? '';
  const buses = (await ctx.store.listDocuments<BusDefinition>('bus', '')).filter((bus) => bus.name.startsWith(prefix));
  const { page, next } = pageByName(buses, (bus) => bus.name, request.Limit, request.NextToken);
  return { EventBuses: page.map((bus) => busSummary(ctx, bus)), ...(next !== undefined && { NextToken: next }) };
}
