import type { BusContext } from '../bus-context.js';
import { requireArchive, writeArchive } from '../archive-lookup.js';
import { archiveName } from '../validation/archive-shapes.js';
import { checkRequest } from '../validation/check-request.js';
import { required, structure } from '../validation/shapes.js';

const shape = structure({ ArchiveName: required(archiveName) });

/**
 * DeleteArchive: the archive, then its events. The document goes first (bumping the bus's version, so
 * the router stops archiving into it); should Eddy stop before the events are cleared, CreateArchive
 * clears them before a new archive takes the name. A replay of the archive that has not finished fails
 * at its next step.
 */
export async function deleteArchive(ctx: BusContext, input: Record<string, unknown>): Promise<unknown> {
  const { ArchiveName: name } = checkRequest<{ ArchiveName: string }>(input, shape);
  const archive = await requireArchive(ctx, name);
  await writeArchive(ctx, name, archive.definition.bus, () => ({ definition: null, result: undefined }));
  await ctx.store.clearArchive(name);
  return {};
}
