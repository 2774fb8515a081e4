import type { BusContext } from '../bus-context.js';
import { replayDescription, requireReplay } from '../replay-lookup.js';
import { replayName } from '../validation/archive-shapes.js';
import { checkRequest } from '../validation/check-request.js';
import { required, structure } from '../validation/shapes.js';

const shape = structure({ ReplayName: required(replayName) });

/** DescribeReplay: the replay, its state and its progress (EventLastReplayedTime: the event time of the last event replayed). */
export async function describeReplay(ctx: BusContext, input: Record<string, unknown>): Promise<unknown> {
  const { ReplayName } = checkRequest<{ ReplayName: string }>(input, shape);
  return replayDescription(ctx, await requireReplay(ctx, ReplayName));
}
