import { busNameOf } from '../../bus/bus-arns.js';
import type { BusContext } from '../../bus/bus-context.js';
import type { BusEvent } from '../../bus/events/bus-event.js';
import { busEventOf, type BusEntry } from '../../bus/routing/put-on-bus.js';

/**
 * Puts a batch's events on one bus in one accept (one routing, one durable write), each entry checked
 * as putOnBus checks a one-entry PutEvents (shape, size limit, the entry's own checks, in that order).
 * The entries before the first refused one are put, then its refusal is thrown with its index; a
 * storage error puts none. Why not one putOnBus per entry: each is a commit of its own, and a pipe
 * batch waited on ten of them in turn (3–5k records/s instead of the tens of thousands one commit
 * per batch gives, bench/pipes.mjs).
 */
export async function putBatchOnBus(ctx: BusContext, bus: string, entries: readonly BusEntry[]): Promise<void> {
  const now = ctx.clock.now();
  const name = busNameOf(ctx.deployment, bus);
  const events: BusEvent[] = [];
  let refused: { readonly index: number; readonly error: unknown } | undefined;
  for (const [index, entry] of entries.entries()) {
    try {
      const { event } = busEventOf(ctx, entry, now, bus);
      if (name !== undefined) events.push(event);
    } catch (error) {
      refused = { index, error };
      break;
    }
  }
  // A bus that does not exist (or another account's or region's) drops its events, as PutEvents does.
  if (name !== undefined && events.length > 0) await ctx.router.accept([{ bus: name, events }], now);
  if (refused) throw new BatchEntryRefusedError(refused.index, refused.error);
}

/** Entry `index` of a batch was refused (a ServiceError or EntryRefusedError, as putOnBus throws them); those before it were put. */
export class BatchEntryRefusedError extends Error {
  readonly index: number;
  readonly refusal: unknown;
  constructor(index: number, refusal: unknown) {
    super(refusal instanceof Error ? refusal.message : String(refusal));
    this.index = index;
    this.refusal = refusal;
  }
}
