import { DEFAULT_BUS } from '../bus-arns.js';
import type { BusContext } from '../bus-context.js';
import type { RuleDefinition } from '../bus-documents.js';
import { busErrors } from '../bus-errors.js';
import { writeBus, writeRule } from '../bus-lookup.js';
import { eventBusName } from '../validation/bus-shapes.js';
import { checkRequest } from '../validation/check-request.js';
import { required, structure } from '../validation/shapes.js';

const shape = structure({ Name: required(eventBusName) });

/**
 * DeleteEventBus: a custom bus and its rules, targets included. Deleting a bus that does not exist
 * succeeds (observed: LocalStack's AWS-validated test; the model lists no ResourceNotFoundException).
 * Rules go first, each in its own write, so a crash halfway leaves the bus with fewer rules, never
 * rules without a bus; deleting again finishes the job.
 */
export async function deleteEventBus(ctx: BusContext, input: Record<string, unknown>): Promise<unknown> {
  const { Name } = checkRequest<{ Name: string }>(input, shape);
  if (Name === DEFAULT_BUS) throw busErrors.cannotDeleteDefault();
  for (const rule of await ctx.store.listDocuments<RuleDefinition>('rule', Name)) {
    await writeRule(ctx, Name, rule.name, () => ({ definition: null, result: undefined }));
  }
  await writeBus(ctx, Name, () => ({ definition: null, result: undefined }));
  return {};
}
