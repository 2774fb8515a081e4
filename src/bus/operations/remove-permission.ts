import type { BusContext } from '../bus-context.js';
import type { BusDefinition } from '../bus-documents.js';
import { busErrors } from '../bus-errors.js';
import { requireBus, writeBus } from '../bus-lookup.js';
import { withoutStatement } from '../bus-policy.js';
import { nonPartnerEventBusName } from '../validation/bus-shapes.js';
import { checkRequest } from '../validation/check-request.js';
import { boolean, string, structure } from '../validation/shapes.js';

interface RemovePermissionInput {
  StatementId?: string;
  RemoveAllPermissions?: boolean;
  EventBusName?: string;
}

const shape = structure({
  StatementId: string({ min: 1, max: 64, pattern: '[a-zA-Z0-9-_]+' }),
  RemoveAllPermissions: boolean(),
  EventBusName: nonPartnerEventBusName,
});

/**
 * RemovePermission: one statement by StatementId (a Sid not in the policy, or no policy at all, is
 * ResourceNotFoundException, observed), or the whole policy with RemoveAllPermissions (an error when
 * there is none, as LocalStack's AWS-validated test expects).
 */
export async function removePermission(ctx: BusContext, input: Record<string, unknown>): Promise<unknown> {
  const request = checkRequest<RemovePermissionInput>(input, shape);
  const bus = await requireBus(ctx, request.EventBusName);
  const all = request.RemoveAllPermissions === true;
  const sid = request.StatementId;
  // LocalStack's wording (unconfirmed).
  if (!all && sid === undefined) throw busErrors.validation('Parameter StatementId is required.');
  await writeBus(ctx, bus.name, (current) => {
    if (!current) throw busErrors.busNotFound(bus.name);
    const { Policy, ...rest } = current.definition;
    if (all && Policy === undefined) throw busErrors.noPolicy();
    const kept = all ? undefined : withoutStatement(Policy, sid!);
    const definition: BusDefinition = kept === undefined ? rest : { ...rest, Policy: kept };
    return { definition, result: undefined };
  });
  return {};
}
