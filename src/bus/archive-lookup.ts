import type { BusDocument } from '../storage/bus-store.js';
import type { Deployment } from '../shared/arns.js';
import { archiveArn } from './bus-arns.js';
import type { BusContext } from './bus-context.js';
import type { ArchiveDefinition } from './bus-documents.js';
import { busErrors } from './bus-errors.js';
import { requireBus, type Bus } from './bus-lookup.js';

export type Archive = BusDocument<ArchiveDefinition>;

const BUS_ARN = /^arn:aws[\w-]*:events:[^:]*:[^:]*:event-bus\/./;

/**
 * The bus an ARN member names (an archive's EventSourceArn, a replay's Destination.Arn): anything but an
 * event bus ARN is a ValidationException naming `member`; a bus ARN of another account or region, or of
 * a bus that does not exist, is ResourceNotFoundException.
 */
export function requireBusByArn(ctx: BusContext, arn: string, member: string): Promise<Bus> {
  if (!BUS_ARN.test(arn)) throw busErrors.notABusArn(member);
  return requireBus(ctx, arn);
}

export async function requireArchive(ctx: BusContext, name: string): Promise<Archive> {
  const archive = await ctx.store.getDocument<ArchiveDefinition>('archive', '', name);
  if (!archive) throw busErrors.archiveNotFound(name);
  return archive;
}

/** The archive an ARN of this deployment names, or undefined (another account or region, or not an archive ARN). */
export function archiveNameOfArn(d: Deployment, arn: string): string | undefined {
  const own = archiveArn(d, '');
  return arn.startsWith(own) && arn.length > own.length ? arn.slice(own.length) : undefined;
}

/**
 * Writes one archive as `decide(current)` says, in one transaction that bumps its bus's version: the
 * router of every node recompiles what the bus archives at its next event. `decide` may throw a
 * ServiceError: nothing is written.
 */
export function writeArchive<R>(
  ctx: BusContext,
  name: string,
  bus: string,
  decide: (current: Archive | undefined) => { definition: ArchiveDefinition | null; result: R },
): Promise<R> {
  return ctx.store.writeDocument<ArchiveDefinition, R>({
    kind: 'archive',
    scope: '',
    name,
    now: ctx.clock.now(),
    touch: { kind: 'bus', scope: '', name: bus },
    decide,
  });
}
