import type { Deployment } from '../../shared/arns.js';
import { busErrors } from '../bus-errors.js';
import { list, required as requiredMember, string, structure } from '../validation/shapes.js';
import type { BusEvent } from './bus-event.js';
import { readDetail, type EventDetail } from './detail-text.js';
import type { JsonValue } from '../input/json-value.js';

/** PutEventsRequestEntry (Time is read apart: the shape language has no timestamps). */
const entryShape = structure({
  Source: string(),
  Resources: list(string()),
  DetailType: string(),
  Detail: string(),
  EventBusName: string({ min: 1, max: 1600, pattern: '(arn:aws[\\w-]*:events:[a-z]+-[a-z]+-[\\w-]+:[0-9]{12}:event-bus\\/)?[\\.\\-_A-Za-z0-9]+' }),
  TraceHeader: string({ min: 1, max: 500 }),
});

/** PutEvents' request shape: what putEvents and putOnBus check their entries against. */
export const putEventsShape = structure({
  Entries: requiredMember(list(entryShape, { min: 1, max: 10 })),
  EndpointId: string({ min: 1, max: 50, pattern: '^[A-Za-z0-9\\-]+[\\.][A-Za-z0-9\\-]+$' }),
});

/** A PutEvents entry after the request's shape check (Time read separately: epoch milliseconds). */
export interface PutEventsEntry {
  readonly Source?: string;
  readonly DetailType?: string;
  readonly Detail?: string;
  readonly Resources?: readonly string[];
  readonly EventBusName?: string;
  readonly TraceHeader?: string;
  readonly Time?: number;
}

/** A per-entry failure, answered at the entry's index (the request itself succeeds). */
export interface EntryError {
  readonly ErrorCode: string;
  readonly ErrorMessage: string;
}

export type CheckedEntry = { readonly ok: true; readonly detail: EventDetail } | { readonly ok: false; readonly error: EntryError };

/** The request limit on summed entry sizes: 256 KB in the model's text, 1 MB since 2026-01 (SEMANTICS C.2). */
export const DEFAULT_MAX_PUT_EVENTS_BYTES = 1024 * 1024;

/** DetailType: "Free-form string, with a maximum of 128 characters" (model documentation). */
const MAX_DETAIL_TYPE = 128;
/** Bytes an entry's Time adds to its size (eb-putevents, "Calculating PutEvents event entry size"). */
const TIME_BYTES = 14;
/** RFC 3339 has four-digit years. */
const MIN_TIME = Date.parse('0000-01-01T00:00:00Z');
const MAX_TIME = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

const required = (member: string): EntryError => ({
  ErrorCode: 'InvalidArgument',
  ErrorMessage: `Parameter ${member} is not valid. Reason: ${member} is a required argument.`,
});

/**
 * An entry's size as EventBridge counts it against the request limit: 14 bytes for a Time, plus the
 * UTF-8 bytes of Source, DetailType, Detail and each resource (EventBusName and TraceHeader not counted).
 */
export function entrySize(entry: PutEventsEntry): number {
  let size = entry.Time === undefined ? 0 : TIME_BYTES;
  if (entry.Source !== undefined) size += Buffer.byteLength(entry.Source);
  if (entry.DetailType !== undefined) size += Buffer.byteLength(entry.DetailType);
  if (entry.Detail !== undefined) size += Buffer.byteLength(entry.Detail);
  for (const resource of entry.Resources ?? []) size += Buffer.byteLength(resource);
  return size;
}

/** Refuses the request whole when its entries together exceed the limit (`maxBytes`, default 1 MiB). */
export function checkTotalSize(entries: readonly PutEventsEntry[], maxBytes = DEFAULT_MAX_PUT_EVENTS_BYTES): void {
  let total = 0;
  for (const entry of entries) total += entrySize(entry);
  if (total > maxBytes) throw busErrors.validation('Total size of the entries in the request is over the limit.');
}

/**
 * Checks one entry as EventBridge does, each failing alone (SEMANTICS C.2): Source, DetailType and
 * Detail are required (observed messages; an empty string counts as missing, unconfirmed), then the
 * DetailType's length, the `aws.` sources only AWS services may use, and a Detail that is a JSON object.
 * Observed: the three "required" failures and MalformedDetail. Unconfirmed, ours: the order between
 * checks, the DetailType length and Time messages, and `NotAuthorizedForSourceException` (the model's
 * code for "You do not have permissions to publish events with this source onto this event bus").
 */
export function checkEntry(entry: PutEventsEntry, parsedDetail?: JsonValue): CheckedEntry {
  const fail = (error: EntryError): CheckedEntry => ({ ok: false, error });
  if (!entry.Source) return fail(required('Source'));
  if (!entry.DetailType) return fail(required('DetailType'));
  if (!entry.Detail) return fail(required('Detail'));
  if (entry.DetailType.length > MAX_DETAIL_TYPE) {
    return fail({
      ErrorCode: 'InvalidArgument',
      ErrorMessage: `Parameter DetailType is not valid. Reason: DetailType must be at most ${MAX_DETAIL_TYPE} characters long.`,
    });
  }
  if (entry.Time !== undefined && !(entry.Time >= MIN_TIME && entry.Time <= MAX_TIME)) {
    return fail({ ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Time is not valid. Reason: Time is out of range.' });
  }
  if (entry.Source.startsWith('aws.')) {
    return fail({ ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' });
  }
  const detail = readDetail(entry.Detail, parsedDetail);
  if (!detail) return fail({ ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' });
  return { ok: true, detail };
}

/**
 * The event an entry `checkEntry` accepted becomes, with the new id it is answered with: Time (default
 * `now`) cut to whole seconds, as events carry them — the envelope's time, and the time archives and
 * replays select by.
 */
export function entryEvent(entry: PutEventsEntry, detail: EventDetail, id: string, d: Deployment, now: number): BusEvent {
  return {
    id,
    detailType: entry.DetailType!,
    source: entry.Source!,
    account: d.account,
    time: Math.floor((entry.Time ?? now) / 1000) * 1000,
    region: d.region,
    resources: entry.Resources ?? [],
    detail: detail.detail,
    detailJson: detail.json,
  };
}
