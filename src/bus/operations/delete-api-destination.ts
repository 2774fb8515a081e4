import type { BusContext } from '../bus-context.js';
import { connectionErrors } from '../connections/connection-errors.js';
import { writeApiDestination } from '../connections/connection-lookup.js';
import { checkRequest } from '../validation/check-request.js';
import { resourceName } from '../validation/connection-shapes.js';
import { required, structure } from '../validation/shapes.js';

const shape = structure({ Name: required(resourceName) });

/** DeleteApiDestination: targets that name it stay, and their deliveries fail with NO_RESOURCE. */
export async function deleteApiDestination(ctx: BusContext, input: Record<string, unknown>): Promise<unknown> {
  const { Name } = checkRequest<{ Name: string }>(input, shape);
  await writeApiDestination(ctx.store, Name, ctx.clock.now(), (current) => {
    if (!current) throw connectionErrors.apiDestinationNotFound(Name, 'delete');
    return { definition: null, result: undefined };
  });
  return {};
}
