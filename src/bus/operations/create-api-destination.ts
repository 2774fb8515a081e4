import { randomUUID } from 'node:crypto';
import type { BusContext } from '../bus-context.js';
import type { ApiDestinationDefinition } from '../bus-documents.js';
import { checkApiDestination, MAX_INVOCATION_RATE } from '../connections/api-destination-checks.js';
import { connectionErrors } from '../connections/connection-errors.js';
import { writeApiDestination } from '../connections/connection-lookup.js';
import { apiDestinationAnswer } from '../connections/connection-views.js';
import { checkRequest } from '../validation/check-request.js';
import { apiDestinationHttpMethod, connectionArn, description, httpsEndpoint, invocationRateLimitPerSecond, resourceName } from '../validation/connection-shapes.js';
import { required, structure } from '../validation/shapes.js';

interface CreateApiDestinationInput {
  Name: string;
  Description?: string;
  ConnectionArn: string;
  InvocationEndpoint: string;
  HttpMethod: ApiDestinationDefinition['HttpMethod'];
  InvocationRateLimitPerSecond?: number;
}

const shape = structure({
  Name: required(resourceName),
  Description: description,
  ConnectionArn: required(connectionArn),
  InvocationEndpoint: required(httpsEndpoint),
  HttpMethod: required(apiDestinationHttpMethod),
  InvocationRateLimitPerSecond: invocationRateLimitPerSecond,
});

/**
 * CreateApiDestination: an HTTP endpoint a rule's target can name by the destination's ARN, called
 * with its connection's authorization. Its state follows the connection's (ACTIVE while AUTHORIZED,
 * observed); the rate limit defaults to 300 a second (observed).
 */
export async function createApiDestination(ctx: BusContext, input: Record<string, unknown>): Promise<unknown> {
  const request = checkRequest<CreateApiDestinationInput>(input, shape);
  const { Name, Description, ConnectionArn, InvocationEndpoint, HttpMethod, InvocationRateLimitPerSecond } = request;
  await checkApiDestination(ctx, 'create', Name, request);
  const definition: ApiDestinationDefinition = {
    id: randomUUID(),
    ...(Description !== undefined && { Description }),
    ConnectionArn,
    InvocationEndpoint,
    HttpMethod,
    InvocationRateLimitPerSecond: InvocationRateLimitPerSecond ?? MAX_INVOCATION_RATE,
  };
  const now = ctx.clock.now();
  await writeApiDestination(ctx.store, Name, now, (current) => {
    if (current) throw connectionErrors.apiDestinationExists(Name);
    return { definition, result: undefined };
  });
  return apiDestinationAnswer(ctx, { kind: 'api-destination', scope: '', name: Name, definition, version: 1, createdAt: now, modifiedAt: now });
}
