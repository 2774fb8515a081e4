import { archiveArn } from '../bus-arns.js';
import type { BusContext } from '../bus-context.js';
import type { ArchiveDefinition } from '../bus-documents.js';
import { busErrors } from '../bus-errors.js';
import { requireArchive, writeArchive } from '../archive-lookup.js';
import { epochSeconds } from '../bus-views.js';
import { checkEventPattern } from '../rule-checks.js';
import { archiveName, description, retentionDays } from '../validation/archive-shapes.js';
import { eventPattern, kmsKeyIdentifier } from '../validation/bus-shapes.js';
import { checkRequest } from '../validation/check-request.js';
import { required, structure } from '../validation/shapes.js';

interface UpdateArchiveInput {
  ArchiveName: string;
  Description?: string;
  EventPattern?: string;
  RetentionDays?: number;
  KmsKeyIdentifier?: string;
}

const shape = structure({
  ArchiveName: required(archiveName),
  Description: description,
  EventPattern: eventPattern,
  RetentionDays: retentionDays,
  KmsKeyIdentifier: kmsKeyIdentifier,
});

/**
 * UpdateArchive: the members given replace the archive's, the others stay; an empty EventPattern removes
 * the pattern (the archive then keeps every event; unconfirmed). The source bus cannot change. A new
 * pattern applies to events accepted from now on: what the archive holds stays.
 *
 * An unknown archive is ResourceNotFoundException, as DescribeArchive and DeleteArchive answer. (AWS was
 * observed answering InternalException — a 500 the SDKs retry four times — which is not copied.)
 */
export async function updateArchive(ctx: BusContext, input: Record<string, unknown>): Promise<unknown> {
  const { ArchiveName: name, EventPattern, ...changes } = checkRequest<UpdateArchiveInput>(input, shape);
  if (EventPattern) checkEventPattern(EventPattern);
  const archive = await requireArchive(ctx, name);
  const updated = await writeArchive(ctx, name, archive.definition.bus, (current) => {
    if (!current) throw busErrors.archiveNotFound(name);
    const { EventPattern: _old, ...rest } = current.definition;
    const pattern = EventPattern === undefined ? current.definition.EventPattern : EventPattern || undefined;
    const definition: ArchiveDefinition = { ...rest, ...changes, ...(pattern !== undefined && { EventPattern: pattern }) };
    return { definition, result: definition };
  });
  return { ArchiveArn: archiveArn(ctx.deployment, name), State: updated.State, CreationTime: epochSeconds(archive.createdAt) };
}
