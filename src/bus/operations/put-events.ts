import { randomUuid } from '../../shared/random-uuid.js';
import { coralErrors } from '../../shared/service-error.js';
import { busNameOf } from '../bus-arns.js';
import type { BusContext } from '../bus-context.js';
import type { BusEvent } from '../events/bus-event.js';
import { checkEntry, checkTotalSize, entryEvent, putEventsShape, type EntryError, type PutEventsEntry } from '../events/put-events-entry.js';
import type { BusEvents } from '../routing/event-router.js';
import { checkRequest } from '../validation/check-request.js';

type ResultEntry = { EventId: string } | EntryError;

/**
 * PutEvents (SEMANTICS C.2, C.3): 1–10 entries, each accepted or failed on its own, answered at its
 * index with FailedEntryCount; the request fails whole only on its shape or when the entries together
 * exceed the size limit. An accepted entry becomes an event with a new id (its EventId), matched
 * against its bus's rules and archives; the deliveries and archive entries are on disk before this
 * answers. An entry for a bus that does not exist (or a bus ARN of another account or region) is
 * answered with an EventId and dropped, as AWS does.
 */
export async function putEvents(ctx: BusContext, input: Record<string, unknown>): Promise<unknown> {
  const times = readTimes(input);
  const request = checkRequest<{ Entries: PutEventsEntry[] }>(input, putEventsShape);
  const entries = request.Entries.map((entry, i) => (times[i] === undefined ? entry : { ...entry, Time: times[i] }));
  checkTotalSize(entries, ctx.maxPutEventsBytes);

  const now = ctx.clock.now();
  const batches = new Map<string, BusEvent[]>();
  const results: ResultEntry[] = entries.map((entry) => {
    const checked = checkEntry(entry);
    if (!checked.ok) return checked.error;
    const id = randomUuid();
    const bus = busNameOf(ctx.deployment, entry.EventBusName);
    if (bus === undefined) return { EventId: id };
    const event = entryEvent(entry, checked.detail, id, ctx.deployment, now);
    let events = batches.get(bus);
    if (!events) batches.set(bus, (events = []));
    events.push(event);
    return { EventId: id };
  });
  if (batches.size > 0) {
    const byBus: BusEvents[] = [...batches].map(([bus, events]) => ({ bus, events }));
    await ctx.router.accept(byBus, now);
  }
  return { FailedEntryCount: results.filter((result) => !('EventId' in result)).length, Entries: results };
}

/**
 * Each entry's Time (a timestamp: epoch seconds on the wire, as the SDKs send it) in epoch
 * milliseconds. A Time of another JSON type is a SerializationException, raised before any constraint
 * is checked, as coral does; a non-list Entries or non-object entry is left to checkRequest.
 */
function readTimes(input: Record<string, unknown>): (number | undefined)[] {
  const entries = input['Entries'];
  if (!Array.isArray(entries)) return [];
  return entries.map((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry) || !Object.hasOwn(entry, 'Time')) return undefined;
    const time = (entry as Record<string, unknown>)['Time'];
    if (time === null || time === undefined) return undefined;
    if (typeof time !== 'number') throw coralErrors.serialization(notATimestamp(time));
    return time * 1000;
  });
}

function notATimestamp(value: unknown): string {
  if (Array.isArray(value)) return 'Start of list found where not expected';
  if (typeof value === 'object') return 'Start of structure or map found where not expected';
  return `${typeof value === 'string' ? 'STRING_VALUE' : 'BOOLEAN_VALUE'} can not be converted to a Timestamp`;
}
