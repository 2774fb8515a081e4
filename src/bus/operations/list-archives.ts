import type { BusContext } from '../bus-context.js';
import type { ArchiveDefinition } from '../bus-documents.js';
import { busErrors } from '../bus-errors.js';
import { requireBusByArn } from '../archive-lookup.js';
import { archiveSummary } from '../archive-views.js';
import { busArn } from '../bus-arns.js';
import { pageByName } from '../pages.js';
import { archiveName, archiveState } from '../validation/archive-shapes.js';
import { arn, limit, nextToken } from '../validation/bus-shapes.js';
import { checkRequest } from '../validation/check-request.js';
import { structure } from '../validation/shapes.js';

interface ListArchivesInput {
  NamePrefix?: string;
  EventSourceArn?: string;
  State?: ArchiveDefinition['State'];
  NextToken?: string;
  Limit?: number;
}

const shape = structure({ NamePrefix: archiveName, EventSourceArn: arn, State: archiveState, NextToken: nextToken, Limit: limit });

/**
 * ListArchives: by name, filtered by one of NamePrefix, EventSourceArn (a bus that must exist, as
 * observed) or State, Limit at a time, each with its event count and size.
 */
export async function listArchives(ctx: BusContext, input: Record<string, unknown>): Promise<unknown> {
  const request = checkRequest<ListArchivesInput>(input, shape);
  const { NamePrefix, EventSourceArn, State } = request;
  if ([NamePrefix, EventSourceArn, State].filter((filter) => filter !== undefined).length > 1) throw busErrors.oneFilter('ListArchives');
  const source = EventSourceArn === undefined ? undefined : busArn(ctx.deployment, (await requireBusByArn(ctx, EventSourceArn, 'EventSourceArn')).name);
  const archives = (await ctx.store.listDocuments<ArchiveDefinition>('archive', '')).filter(
    (archive) =>
      archive.name.startsWith(NamePrefix ?? '') &&
      (source === undefined || archive.definition.EventSourceArn === source) &&
      (State === undefined || archive.definition.State === State),
  );
  const { page, next } = pageByName(archives, (archive) => archive.name, request.Limit, request.NextToken);
  return { Archives: await Promise.all(page.map((archive) => archiveSummary(ctx, archive))), ...(next !== undefined && { NextToken: next }) };
}
