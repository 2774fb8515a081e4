import type { BusContext } from '../bus-context.js';
import type { ConnectionDefinition } from '../bus-documents.js';
import { connectionSummary } from '../connections/connection-views.js';
import { pageByName } from '../pages.js';
import { limit, nextToken } from '../validation/bus-shapes.js';
import { checkRequest } from '../validation/check-request.js';
import { connectionState, resourceName } from '../validation/connection-shapes.js';
import { structure } from '../validation/shapes.js';

interface ListConnectionsInput {
  NamePrefix?: string;
  ConnectionState?: string;
  NextToken?: string;
  Limit?: number;
}

const shape = structure({ NamePrefix: resourceName, ConnectionState: connectionState, NextToken: nextToken, Limit: limit });

/** ListConnections: by name, filtered by NamePrefix and ConnectionState (both may be given), Limit at a time. */
export async function listConnections(ctx: BusContext, input: Record<string, unknown>): Promise<unknown> {
  const request = checkRequest<ListConnectionsInput>(input, shape);
  const prefix = request.NamePrefix ?? '';
  const connections = (await ctx.store.listDocuments<ConnectionDefinition>('connection', '')).filter(
    (connection) => connection.name.startsWith(prefix) && (request.ConnectionState === undefined || connection.definition.ConnectionState === request.ConnectionState),
  );
  const { page, next } = pageByName(connections, (connection) => connection.name, request.Limit, request.NextToken);
  return { Connections: page.map((connection) => connectionSummary(ctx, connection)), ...(next !== undefined && { NextToken: next }) };
}
