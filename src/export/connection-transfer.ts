import { eventBridgeOperations } from '../api/eventbridge-service.js';
import { apiDestinationArn, apiDestinationOfArn, connectionArn } from '../bus/bus-arns.js';
import type { BusContext } from '../bus/bus-context.js';
import type { ApiDestinationDefinition, ConnectionDefinition } from '../bus/bus-documents.js';
import { ServiceError } from '../shared/service-error.js';
import type { ExportLine } from './export-format.js';

/**
 * Connections, as CreateConnection requests with their authorization parameters as given, secrets included
 * (the file then holds them: docs/export.md says so), then API destinations naming their connection by name.
 * The ARNs of both end in an id an import does not keep: written before the buses, so the import remaps a
 * rule's or a pipe's API destination target to the one of that name it made. A deauthorized connection,
 * whose parameters are gone, cannot be made again and is left out.
 */
export async function* connectionLines(ctx: BusContext): AsyncGenerator<string> {
  const names = new Map<string, string>(); // connection ARN → name
  for (const { name, definition } of await ctx.store.listDocuments<ConnectionDefinition>('connection', '')) {
    if (definition.AuthParameters === undefined) continue;
    names.set(connectionArn(ctx.deployment, name, definition.id), name);
    const { Description, AuthorizationType, AuthParameters, InvocationConnectivityParameters, KmsKeyIdentifier } = definition;
    const create = {
      Name: name,
      ...(Description !== undefined && { Description }),
      AuthorizationType,
      AuthParameters,
      ...(InvocationConnectivityParameters !== undefined && { InvocationConnectivityParameters }),
      ...(KmsKeyIdentifier !== undefined && { KmsKeyIdentifier }),
    };
    yield JSON.stringify({ type: 'connection', name, create });
  }
  for (const { name, definition } of await ctx.store.listDocuments<ApiDestinationDefinition>('api-destination', '')) {
    const connection = names.get(definition.ConnectionArn);
    if (connection === undefined) continue; // its connection is not exported
    const { Description, InvocationEndpoint, HttpMethod, InvocationRateLimitPerSecond } = definition;
    const create = { Name: name, ...(Description !== undefined && { Description }), InvocationEndpoint, HttpMethod, InvocationRateLimitPerSecond };
    yield JSON.stringify({ type: 'apiDestination', name, connection, create });
  }
}

const exists = (error: unknown) => error instanceof ServiceError && error.code === 'ResourceAlreadyExistsException';

/** Import of a connection: CreateConnection unless one of that name exists here (kept, false). */
export async function loadConnection(ctx: BusContext, line: Extract<ExportLine, { type: 'connection' }>): Promise<boolean> {
  try {
    await eventBridgeOperations['CreateConnection']!(ctx, { ...line.create, Name: line.name });
    return true;
  } catch (error) {
    if (exists(error)) return false;
    throw error;
  }
}

/** Import of an API destination: CreateApiDestination on the connection of that name here, unless one of its name exists (kept). */
export async function loadApiDestination(ctx: BusContext, line: Extract<ExportLine, { type: 'apiDestination' }>): Promise<boolean> {
  const connection = await ctx.store.getDocument<ConnectionDefinition>('connection', '', line.connection);
  if (connection === undefined) throw new Error(`connection ${line.connection} does not exist`);
  try {
    await eventBridgeOperations['CreateApiDestination']!(ctx, { ...line.create, Name: line.name, ConnectionArn: connectionArn(ctx.deployment, line.connection, connection.definition.id) });
    return true;
  } catch (error) {
    if (exists(error)) return false;
    throw error;
  }
}

/** An exported API destination ARN made current: the one of that name here (its id is new); any other ARN as it is. */
export async function currentArn(ctx: BusContext, arn: string): Promise<string> {
  const named = apiDestinationOfArn(ctx.deployment, arn);
  if (named === undefined) return arn;
  const stored = await ctx.store.getDocument<ApiDestinationDefinition>('api-destination', '', named.name);
  return stored === undefined ? arn : apiDestinationArn(ctx.deployment, named.name, stored.definition.id);
}
