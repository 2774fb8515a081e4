import type { BusContext } from '../bus-context.js';
import { requireArchive } from '../archive-lookup.js';
import { archiveDescription } from '../archive-views.js';
import { archiveName } from '../validation/archive-shapes.js';
import { checkRequest } from '../validation/check-request.js';
import { required, structure } from '../validation/shapes.js';

const shape = structure({ ArchiveName: required(archiveName) });

/** DescribeArchive: the archive with its EventCount and SizeBytes (the UTF-8 bytes of its events' JSON). */
export async function describeArchive(ctx: BusContext, input: Record<string, unknown>): Promise<unknown> {
  const { ArchiveName } = checkRequest<{ ArchiveName: string }>(input, shape);
  return archiveDescription(ctx, await requireArchive(ctx, ArchiveName));
}
