import { replayArn } from '../bus-arns.js';
import type { BusContext } from '../bus-context.js';
import type { ReplayDefinition } from '../bus-documents.js';
import { busErrors } from '../bus-errors.js';
import { requireReplay } from '../replay-lookup.js';
import { replayName } from '../validation/archive-shapes.js';
import { checkRequest } from '../validation/check-request.js';
import { required, structure } from '../validation/shapes.js';

const shape = structure({ ReplayName: required(replayName) });

/**
 * CancelReplay: a STARTING or RUNNING replay becomes CANCELLING, due now; the runner ends it, CANCELLED,
 * at its next step (a step under way finishes first: what it replayed stays replayed). Any other state
 * is IllegalStatusException.
 */
export async function cancelReplay(ctx: BusContext, input: Record<string, unknown>): Promise<unknown> {
  const { ReplayName: name } = checkRequest<{ ReplayName: string }>(input, shape);
  await requireReplay(ctx, name);
  const now = ctx.clock.now();
  await ctx.store.writeDocument<ReplayDefinition, void>({
    kind: 'replay',
    scope: '',
    name,
    now,
    decide: (current) => {
      if (!current) throw busErrors.replayNotFound(name);
      const { State } = current.definition;
      if (State !== 'STARTING' && State !== 'RUNNING') throw busErrors.replayNotCancellable(name);
      return { definition: { ...current.definition, State: 'CANCELLING' }, dueAt: now, result: undefined };
    },
  });
  ctx.replays?.wake();
  return { ReplayArn: replayArn(ctx.deployment, name), State: 'CANCELLING' };
}
