import { eventBridgeOperations } from '../api/eventbridge-service.js';
import type { BusContext } from '../bus/bus-context.js';
import type { ArchiveDefinition } from '../bus/bus-documents.js';
import { ServiceError } from '../shared/service-error.js';
import type { ExportLine } from './export-format.js';

/**
 * Bus archives, as CreateArchive requests: definitions only. The archived events are not carried (a
 * replay of the imported archive finds those archived after the import); the rule an archive manages is
 * made again by CreateArchive. Written after every bus: an archive names its bus by ARN.
 */
export async function* archiveLines(ctx: BusContext): AsyncGenerator<string> {
  for (const { name, definition } of await ctx.store.listDocuments<ArchiveDefinition>('archive')) {
    const { EventSourceArn, Description, EventPattern, RetentionDays, KmsKeyIdentifier } = definition;
    const create = {
      ArchiveName: name,
      EventSourceArn,
      ...(Description !== undefined && { Description }),
      ...(EventPattern !== undefined && { EventPattern }),
      RetentionDays,
      ...(KmsKeyIdentifier !== undefined && { KmsKeyIdentifier }),
    };
    yield JSON.stringify({ type: 'archive', name, create });
  }
}

/** Import of an archive: CreateArchive unless one of that name exists here (kept, false). */
export async function loadArchive(ctx: BusContext, line: Extract<ExportLine, { type: 'archive' }>): Promise<boolean> {
  try {
    await eventBridgeOperations['CreateArchive']!(ctx, { ...line.create, ArchiveName: line.name });
    return true;
  } catch (error) {
    if (error instanceof ServiceError && error.code === 'ResourceAlreadyExistsException') return false;
    throw error;
  }
}
