import { busNameOf } from '../bus-arns.js';
import type { BusContext } from '../bus-context.js';
import { checkEntry, checkTotalSize, entryEvent, putEventsShape, type PutEventsEntry } from '../events/put-events-entry.js';
import { checkRequest } from '../validation/check-request.js';
import { randomUuid } from '../../shared/random-uuid.js';
import type { BusEvent } from '../events/bus-event.js';
import type { JsonValue } from '../input/json-value.js';

/** One event for a bus, with what a PutEvents entry carries. */
export interface BusEntry {
  /** The bus's name or ARN (EventBusName); default `default`. */
  readonly bus?: string;
  readonly source: string;
  readonly detailType: string;
  /** JSON text of an object. */
  readonly detail: string;
  /** JSON.parse(detail), when the caller has it already (it is then not parsed again); never changed afterwards. */
  readonly parsedDetail?: JsonValue;
  readonly resources?: readonly string[];
  /** Epoch milliseconds; default the clock's now. */
  readonly time?: number;
}

/** PutEvents would have answered the entry with this ErrorCode and ErrorMessage: nothing was put. */
export class EntryRefusedError extends Error {
  readonly errorCode: string;
  readonly errorMessage: string;
  constructor(errorCode: string, errorMessage: string) {
    super(`${errorCode}: ${errorMessage}`);
    this.name = 'EntryRefusedError';
    this.errorCode = errorCode;
    this.errorMessage = errorMessage;
  }
}

/**
 * Puts one event on a bus as PutEvents puts a one-entry request (how other contexts reach a bus, never
 * through the wire operation): the same checks in the same order — the request's shape and size limit
 * (a ServiceError, as PutEvents throws them), then the entry's own (EntryRefusedError, where PutEvents
 * answers the entry with an error) — then matched against the bus's rules and archives and stored,
 * durable before this resolves with the event's id. An event for a bus that does not exist (or a bus
 * ARN of another account or region) gets an id and is dropped, as PutEvents drops it.
 */
export async function putOnBus(ctx: BusContext, entry: BusEntry): Promise<string> {
  const now = ctx.clock.now();
  const { bus, event } = busEventOf(ctx, entry, now);
  if (bus !== undefined) await ctx.router.accept([{ bus, events: [event] }], now);
  return event.id;
}

/**
 * The event `entry` becomes, checked as putOnBus checks it (throwing what it throws), with a new id,
 * and the bus it goes to (undefined: none, the event is dropped): for callers that put several entries
 * in one accept. `bus` names the bus in place of entry.bus.
 */
export function busEventOf(ctx: BusContext, entry: BusEntry, now: number, bus = entry.bus): { readonly bus: string | undefined; readonly event: BusEvent } {
  // Built member by member: conditional spreads here were most of a pipe batch's per-event cost (bench:pipes profile).
  const wire: Record<string, unknown> =
    bus === undefined
      ? { Source: entry.source, DetailType: entry.detailType, Detail: entry.detail }
      : { EventBusName: bus, Source: entry.source, DetailType: entry.detailType, Detail: entry.detail };
  if (entry.resources !== undefined) wire['Resources'] = entry.resources;
  const [checkedEntry] = checkRequest<{ Entries: PutEventsEntry[] }>({ Entries: [wire] }, putEventsShape).Entries;
  const put: PutEventsEntry = entry.time === undefined ? checkedEntry! : { ...checkedEntry, Time: entry.time };
  checkTotalSize([put], ctx.maxPutEventsBytes);
  const checked = checkEntry(put, entry.parsedDetail);
  if (!checked.ok) throw new EntryRefusedError(checked.error.ErrorCode, checked.error.ErrorMessage);
  return { bus: busNameOf(ctx.deployment, put.EventBusName), event: entryEvent(put, checked.detail, randomUuid(), ctx.deployment, now) };
}
