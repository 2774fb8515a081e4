import { archiveArn, busArn } from '../bus-arns.js';
import type { BusContext } from '../bus-context.js';
import type { ArchiveDefinition } from '../bus-documents.js';
import { busErrors } from '../bus-errors.js';
import { requireArchive, requireBusByArn, writeArchive } from '../archive-lookup.js';
import { epochSeconds } from '../bus-views.js';
import { checkEventPattern } from '../rule-checks.js';
import { archiveName, description, retentionDays } from '../validation/archive-shapes.js';
import { arn, eventPattern, kmsKeyIdentifier } from '../validation/bus-shapes.js';
import { checkRequest } from '../validation/check-request.js';
import { required, structure } from '../validation/shapes.js';

interface CreateArchiveInput {
  ArchiveName: string;
  EventSourceArn: string;
  Description?: string;
  EventPattern?: string;
  RetentionDays?: number;
  KmsKeyIdentifier?: string;
}

const shape = structure({
  ArchiveName: required(archiveName),
  EventSourceArn: required(arn),
  Description: description,
  EventPattern: eventPattern,
  RetentionDays: retentionDays,
  KmsKeyIdentifier: kmsKeyIdentifier,
});

/**
 * CreateArchive: an archive of one bus, ENABLED at once, keeping every event put on the bus from now on
 * (or those its pattern matches) except replayed ones — the router archives them as it accepts them.
 * The pattern is checked before the bus is looked up, as PutRule does (AWS's order is unconfirmed).
 * Unknown bus and duplicate name: AWS's messages (observed).
 */
export async function createArchive(ctx: BusContext, input: Record<string, unknown>): Promise<unknown> {
  const request = checkRequest<CreateArchiveInput>(input, shape);
  const { ArchiveName: name, Description, RetentionDays, KmsKeyIdentifier } = request;
  const pattern = request.EventPattern || undefined;
  if (pattern !== undefined) checkEventPattern(pattern);
  const bus = await requireBusByArn(ctx, request.EventSourceArn, 'EventSourceArn');
  if (await ctx.store.getDocument('archive', '', name)) throw busErrors.archiveExists(name);
  // Events an archive of this name left behind when its DeleteArchive stopped before clearing them are
  // not this archive's. (Two CreateArchive of one name racing while events arrive could lose the
  // winner's first events here: a narrow race, accepted.)
  await ctx.store.clearArchive(name);
  const definition: ArchiveDefinition = {
    EventSourceArn: busArn(ctx.deployment, bus.name),
    bus: bus.name,
    ...(Description !== undefined && { Description }),
    ...(pattern !== undefined && { EventPattern: pattern }),
    RetentionDays: RetentionDays ?? 0,
    ...(KmsKeyIdentifier !== undefined && { KmsKeyIdentifier }),
    State: 'ENABLED',
  };
  await writeArchive(ctx, name, bus.name, (current) => {
    if (current) throw busErrors.archiveExists(name);
    return { definition, result: undefined };
  });
  const created = await requireArchive(ctx, name);
  return { ArchiveArn: archiveArn(ctx.deployment, name), State: created.definition.State, CreationTime: epochSeconds(created.createdAt) };
}
