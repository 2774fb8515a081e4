import type { BusContext } from '../bus-context.js';
import type { ApiDestinationDefinition } from '../bus-documents.js';
import { connectionErrors } from '../connections/connection-errors.js';
import { apiDestinationSummary } from '../connections/connection-views.js';
import { pageByName } from '../pages.js';
import { limit, nextToken } from '../validation/bus-shapes.js';
import { checkRequest } from '../validation/check-request.js';
import { connectionArn, resourceName } from '../validation/connection-shapes.js';
import { structure } from '../validation/shapes.js';

interface ListApiDestinationsInput {
  NamePrefix?: string;
  ConnectionArn?: string;
  NextToken?: string;
  Limit?: number;
}

const shape = structure({ NamePrefix: resourceName, ConnectionArn: connectionArn, NextToken: nextToken, Limit: limit });

/** ListApiDestinations: by name, filtered by one of NamePrefix or ConnectionArn, Limit at a time. */
export async function listApiDestinations(ctx: BusContext, input: Record<string, unknown>): Promise<unknown> {
  const request = checkRequest<ListApiDestinationsInput>(input, shape);
  if (request.NamePrefix !== undefined && request.ConnectionArn !== undefined) throw connectionErrors.oneDestinationFilter();
  const prefix = request.NamePrefix ?? '';
  const destinations = (await ctx.store.listDocuments<ApiDestinationDefinition>('api-destination', '')).filter(
    (destination) => destination.name.startsWith(prefix) && (request.ConnectionArn === undefined || destination.definition.ConnectionArn === request.ConnectionArn),
  );
  const { page, next } = pageByName(destinations, (destination) => destination.name, request.Limit, request.NextToken);
  return {
    ApiDestinations: await Promise.all(page.map((destination) => apiDestinationSummary(ctx, destination))),
    ...(next !== undefined && { NextToken: next }),
  };
}
