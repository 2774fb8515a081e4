import { archiveArn, replayArn } from '../bus-arns.js';
import type { BusContext } from '../bus-context.js';
import type { ArchiveDefinition, ReplayDefinition } from '../bus-documents.js';
import { busErrors } from '../bus-errors.js';
import { archiveNameOfArn, requireBusByArn } from '../archive-lookup.js';
import { epochSeconds } from '../bus-views.js';
import { ACTIVE_REPLAY_STATES } from '../replay-lookup.js';
import { description, replayName } from '../validation/archive-shapes.js';
import { arn } from '../validation/bus-shapes.js';
import { checkRequest } from '../validation/check-request.js';
import { list, required, structure, timestamp } from '../validation/shapes.js';

interface StartReplayInput {
  ReplayName: string;
  Description?: string;
  EventSourceArn: string;
  EventStartTime: number;
  EventEndTime: number;
  Destination: ReplayDefinition['Destination'];
}

const shape = structure({
  ReplayName: required(replayName),
  Description: description,
  EventSourceArn: required(arn),
  EventStartTime: required(timestamp()),
  EventEndTime: required(timestamp()),
  Destination: required(structure({ Arn: required(arn), FilterArns: list(arn) })),
});

/** Replays active at once, per account and region (the documented quota). */
const MAX_ACTIVE_REPLAYS = 10;

/**
 * StartReplay: a replay document, STARTING, due now; the replay runner (src/bus/replay) takes it from
 * there, woken at once in this process. Checks in moto's order — the destination is a bus ARN, the bus
 * exists, the archive exists, it is the archive's bus, the window is not empty, the name is free — with
 * AWS's messages where observed (SEMANTICS C.9). The name must be free of every replay, finished ones
 * included (AWS keeps them 90 days; Eddy keeps them).
 */
export async function startReplay(ctx: BusContext, input: Record<string, unknown>): Promise<unknown> {
  const request = checkRequest<StartReplayInput>(input, shape);
  const { ReplayName: name, Description, EventStartTime, EventEndTime, Destination } = request;
  const bus = await requireBusByArn(ctx, Destination.Arn, 'Destination.Arn');
  const archiveName = archiveNameOfArn(ctx.deployment, request.EventSourceArn);
  const archive = archiveName === undefined ? undefined : await ctx.store.getDocument<ArchiveDefinition>('archive', '', archiveName);
  if (!archive) throw busErrors.replayArchiveNotFound(archiveName ?? request.EventSourceArn.slice(request.EventSourceArn.lastIndexOf('/') + 1));
  if (archive.definition.bus !== bus.name) throw busErrors.crossBusReplay();
  if (EventStartTime >= EventEndTime) throw busErrors.replayWindow();
  const replays = await ctx.store.listDocuments<ReplayDefinition>('replay', '');
  if (replays.some((replay) => replay.name === name)) throw busErrors.replayExists(name);
  if (replays.filter((replay) => ACTIVE_REPLAY_STATES.has(replay.definition.State)).length >= MAX_ACTIVE_REPLAYS) throw busErrors.tooManyReplays();
  const now = ctx.clock.now();
  const definition: ReplayDefinition = {
    ...(Description !== undefined && { Description }),
    EventSourceArn: archiveArn(ctx.deployment, archive.name),
    archive: archive.name,
    archiveCreatedAt: archive.createdAt,
    bus: bus.name,
    EventStartTime,
    EventEndTime,
    Destination,
    State: 'STARTING',
    ReplayStartTime: now,
  };
  await ctx.store.writeDocument<ReplayDefinition, void>({
    kind: 'replay',
    scope: '',
    name,
    now,
    decide: (current) => {
      if (current) throw busErrors.replayExists(name);
      return { definition, dueAt: now, result: undefined };
    },
  });
  ctx.replays?.wake();
  return { ReplayArn: replayArn(ctx.deployment, name), State: 'STARTING', ReplayStartTime: epochSeconds(now) };
}
