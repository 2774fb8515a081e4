import type { BusContext } from '../bus-context.js';
import type { ApiDestinationDefinition } from '../bus-documents.js';
import { checkApiDestination } from '../connections/api-destination-checks.js';
import { connectionErrors } from '../connections/connection-errors.js';
import { writeApiDestination } from '../connections/connection-lookup.js';
import { apiDestinationAnswer } from '../connections/connection-views.js';
import { checkRequest } from '../validation/check-request.js';
import { apiDestinationHttpMethod, connectionArn, description, httpsEndpoint, invocationRateLimitPerSecond, resourceName } from '../validation/connection-shapes.js';
import { required, structure } from '../validation/shapes.js';

interface UpdateApiDestinationInput {
  Name: string;
  Description?: string;
  ConnectionArn?: string;
  InvocationEndpoint?: string;
  HttpMethod?: ApiDestinationDefinition['HttpMethod'];
  InvocationRateLimitPerSecond?: number;
}

const shape = structure({
  Name: required(resourceName),
  Description: description,
  ConnectionArn: connectionArn,
  InvocationEndpoint: httpsEndpoint,
  HttpMethod: apiDestinationHttpMethod,
  InvocationRateLimitPerSecond: invocationRateLimitPerSecond,
});

/**
 * UpdateApiDestination: what is given replaces the stored setting, the rest stays (observed: an
 * update without InvocationRateLimitPerSecond keeps it). Deliveries already waiting use the new
 * settings: they read the destination when they are attempted.
 */
export async function updateApiDestination(ctx: BusContext, input: Record<string, unknown>): Promise<unknown> {
  const { Name, ...changes } = checkRequest<UpdateApiDestinationInput>(input, shape);
  await checkApiDestination(ctx, 'update', Name, changes);
  const now = ctx.clock.now();
  const updated = await writeApiDestination(ctx.store, Name, now, (current) => {
    if (!current) throw connectionErrors.apiDestinationNotFound(Name, 'update');
    const definition: ApiDestinationDefinition = { ...current.definition, ...changes };
    return { definition, result: { ...current, definition, modifiedAt: now } };
  });
  return apiDestinationAnswer(ctx, updated);
}
