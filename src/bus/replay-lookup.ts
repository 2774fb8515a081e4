import type { BusDocument } from '../storage/bus-store.js';
import { replayArn } from './bus-arns.js';
import type { BusContext } from './bus-context.js';
import type { ReplayDefinition } from './bus-documents.js';
import { busErrors } from './bus-errors.js';
import { epochSeconds } from './bus-views.js';

export type Replay = BusDocument<ReplayDefinition>;

/** States in which a replay still has work (and counts against the 10 active replays AWS allows). */
export const ACTIVE_REPLAY_STATES: ReadonlySet<ReplayDefinition['State']> = new Set(['STARTING', 'RUNNING', 'CANCELLING']);

export async function requireReplay(ctx: BusContext, name: string): Promise<Replay> {
  const replay = await ctx.store.getDocument<ReplayDefinition>('replay', '', name);
  if (!replay) throw busErrors.replayNotFound(name);
  return replay;
}

/** A replay as ListReplays shows it. */
export function replaySummary(replay: Replay): Record<string, unknown> {
  const { EventSourceArn, State, StateReason, EventStartTime, EventEndTime } = replay.definition;
  return {
    ReplayName: replay.name,
    EventSourceArn,
    State,
    ...(StateReason !== undefined && { StateReason }),
    EventStartTime: epochSeconds(EventStartTime),
    EventEndTime: epochSeconds(EventEndTime),
    ...progress(replay.definition),
  };
}

/** A replay as DescribeReplay shows it, members in the model's order. */
export function replayDescription(ctx: BusContext, replay: Replay): Record<string, unknown> {
  const { Description, State, StateReason, EventSourceArn, Destination, EventStartTime, EventEndTime } = replay.definition;
  return {
    ReplayName: replay.name,
    ReplayArn: replayArn(ctx.deployment, replay.name),
    ...(Description !== undefined && { Description }),
    State,
    ...(StateReason !== undefined && { StateReason }),
    EventSourceArn,
    Destination,
    EventStartTime: epochSeconds(EventStartTime),
    EventEndTime: epochSeconds(EventEndTime),
    ...progress(replay.definition),
  };
}

/** EventLastReplayedTime once an event was replayed, ReplayStartTime, ReplayEndTime once it ended (as observed). */
function progress({ EventLastReplayedTime, ReplayStartTime, ReplayEndTime }: ReplayDefinition): Record<string, number> {
  return {
    ...(EventLastReplayedTime !== undefined && { EventLastReplayedTime: epochSeconds(EventLastReplayedTime) }),
    ReplayStartTime: epochSeconds(ReplayStartTime),
    ...(ReplayEndTime !== undefined && { ReplayEndTime: epochSeconds(ReplayEndTime) }),
  };
}
