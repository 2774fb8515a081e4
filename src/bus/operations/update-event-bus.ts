import { busArn } from '../bus-arns.js';
import type { BusContext } from '../bus-context.js';
import type { BusDefinition } from '../bus-documents.js';
import { busErrors } from '../bus-errors.js';
import { requireBus, writeBus } from '../bus-lookup.js';
import { deadLetterConfig, eventBusName, kmsKeyIdentifier, logConfig } from '../validation/bus-shapes.js';
import { checkRequest } from '../validation/check-request.js';
import { string, structure } from '../validation/shapes.js';

interface UpdateEventBusInput {
  Name?: string;
  KmsKeyIdentifier?: string;
  Description?: string;
  DeadLetterConfig?: BusDefinition['DeadLetterConfig'];
  LogConfig?: BusDefinition['LogConfig'];
}

const shape = structure({
  Name: eventBusName,
  KmsKeyIdentifier: kmsKeyIdentifier,
  Description: string({ max: 512 }),
  DeadLetterConfig: deadLetterConfig,
  LogConfig: logConfig,
});

/**
 * UpdateEventBus: the settings given replace the bus's; settings left out stay as they were (whether
 * AWS clears them instead is unconfirmed).
 */
export async function updateEventBus(ctx: BusContext, input: Record<string, unknown>): Promise<unknown> {
  const { Name, ...changes } = checkRequest<UpdateEventBusInput>(input, shape);
  const bus = await requireBus(ctx, Name);
  const updated = await writeBus(ctx, bus.name, (current) => {
    if (!current) throw busErrors.busNotFound(bus.name);
    const definition: BusDefinition = { ...current.definition, ...changes };
    return { definition, result: definition };
  });
  const { KmsKeyIdentifier, Description, DeadLetterConfig, LogConfig } = updated;
  return {
    Arn: busArn(ctx.deployment, bus.name),
    Name: bus.name,
    ...(KmsKeyIdentifier !== undefined && { KmsKeyIdentifier }),
    ...(Description !== undefined && { Description }),
    ...(DeadLetterConfig !== undefined && { DeadLetterConfig }),
    ...(LogConfig !== undefined && { LogConfig }),
  };
}
