import { randomUUID } from 'node:crypto';
import { coralErrors } from '../../shared/service-error.js';
import { busNameOf } from '../bus-arns.js';
import type { BusContext } from '../bus-context.js';
import { busErrors } from '../bus-errors.js';
import type { BusEvent } from '../events/bus-event.js';
import { checkEntry, entrySize, type EntryError, type PutEventsEntry } from '../events/put-events-entry.js';
import type { BusEvents } from '../routing/event-router.js';
import { checkRequest } from '../validation/check-request.js';
import { list, required, string, structure } from '../validation/shapes.js';

/** The request limit on summed entry sizes: 256 KB in the model's text, 1 MB since 2026-01 (SEMANTICS C.2). */
export const DEFAULT_MAX_PUT_EVENTS_BYTES = 1024 * 1024;

/** PutEventsRequestEntry (Time is read apart: the shape language has no timestamps). */
const entryShape = structure({
  Source: string(),
  Resources: list(string()),
  DetailType: string(),
  Detail: string(),
  EventBusName: string({ min: 1, max: 1600, pattern: '(arn:aws[\\w-]*:events:[a-z]+-[a-z]+-[\\w-]+:[0-9]{12}:event-bus\\/)?[\\.\\-_A-Za-z0-9]+' }),
  TraceHeader: string({ min: 1, max: 500 }),
});

const shape = structure({
  Entries: required(list(entryShape, { min: 1, max: 10 })),
  EndpointId: string({ min: 1, max: 50, pattern: '^[A-Za-z0-9\\-]+[\\.][A-Za-z0-9\\-]+$' }),
});

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
  const request = checkRequest<{ Entries: PutEventsEntry[] }>(input, shape);
  const entries = request.Entries.map((entry, i) => (times[i] === undefined ? entry : { ...entry, Time: times[i] }));
  const maxBytes = ctx.maxPutEventsBytes ?? DEFAULT_MAX_PUT_EVENTS_BYTES;
  let total = 0;
  for (const entry of entries) total += entrySize(entry);
  if (total > maxBytes) throw busErrors.validation('Total size of the entries in the request is over the limit.');

  const now = ctx.clock.now();
  const batches = new Map<string, BusEvent[]>();
  const results: ResultEntry[] = entries.map((entry) => {
    const checked = checkEntry(entry);
    if (!checked.ok) return checked.error;
    const id = randomUUID();
    const bus = busNameOf(ctx.deployment, entry.EventBusName);
    if (bus === undefined) return { EventId: id };
    const event: BusEvent = {
      id,
      detailType: entry.DetailType!,
      source: entry.Source!,
      account: ctx.deployment.account,
      // Events carry whole seconds: the envelope's time, and the time archives and replays select by.
      time: Math.floor((entry.Time ?? now) / 1000) * 1000,
      region: ctx.deployment.region,
      resources: entry.Resources ?? [],
      detail: checked.detail.detail,
      detailJson: checked.detail.json,
    };
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
