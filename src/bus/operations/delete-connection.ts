import type { BusContext } from '../bus-context.js';
import { connectionErrors } from '../connections/connection-errors.js';
import { writeConnection } from '../connections/connection-lookup.js';
import { connectionAnswer } from '../connections/connection-views.js';
import { checkRequest } from '../validation/check-request.js';
import { resourceName } from '../validation/connection-shapes.js';
import { required, structure } from '../validation/shapes.js';

const shape = structure({ Name: required(resourceName) });

/**
 * DeleteConnection: gone at once (AWS answers DELETING and removes it shortly after, observed). API
 * destinations that use it stay, INACTIVE, and their deliveries fail with NO_RESOURCE.
 */
export async function deleteConnection(ctx: BusContext, input: Record<string, unknown>): Promise<unknown> {
  const { Name } = checkRequest<{ Name: string }>(input, shape);
  const deleted = await writeConnection(ctx.store, Name, ctx.clock.now(), (current) => {
    if (!current) throw connectionErrors.connectionNotFound(Name, 'delete');
    return { definition: null, result: current };
  });
  return connectionAnswer(ctx, deleted, 'DELETING');
}
