import { busArn } from '../bus-arns.js';
import type { BusContext } from '../bus-context.js';
import type { BusDefinition } from '../bus-documents.js';
import { busErrors } from '../bus-errors.js';
import { requireBus, writeBus } from '../bus-lookup.js';
import { tagRecord } from '../bus-tags.js';
import { deadLetterConfig, eventBusName, kmsKeyIdentifier, logConfig, tagList, type Tag } from '../validation/bus-shapes.js';
import { checkRequest } from '../validation/check-request.js';
import { required, string, structure } from '../validation/shapes.js';

interface CreateEventBusInput {
  Name: string;
  EventSourceName?: string;
  Description?: string;
  KmsKeyIdentifier?: string;
  DeadLetterConfig?: BusDefinition['DeadLetterConfig'];
  LogConfig?: BusDefinition['LogConfig'];
  Tags?: Tag[];
}

const shape = structure({
  Name: required(eventBusName),
  EventSourceName: string({ min: 1, max: 256, pattern: 'aws\\.partner(/[\\.\\-_A-Za-z0-9]+){2,}' }),
  Description: string({ max: 512 }),
  KmsKeyIdentifier: kmsKeyIdentifier,
  DeadLetterConfig: deadLetterConfig,
  LogConfig: logConfig,
  Tags: tagList,
});

/** CreateEventBus: a custom bus (`default` always exists, so naming it is ResourceAlreadyExistsException). */
export async function createEventBus(ctx: BusContext, input: Record<string, unknown>): Promise<unknown> {
  const request = checkRequest<CreateEventBusInput>(input, shape);
  const { Name, Description, KmsKeyIdentifier, DeadLetterConfig, LogConfig } = request;
  // Partner event sources are SaaS integrations Eddy does not have; a bus can only be made for one.
  if (request.EventSourceName !== undefined) throw busErrors.eventSourceNotFound(request.EventSourceName);
  // moto's wording (unconfirmed): names with '/' belong to partner buses.
  if (Name.includes('/')) throw busErrors.validation("Event bus name must not contain '/'.");
  const tags = tagRecord(request.Tags);
  await requireBus(ctx, 'default'); // so `default` is never created twice
  const definition: BusDefinition = {
    ...(Description !== undefined && { Description }),
    ...(KmsKeyIdentifier !== undefined && { KmsKeyIdentifier }),
    ...(DeadLetterConfig !== undefined && { DeadLetterConfig }),
    ...(LogConfig !== undefined && { LogConfig }),
    Tags: tags,
  };
  await writeBus(ctx, Name, (current) => {
    if (current) throw busErrors.busExists(Name);
    return { definition, result: undefined };
  });
  const { Tags: _tags, ...settings } = definition;
  return { EventBusArn: busArn(ctx.deployment, Name), ...settings };
}
