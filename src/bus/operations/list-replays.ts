import type { BusContext } from '../bus-context.js';
import type { ReplayDefinition } from '../bus-documents.js';
import { busErrors } from '../bus-errors.js';
import { pageByName } from '../pages.js';
import { replaySummary } from '../replay-lookup.js';
import { replayName, replayState } from '../validation/archive-shapes.js';
import { arn, limit, nextToken } from '../validation/bus-shapes.js';
import { checkRequest } from '../validation/check-request.js';
import { structure } from '../validation/shapes.js';

interface ListReplaysInput {
  NamePrefix?: string;
  State?: ReplayDefinition['State'];
  EventSourceArn?: string;
  NextToken?: string;
  Limit?: number;
}

const shape = structure({ NamePrefix: replayName, State: replayState, EventSourceArn: arn, NextToken: nextToken, Limit: limit });

/** ListReplays: by name, filtered by one of NamePrefix, State or EventSourceArn (an archive ARN), Limit at a time. */
export async function listReplays(ctx: BusContext, input: Record<string, unknown>): Promise<unknown> {
  const request = checkRequest<ListReplaysInput>(input, shape);
  const { NamePrefix, State, EventSourceArn } = request;
  if ([NamePrefix, EventSourceArn, State].filter((filter) => filter !== undefined).length > 1) throw busErrors.oneFilter('ListReplays');
  const replays = (await ctx.store.listDocuments<ReplayDefinition>('replay', '')).filter(
    (replay) =>
      replay.name.startsWith(NamePrefix ?? '') &&
      (State === undefined || replay.definition.State === State) &&
      (EventSourceArn === undefined || replay.definition.EventSourceArn === EventSourceArn),
  );
  const { page, next } = pageByName(replays, (replay) => replay.name, request.Limit, request.NextToken);
  return { Replays: page.map(replaySummary), ...(next !== undefined && { NextToken: next }) };
}
