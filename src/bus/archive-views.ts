import { archiveArn } from './bus-arns.js';
import type { BusContext } from './bus-context.js';
import type { Archive } from './archive-lookup.js';
import { epochSeconds } from './bus-views.js';

/** An archive as ListArchives shows it, with its event count and size (one stored row, however large the archive). */
export async function archiveSummary(ctx: BusContext, archive: Archive): Promise<Record<string, unknown>> {
  const { EventSourceArn, State, StateReason, RetentionDays } = archive.definition;
  const stats = await ctx.store.archiveStats(archive.name);
  return {
    ArchiveName: archive.name,
    EventSourceArn,
    State,
    ...(StateReason !== undefined && { StateReason }),
    RetentionDays,
    SizeBytes: stats.sizeBytes,
    EventCount: stats.eventCount,
    CreationTime: epochSeconds(archive.createdAt),
  };
}

/** An archive as DescribeArchive shows it, members in the model's order. */
export async function archiveDescription(ctx: BusContext, archive: Archive): Promise<Record<string, unknown>> {
  const { EventSourceArn, Description, EventPattern, State, StateReason, RetentionDays, KmsKeyIdentifier } = archive.definition;
  const stats = await ctx.store.archiveStats(archive.name);
  return {
    ArchiveArn: archiveArn(ctx.deployment, archive.name),
    ArchiveName: archive.name,
    EventSourceArn,
    ...(Description !== undefined && { Description }),
    ...(EventPattern !== undefined && { EventPattern }),
    State,
    ...(StateReason !== undefined && { StateReason }),
    RetentionDays,
    SizeBytes: stats.sizeBytes,
    EventCount: stats.eventCount,
    CreationTime: epochSeconds(archive.createdAt),
    ...(KmsKeyIdentifier !== undefined && { KmsKeyIdentifier }),
  };
}
